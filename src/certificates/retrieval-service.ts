/**
 * A certificate for someone without SPID: codice fiscale, health card number and
 * the code the SMS carried. Every mismatch (no such person, wrong card, wrong or
 * expired code) is the same answer, after the same work, so an attempt learns
 * nothing; the route rate-limits the attempts (a code has 50 bits). Each attempt
 * is in the access log: the successful read under the holder, the others as denied.
 *
 * The same work: both lookups run for any codice fiscale (a malformed one looks up
 * nobody), and the code is checked with scrypt at least once. The probe of issue 16
 * timed 18.7 ms for a person without a certificate (no scrypt) against 85.6 ms for an
 * unknown codice fiscale (scrypt on a decoy): a person without a certificate, or
 * with a card that does not match, is now checked against the decoy as well. Only
 * the holder (the right card) costs one check per unexpired certificate, and every
 * one is checked, so that the time does not tell which one matched.
 */
import { summaryOf, type CertificateSummary } from './access.ts';
import type { EventsRepository } from './events-repository.ts';
import type { IssuanceService, IssuedCertificate } from './issuance.ts';
import { qrPng } from './render/qr.ts';
import { hashRetrievalCode, newRetrievalCode, retrievalCodeMatches } from './retrieval-code.ts';
import type { RevocationService } from './revocation-service.ts';
import { parseFiscalCode } from '../shared/identifiers.ts';
import { isDomainError, notFound } from '../shared/errors.ts';
import type { AuditSink } from '../shared/principal.ts';

export type RetrievalInput = { fiscalCode: string; healthCardNumber: string; code: string };
export type Retrieved = { certificate: CertificateSummary; png: Buffer; pdf: Uint8Array };

export type RetrievalDeps = {
  events: Pick<EventsRepository, 'holderByCard'>;
  issuance: Pick<IssuanceService, 'retrievalCandidates' | 'pdf'>;
  revocations: Pick<RevocationService, 'revokedAmong'>;
  audit: AuditSink;
  /** The scrypt check of a typed code against a stored hash (retrieval-code.ts); a test counts the calls. */
  codeMatches?: (input: string, stored: string) => Promise<boolean>;
};

const noMatch = () =>
  notFound(
    'certificates.retrieval_no_match',
    'No certificate matches these details. Check the codice fiscale, the health card number and the code in the SMS.',
  );

/** A lookup key that no codice fiscale equals (they have 16 characters), for a malformed input. */
const NOBODY = '-';

function fiscalCodeOrNobody(input: string): string {
  try {
    return parseFiscalCode(input);
  } catch (error) {
    if (isDomainError(error)) return NOBODY;
    throw error;
  }
}

export function certificateRetrieval(deps: RetrievalDeps) {
  const codeMatches = deps.codeMatches ?? retrievalCodeMatches;
  // The hash checked when there is no certificate of the holder to check: made once, at start,
  // so that the first miss does not cost a second scrypt either.
  const decoy = hashRetrievalCode(newRetrievalCode());
  decoy.catch(() => undefined); // a failure is the request's to report, not an unhandled rejection at start

  /** Checks the code against every candidate (or the decoy when none): no early exit. */
  async function matching(
    code: string,
    candidates: readonly { certificate: IssuedCertificate; codeHash: string }[],
  ): Promise<IssuedCertificate | null> {
    if (candidates.length === 0) {
      await codeMatches(code, await decoy);
      return null;
    }
    let found: IssuedCertificate | null = null;
    for (const candidate of candidates) {
      if ((await codeMatches(code, candidate.codeHash)) && found === null) found = candidate.certificate;
    }
    return found;
  }

  return {
    async retrieve(input: RetrievalInput, requestId: string): Promise<Retrieved> {
      const fiscalCode = fiscalCodeOrNobody(input.fiscalCode);
      const holder = await deps.events.holderByCard(fiscalCode, input.healthCardNumber.replace(/\s+/g, ''));
      const candidates = await deps.issuance.retrievalCandidates(fiscalCode);
      // Only the holder of the card may open the certificates of this codice fiscale.
      const certificate = await matching(input.code, holder === null ? [] : candidates);
      if (certificate === null || holder === null) {
        await deps.audit.record({
          principal: null,
          action: 'read',
          resourceType: 'DccCertificate',
          resourceId: null,
          subjectCitizenId: null,
          purpose: 'green-pass:retrieval-code',
          outcome: 'denied',
          requestId,
        });
        throw noMatch();
      }
      const revoked = (await deps.revocations.revokedAmong([certificate.uvci])).has(certificate.uvci);
      const [png, pdf] = await Promise.all([qrPng(certificate.hc1), deps.issuance.pdf(certificate.uvci)]);
      await deps.audit.record({
        principal: null,
        action: 'read',
        resourceType: 'DccCertificate',
        resourceId: certificate.uvci,
        subjectCitizenId: holder.citizenId,
        purpose: 'green-pass:retrieval-code',
        outcome: 'success',
        requestId,
      });
      return { certificate: summaryOf(certificate, revoked), png, pdf };
    },
  };
}

export type CertificateRetrieval = ReturnType<typeof certificateRetrieval>;
