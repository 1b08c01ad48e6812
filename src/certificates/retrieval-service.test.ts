/**
 * Issue 16 (Low): the retrieval by SMS code was a timing oracle. Not timed here (no
 * wall clock): every mismatch must do the same expensive operations in the same order,
 * counted with spies on the lookups and on the scrypt check.
 */
import { describe, expect, it } from 'vitest';
import type { IssuedCertificate } from './issuance.ts';
import { certificateRetrieval, type RetrievalInput } from './retrieval-service.ts';
import { hashRetrievalCode, newRetrievalCode, retrievalCodeMatches } from './retrieval-code.ts';

const PERSON = { fiscalCode: 'BNCGNN38S02F205I', card: '80380999000000000030', citizenId: 7 };
const certificate = {
  uvci: 'URN:UVCI:01:IT:ABC#X',
  type: 't',
  fiscalCode: PERSON.fiscalCode,
  payload: {},
  hc1: 'HC1:x',
  kid: 'k',
  issuedAt: new Date(),
  expiresAt: new Date(),
  sourceRef: 'r',
} as unknown as IssuedCertificate;

async function world(options: { personExists: boolean; certificates: number }) {
  const calls: string[] = [];
  const code = newRetrievalCode();
  const hashes = await Promise.all(Array.from({ length: options.certificates }, () => hashRetrievalCode(code)));
  const retrieval = certificateRetrieval({
    events: {
      holderByCard: (fiscalCode, card) => {
        calls.push('holderByCard');
        const found = options.personExists && fiscalCode === PERSON.fiscalCode && card === PERSON.card;
        return Promise.resolve(
          found
            ? {
                citizenId: PERSON.citizenId,
                fiscalCode,
                givenName: 'E',
                familyName: 'P',
                birthDate: '1924-01-15',
                mobilePhone: null,
              }
            : null,
        );
      },
    },
    issuance: {
      retrievalCandidates: (fiscalCode) => {
        calls.push('retrievalCandidates');
        return Promise.resolve(
          fiscalCode === PERSON.fiscalCode ? hashes.map((codeHash) => ({ certificate, codeHash })) : [],
        );
      },
      pdf: () => Promise.resolve(new Uint8Array()),
    },
    revocations: { revokedAmong: () => Promise.resolve(new Set<string>()) },
    audit: {
      record: () => {
        calls.push('audit');
        return Promise.resolve();
      },
      recordEach: () => {
        calls.push('audit');
        return Promise.resolve();
      },
    },
    codeMatches: (input, stored) => {
      calls.push('scrypt');
      return retrievalCodeMatches(input, stored);
    },
  });
  /** The operations one attempt did, and its answer's problem code. */
  const attempt = async (input: RetrievalInput): Promise<{ calls: string[]; answer: string }> => {
    calls.length = 0;
    const answer = await retrieval.retrieve(input, 'req').then(
      () => 'found',
      (error: unknown) => (error as { code?: string }).code ?? 'error',
    );
    return { calls: [...calls], answer };
  };
  return { code, attempt };
}

describe('retrieval by SMS code', () => {
  it(
    'does the same lookups and one scrypt check for an unknown, a ' +
      'malformed, a certificate-less or a wrong-card codice fiscale',
    async () => {
      const wrongCode = 'ABCDE-12345';
      const withoutCertificate = await world({ personExists: true, certificates: 0 });
      const withCertificate = await world({ personExists: true, certificates: 1 });
      const attempts = {
        unknown: await withoutCertificate.attempt({
          fiscalCode: 'RSSMRA38T03F205N',
          healthCardNumber: PERSON.card,
          code: wrongCode,
        }),
        malformed: await withoutCertificate.attempt({
          fiscalCode: 'RSSMRA38T03F205X',
          healthCardNumber: PERSON.card,
          code: wrongCode,
        }),
        noCertificate: await withoutCertificate.attempt({
          fiscalCode: PERSON.fiscalCode,
          healthCardNumber: PERSON.card,
          code: wrongCode,
        }),
        wrongCard: await withCertificate.attempt({
          fiscalCode: PERSON.fiscalCode,
          healthCardNumber: '80380999000000000048',
          code: withCertificate.code,
        }),
        wrongCode: await withCertificate.attempt({
          fiscalCode: PERSON.fiscalCode,
          healthCardNumber: PERSON.card,
          code: wrongCode,
        }),
      };
      const expected = {
        calls: ['holderByCard', 'retrievalCandidates', 'scrypt', 'audit'],
        answer: 'certificates.retrieval_no_match',
      };
      for (const [path, seen] of Object.entries(attempts)) expect(seen, path).toEqual(expected);
      // The codice fiscale and the card above are the holder's: the right code opens the certificate.
      const right = await withCertificate.attempt({
        fiscalCode: PERSON.fiscalCode,
        healthCardNumber: PERSON.card,
        code: withCertificate.code,
      });
      expect(right.answer).toBe('found');
    },
  );

  it('checks the code against every certificate of the holder, also after a match, and finds it', async () => {
    const { code, attempt } = await world({ personExists: true, certificates: 3 });
    const right = await attempt({ fiscalCode: PERSON.fiscalCode, healthCardNumber: PERSON.card, code });
    expect(right).toEqual({
      calls: ['holderByCard', 'retrievalCandidates', 'scrypt', 'scrypt', 'scrypt', 'audit'],
      answer: 'found',
    });
    const wrong = await attempt({ fiscalCode: PERSON.fiscalCode, healthCardNumber: PERSON.card, code: 'ABCDE-12345' });
    expect(wrong.calls.filter((c) => c === 'scrypt')).toHaveLength(3);
  });
});
