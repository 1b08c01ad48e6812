/**
 * Issuing certificates: one per recorded event (idempotent on the event's
 * reference), signed with Salus's DSC, stored with the HC1 string so the QR code
 * and PDF can be rendered again at any time.
 */
import { issueHc1 } from './codec/index.ts';
import type { CertificateType, DccPayload, SchemaValidator } from './codec/index.ts';
import type { SigningKeys } from './keys.ts';
import { buildPayload, certificateExpiry, consistencyProblems } from './payload.ts';
import type { IssueRequest } from './payload.ts';
import { certificatePdf } from './render/pdf.ts';
import { qrPng } from './render/qr.ts';
import type { AuditLog } from './log.ts';
import type { Labels } from './render/value-sets.ts';
import type { CertificateRow, CertificatesRepository } from './repository.ts';
import { hashRetrievalCode, newRetrievalCode, normalizeRetrievalCode, retrievalCodeMatches } from './retrieval-code.ts';
import { newUvci, parseUvci } from './uvci.ts';
import { withDbRetry } from '../db/retry.ts';
import type { Db } from '../db/tables.ts';
import type { CertificatesTables } from './db-types.ts';
import type { FiscalCode } from '../shared/identifiers.ts';
import { conflict, notFound, validationError } from '../shared/errors.ts';

export type IssuedCertificate = {
  uvci: string;
  type: CertificateType;
  fiscalCode: string;
  payload: DccPayload;
  hc1: string;
  kid: string;
  issuedAt: Date;
  expiresAt: Date;
  sourceRef: string;
};

export type IssueResult = {
  certificate: IssuedCertificate;
  /** False when this event already had its certificate, which is returned instead. */
  created: boolean;
  /** The SMS code, in clear this once (only its hash is stored); null when not created. */
  retrievalCode: string | null;
};

export type OnCreated = (
  trx: Db<CertificatesTables>,
  certificate: IssuedCertificate,
  retrievalCode: string,
) => Promise<void>;

export type IssuanceDeps = {
  repo: CertificatesRepository;
  keys: SigningKeys;
  schema: SchemaValidator;
  labels: Labels;
  /** The DCC `is` field: who issues, in words. */
  issuerName: string;
  now: () => Date;
  log: AuditLog;
};

