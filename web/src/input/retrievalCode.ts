// The code of a Green Pass SMS (src/certificates/retrieval-code.ts): 10 Crockford
// base32 characters shown as "ABCDE-12345". Spaces and dashes are ignored, and
// the letters people confuse with digits (O, I, L) are read as 0 and 1, as the server does.
import type { FieldCheck } from './check.ts';

export const retrievalCodeLength = 10;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]*$/;

export function normalizeRetrievalCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function checkRetrievalCode(input: string): FieldCheck {
  const code = normalizeRetrievalCode(input);
  if (code === '') return 'empty';
  if (!CROCKFORD.test(code) || code.length > retrievalCodeLength) return 'invalid';
  return code.length < retrievalCodeLength ? 'incomplete' : 'ok';
}
