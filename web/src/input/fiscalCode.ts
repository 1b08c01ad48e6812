// The codice fiscale, checked in the browser as it is typed: its shape and its
// check character (DM 23/12/1976, art. 7 of the published rule: characters in
// odd positions and in even positions get values from two tables, the sum mod 26
// is the check letter). The server checks it again, and whether it exists.
import type { FieldCheck } from './check.ts';

export const fiscalCodeLength = 16;

/** Upper case, no spaces: how people often copy a codice fiscale. */
export function normalizeFiscalCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

// Six letters for surname and name, year, month letter, day, birthplace, check
// letter. Digit positions may hold letters (omocodia: codes changed to keep
// two people apart), hence [0-9LMNPQRSTUV].
const shape = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

// Table for characters in odd positions (1st, 3rd, … 15th): digits count as the
// letter at the same index (0 as A, 1 as B, …).
const oddTable = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Index 0-25 of a letter, or of a digit read as the letter at the same index. */
function indexOf(char: string): number {
  const code = char.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 65;
}

/** The 16th character, computed from the first 15. */
export function fiscalCodeCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < first15.length; i++) {
    const index = indexOf(first15.charAt(i));
    // Positions are counted from 1, so index 0 is an "odd" position. Even
    // positions are worth the character's own index.
    sum += i % 2 === 0 ? (oddTable[index] ?? 0) : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

export function checkFiscalCode(raw: string): FieldCheck {
  const code = normalizeFiscalCode(raw);
  if (code === '') return 'empty';
  if (code.length < fiscalCodeLength && /^[A-Z0-9]*$/.test(code)) return 'incomplete';
  if (!shape.test(code)) return 'invalid';
  return fiscalCodeCheckChar(code.slice(0, 15)) === code.charAt(15) ? 'ok' : 'invalid';
}
