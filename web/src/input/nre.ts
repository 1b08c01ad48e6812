// The e-prescription number (NRE, Numero di Ricetta Elettronica): 15 letters and
// digits, printed on the slip the citizen brings to the pharmacy (Salus's are
// "030A" + 11 digits). The server checks it again, with the codice fiscale.
import type { FieldCheck } from './check.ts';

export const nreLength = 15;

/** Upper case, no spaces: the slip prints it in groups. */
export function normalizeNre(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function checkNre(raw: string): FieldCheck {
  const nre = normalizeNre(raw);
  if (nre === '') return 'empty';
  if (!/^[0-9A-Z]*$/.test(nre) || nre.length > nreLength) return 'invalid';
  return nre.length < nreLength ? 'incomplete' : 'ok';
}