export function issuanceService(deps: IssuanceDeps) {
  const kid = deps.keys.signer.kid.toString('base64');

  /** The stored certificate for this event, if the event is the same one; conflict if it changed. */
  function sameEventOrConflict(row: CertificateRow, request: IssueRequest): IssueResult {
    const again = buildPayload(request, row.uvci, deps.issuerName);
    if (
      row.type !== request.type ||
      row.fiscal_code !== request.subject.fiscalCode ||
      canonical(again) !== canonical(row.payload)
    ) {
      throw conflict(
        'certificates.source_changed',
        `A different certificate was already issued for ${request.sourceRef}. ` +
          `Revoke ${row.uvci} and issue the corrected one under a new reference.`,
      );
    }
    return { certificate: fromRow(row), created: false, retrievalCode: null };
  }

  /**
   * `onCreated` runs in the transaction that stores a new certificate (e.g. to put the
   * SMS with the retrieval code in the outbox): the code exists in clear only now,
   * so the message is sent if and only if the certificate is stored.
   */
  async function issueCertificate(request: IssueRequest, onCreated?: OnCreated): Promise<IssueResult> {
    const sourceRef = request.sourceRef.trim();
    if (sourceRef === '' || sourceRef.length > 200) {
      throw validationError('certificates.source_ref_invalid', 'The source reference must have 1 to 200 characters.', [
        { field: '/sourceRef', message: 'expected 1-200 characters' },
      ]);
    }
    const normalized: IssueRequest = { ...request, sourceRef };
    // Fast path: a retry of an event already issued does not sign anything.
    const existing = await withDbRetry(() => deps.repo.findBySourceRef(sourceRef), { idempotent: true });
    if (existing) return sameEventOrConflict(existing, normalized);

    const issuedAt = deps.now();
    const uvci = newUvci(deps.keys.country);
    const payload = buildPayload(normalized, uvci, deps.issuerName);
    const checked = deps.schema(payload);
    const problems = checked.ok
      ? consistencyProblems(normalized, issuedAt)
      : [{ field: '/payloadGroup', message: checked.reason }];
    if (problems.length > 0) {
      throw validationError(
        'certificates.payload_invalid',
        `The event cannot be certified: ${problems.map((p) => p.message).join('; ')}.`,
        problems,
      );
    }
    const expiresAt = expiryWithinSigner(normalized, issuedAt);
    const hc1 = issueHc1(payload, {
      privateKey: deps.keys.privateKey,
      kid: deps.keys.signer.kid,
      issuer: deps.keys.country,
      issuedAt,
      expiresAt,
    });
    const retrievalCode = newRetrievalCode();
    const retrievalCodeHash = await hashRetrievalCode(retrievalCode);
    const fresh = {
      uvci,
      type: normalized.type,
      fiscalCode: normalized.subject.fiscalCode,
      payload,
      hc1,
      kid,
      issuedAt,
      expiresAt,
      retrievalCodeHash,
      sourceRef,
    };
    let row = await withDbRetry(
      () =>
        onCreated === undefined
          ? deps.repo.insertUnlessSourceExists(fresh)
          : deps.repo.inTransaction(async (trx, repo) => {
              const inserted = await repo.insertUnlessSourceExists(fresh);
              if (inserted !== null) await onCreated(trx, fromRow(inserted), retrievalCode);
              return inserted;
            }),
      // Safe to retry: the unique sourceRef makes a second attempt insert nothing.
      { idempotent: true },
    );
    if (row === null) {
      const winner = await withDbRetry(() => deps.repo.findBySourceRef(sourceRef), { idempotent: true });
      if (winner === null) throw new Error(`certificate for ${sourceRef} vanished after a conflict`);
      // Another request issued for this event in the meantime: theirs stands. (The same
      // UVCI means our own insert, committed but unacknowledged before a retry: still ours.)
      if (winner.uvci !== uvci) return sameEventOrConflict(winner, normalized);
      row = winner;
    }
    deps.log.info({ uvci, type: normalized.type, sourceRef }, 'certificate issued');
    return { certificate: fromRow(row), created: true, retrievalCode };
  }

  /** A certificate must not outlive the DSC that signs it (verifiers check exp ≤ DSC notAfter). */
  function expiryWithinSigner(request: IssueRequest, issuedAt: Date): Date {
    const wanted = certificateExpiry(request, issuedAt);
    if (wanted === null) throw validationError('certificates.payload_invalid', 'The event dates cannot be read.');
    if (wanted.getTime() <= issuedAt.getTime()) {
      throw validationError(
        'certificates.already_expired',
        'This event would give a certificate that has already expired.',
        [{ field: '/payloadGroup', message: 'the validity period is over' }],
      );
    }
    const signerEnd = deps.keys.signer.notAfter.getTime();
    if (signerEnd <= issuedAt.getTime())
      throw new Error('the document signer certificate has expired: provision a new DSC');
    return new Date(Math.min(wanted.getTime(), signerEnd));
  }

  async function byUvci(uvci: string): Promise<IssuedCertificate> {
    const row =
      parseUvci(uvci) === null ? null : await withDbRetry(() => deps.repo.findByUvci(uvci), { idempotent: true });
    if (row === null) throw notFound('certificates.not_found', `There is no certificate ${uvci}.`);
    return fromRow(row);
  }

  /** The unexpired certificates of a codice fiscale (any string: none for a malformed one) with their code hashes. */
  async function retrievalCandidates(
    fiscalCode: string,
  ): Promise<{ certificate: IssuedCertificate; codeHash: string }[]> {
    const rows = await withDbRetry(() => deps.repo.listUnexpiredByFiscalCode(fiscalCode, deps.now()), {
      idempotent: true,
    });
    return rows.map((row) => ({ certificate: fromRow(row), codeHash: row.retrieval_code_hash }));
  }

  return {
    issueCertificate,
    findByUvci: byUvci,

    /**
     * The holder's unexpired certificate that this SMS code opens, or null (the
     * same answer for any mismatch). Callers must rate-limit: a code has 50 bits.
     */
    async findByRetrievalCode(fiscalCode: FiscalCode, code: string): Promise<IssuedCertificate | null> {
      if (normalizeRetrievalCode(code) === null) return null;
      for (const { certificate, codeHash } of await retrievalCandidates(fiscalCode)) {
        if (await retrievalCodeMatches(code, codeHash)) return certificate;
      }
      return null;
    },

    retrievalCandidates,

    /** A new SMS code for a certificate (the old one stops working), e.g. when the SMS was lost. */
    async replaceRetrievalCode(uvci: string): Promise<string> {
      await byUvci(uvci);
      const code = newRetrievalCode();
      const hash = await hashRetrievalCode(code);
      await withDbRetry(() => deps.repo.setRetrievalCodeHash(uvci, hash), { idempotent: true });
      return code;
    },

    async qrCode(uvci: string): Promise<Buffer> {
      return qrPng((await byUvci(uvci)).hc1);
    },

    async pdf(uvci: string): Promise<Uint8Array> {
      const certificate = await byUvci(uvci);
      const png = await qrPng(certificate.hc1);
      return certificatePdf(
        { payload: certificate.payload, uvci, qrPng: png, issuedAt: certificate.issuedAt },
        deps.labels,
      );
    },
  };
}

export type IssuanceService = ReturnType<typeof issuanceService>;

function fromRow(row: CertificateRow): IssuedCertificate {
  return {
    uvci: row.uvci,
    type: row.type,
    fiscalCode: row.fiscal_code,
    payload: row.payload,
    hc1: row.hc1,
    kid: row.kid,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    sourceRef: row.source_ref,
  };
}

/** JSON with sorted keys: jsonb does not keep the order the payload was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
