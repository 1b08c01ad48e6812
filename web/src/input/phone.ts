// Mobile numbers as people type them ("333 123 4567", "+39 333…", "0039…"),
// with the server's rule: an Italian mobile starts with 3 and has 9-10 digits;
// a foreign one is any E.164 number.
import type { FieldCheck } from './check.ts';

/** Removes spaces, dots, dashes and brackets, and turns a leading 00 into +. */
function compact(raw: string): string {
  const phone = raw.replace(/[\s().-]/g, '');
  return phone.startsWith('00') ? `+${phone.slice(2)}` : phone;
}

/** The number in E.164 (+39…) when it is valid, otherwise null. */
export function toE164(raw: string): string | null {
  let phone = compact(raw);
  if (/^3\d{8,9}$/.test(phone)) phone = `+39${phone}`;
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) return null;
  if (phone.startsWith('+39') && !/^\+393\d{8,9}$/.test(phone)) return null;
  return phone;
}

export function checkPhone(raw: string): FieldCheck {
  const phone = compact(raw);
  if (phone === '') return 'empty';
  if (!/^\+?\d*$/.test(phone) || phone.startsWith('+0')) return 'invalid';
  if (toE164(phone) !== null) return 'ok';
  const national = phone.startsWith('+39') ? phone.slice(3) : phone.startsWith('+') ? null : phone;
  // A foreign number: complete from 7 digits, E.164 allows at most 15.
  if (national === null) return phone.length - 1 > 15 ? 'invalid' : 'incomplete';
  // An Italian number must be a mobile (3…) of at most 10 digits: a landline
  // or a typo is wrong at once.
  if (national !== '' && (!national.startsWith('3') || national.length > 10)) return 'invalid';
  return 'incomplete';
}

/** The 6-digit code from the SMS; spaces are ignored. */
export function normalizeSmsCode(raw: string): string {
  return raw.replace(/\s+/g, '');
}

export function checkSmsCode(raw: string): FieldCheck {
  const code = normalizeSmsCode(raw);
  if (code === '') return 'empty';
  if (!/^\d+$/.test(code) || code.length > 6) return 'invalid';
  return code.length < 6 ? 'incomplete' : 'ok';
}

/** An E.164 number grouped for reading: +39 333 000 0001 for Italian mobiles. */
export function displayPhone(e164: string): string {
  const italian = /^\+39(3\d{2})(\d{3})(\d{3,4})$/.exec(e164);
  return italian ? `+39 ${italian[1] ?? ''} ${italian[2] ?? ''} ${italian[3] ?? ''}` : e164;
}
