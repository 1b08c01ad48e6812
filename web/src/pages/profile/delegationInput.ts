// Client-side checks of the "add a delegate" form, run as the person types.
// They catch typos early; the server still checks everything (and whether the
// codice fiscale and the card belong to the same person).

export type FieldCheck = 'empty' | 'incomplete' | 'invalid' | 'ok';

export const fiscalCodeLength = 16;
export const healthCardLength = 20;
/** Italian health cards (tessera sanitaria, TEAM) start with 80 (health) 380 (Italy). */
const healthCardPrefix = '80380';

/** Upper case, no spaces: how people often copy a codice fiscale. */
export function normalizeFiscalCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Digits only: the card number is printed in groups. */
export function normalizeHealthCard(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
}

// Six letters for surname and name, year, month letter, day, birthplace, check
// letter. Digit positions may hold letters (omocodia: codes changed to keep
// two people apart), hence [0-9LMNPQRSTUV].
const fiscalCodeShape = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

const oddValues: Record<string, number> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

function evenValue(char: string): number {
  return /[0-9]/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
}

/** The 16th character, computed from the first 15 (DM 23/12/1976). */
export function fiscalCodeCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < first15.length; i++) {
    const char = first15.charAt(i);
    // Positions are counted from 1, so index 0 is an "odd" position.
    sum += i % 2 === 0 ? (oddValues[char] ?? 0) : evenValue(char);
  }
  return String.fromCharCode(65 + (sum % 26));
}

export function checkFiscalCode(raw: string): FieldCheck {
  const code = normalizeFiscalCode(raw);
  if (code === '') return 'empty';
  if (code.length < fiscalCodeLength && /^[A-Z0-9]*$/.test(code)) return 'incomplete';
  if (!fiscalCodeShape.test(code)) return 'invalid';
  return fiscalCodeCheckChar(code.slice(0, 15)) === code.charAt(15) ? 'ok' : 'invalid';
}

/** Luhn (mod 10) check digit of a string of digits. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Double every second digit counting from the right of the body.
    let digit = Number(body.charAt(body.length - 1 - i));
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function checkHealthCard(raw: string): FieldCheck {
  const card = normalizeHealthCard(raw);
  if (card === '') return 'empty';
  if (!/^\d+$/.test(card)) return 'invalid';
  // A prefix that already differs from 80380 is wrong however it goes on.
  const prefix = card.slice(0, healthCardPrefix.length);
  if (!healthCardPrefix.startsWith(prefix)) return 'invalid';
  if (card.length < healthCardLength) return 'incomplete';
  if (card.length > healthCardLength) return 'invalid';
  return luhnCheckDigit(card.slice(0, -1)) === Number(card.charAt(healthCardLength - 1)) ? 'ok' : 'invalid';
}
