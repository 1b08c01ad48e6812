// The state of a field checked as the person types. Errors show as soon as a
// value cannot be right ('invalid'); 'empty' and 'incomplete' are said only once
// the person tries to go on, so nobody is scolded for not having finished.
export type FieldCheck = 'empty' | 'incomplete' | 'invalid' | 'ok';

/** The message to show for a check, or null when there is nothing wrong to say (yet). */
export function fieldMessage(
  check: FieldCheck,
  submitted: boolean,
  texts: { empty: string; incomplete: string; invalid: string },
): string | null {
  if (check === 'invalid') return texts.invalid;
  if (!submitted || check === 'ok') return null;
  return check === 'empty' ? texts.empty : texts.incomplete;
}
