// The tessera sanitaria (TEAM card) number: 20 digits starting with 80 (health)
// 380 (Italy), the last one a Luhn check digit. Checked as it is typed; the
// server checks that it belongs to the codice fiscale.
import type { FieldCheck } from './check.ts';

export const healthCardLength = 20;
const prefix = '80380';

/** Digits only: the card number is printed in groups. */
export function normalizeHealthCard(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
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
  // A start that already differs from 80380 is wrong however it goes on.
  if (!prefix.startsWith(card.slice(0, prefix.length))) return 'invalid';
  if (card.length < healthCardLength) return 'incomplete';
  if (card.length > healthCardLength) return 'invalid';
  return luhnCheckDigit(card.slice(0, -1)) === Number(card.charAt(healthCardLength - 1)) ? 'ok' : 'invalid';
}
