/**
 * A certificate for someone without SPID: codice fiscale, health card number and
 * the code the SMS carried. Every mismatch (no such person, wrong card, wrong or
 * expired code) is the same answer, after the same work, so an attempt learns
 * nothing; the route rate-limits the attempts (a code has 50 bits). Each attempt
 * is in the access log: the successful read under the holder, the others as denied.
 */
import { summaryOf, type CertificateSummary } from './access.ts';
import type { EventsRepository } from './events-repository.ts';
import type { IssuanceService } from './issuance.ts';
import { qrPng } from './render/qr.ts';
import { hashRetrievalCode, newRetrievalCode, retrievalCodeMatches } from './retrieval-code.ts';
import type { RevocationService } from './revocation.ts';
import { parseFiscalCode, type FiscalCode } from '../registry/identifiers.ts';
import { isDomainError, notFound } from '../shared/errors.ts';
import type { AuditSink } from '../shared/principal.ts';

export type RetrievalInput = { fiscalCode: string; healthCardNumber: string; code: string };
export type Retrieved = { certificate: CertificateSummary; png: Buffer; pdf: Uint8Array };

export type RetrievalDeps = {
  events: Pick<EventsRepository, 'holderByCard'>;
  issuance: Pick<IssuanceService, 'findByRetrievalCode' | 'pdf'>;
  revocations: Pick<RevocationService, 'revokedAmong'>;
  audit: AuditSink;
};

const noMatch = () => notFound('certificates.retrieval_no_match', 'No certificate matches these details. Check the codice fiscale, the health card number and the code in the SMS.');

function fiscalCodeOrNull(input: string): FiscalCode | null {
  try {
    return parseFiscalCode(input);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

export function certificateRetrieval(deps: RetrievalDeps) {
  // A hash to check the code against when the person does not match, so that a
  // wrong card costs the same scrypt work as a wrong code (no timing difference).
  let decoy: Promise<string> | null = null;
  const decoyHash = (): Promise<string> => (decoy ??= hashRetrievalCode(newRetrievalCode()));

  return {
    async retrieve(input: RetrievalInput, requestId: string): Promise<Retrieved> {
      const fiscalCode = fiscalCodeOrNull(input.fiscalCode);
      const holder = fiscalCode === null ? null : await deps.events.holderByCard(fiscalCode, input.healthCardNumber.replace(/\s+/g, ''));
      const certificate = holder === null || fiscalCode === null ? null : await deps.issuance.findByRetrievalCode(fiscalCode, input.code);
      if (holder === null) await retrievalCodeMatches(input.code, await decoyHash());
      if (certificate === null || holder === null) {
        await deps.audit.record({ principal: null, action: 'read', resourceType: 'DccCertificate', resourceId: null, subjectCitizenId: null, purpose: 'green-pass:retrieval-code', outcome: 'denied', requestId });
        throw noMatch();
      }
      const revoked = (await deps.revocations.revokedAmong([certificate.uvci])).has(certificate.uvci);
      const [png, pdf] = await Promise.all([qrPng(certificate.hc1), deps.issuance.pdf(certificate.uvci)]);
      await deps.audit.record({ principal: null, action: 'read', resourceType: 'DccCertificate', resourceId: certificate.uvci, subjectCitizenId: holder.citizenId, purpose: 'green-pass:retrieval-code', outcome: 'success', requestId });
      return { certificate: summaryOf(certificate, revoked), png, pdf };
    },
  };
}

export type CertificateRetrieval = ReturnType<typeof certificateRetrieval>;
