import { randomBytes, randomUUID } from 'node:crypto';
import type { DocumentInput } from '../../../src/records/mhd/build.ts';

/** A small PDF whose bytes differ at every call (a fresh document, not a replay). */
export const pdf = (text: string): Buffer =>
  Buffer.from(`%PDF-1.4\n% ${text}\n${randomBytes(64).toString('hex')}\n%%EOF\n`);

/** A laboratory report with a fresh masterIdentifier, for an ITI-65 submission. */
export const documentInput = (overrides: Partial<DocumentInput> = {}): DocumentInput => ({
  masterIdentifier: {
    system: 'urn:ietf:rfc:3986',
    value: `urn:oid:2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`,
  },
  docClass: 'REF',
  description: 'Referto di laboratorio',
  date: '2026-03-10T09:30:00+01:00',
  content: pdf('lab'),
  author: { given: 'Anna', family: 'Verdi' },
  ...overrides,
});

/** The id in a transaction-response location ("DocumentReference/<id>/_history/1"). */
export const idOf = (location: string | undefined): string => location?.split('/')[1] ?? '';

/** Polls `check` every 100 ms until it holds; fails after `ms`. */
export const waitFor = async (check: () => Promise<boolean>, ms = 15_000): Promise<void> => {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 100)))
    if (await check()) return;
  throw new Error('timed out');
};
