/**
 * Who may have which certificate, and the access log of every read: a citizen
 * (or a delegate acting for them) their own; the pharmacist who recorded a test,
 * that test's certificate for the counter; a region operator revokes.
 * Certificates are clinical data: each list, QR code and PDF served is logged.
 */
import type { CertificateType, DccPayload } from './codec/index.ts';
import type { EventsRepository } from './events-repository.ts';
import type { IssuanceService, IssuedCertificate } from './issuance.ts';
import type { CertificatesRepository } from './repository.ts';
import type { RevocationService, RevokeResult } from './revocation-service.ts';
import { parseUvci } from './uvci.ts';
import { withDbRetry } from '../db/retry.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import {
  subjectCitizenId,
  type AuditSink,
  type CitizenPrincipal,
  type OperatorPrincipal,
  type Principal,
} from '../shared/principal.ts';

export type CertificateSummary = {
  uvci: string;
  type: CertificateType;
  issuedAt: string;
  expiresAt: string;
  revoked: boolean;
  holder: { name: string; birthDate: string };
  /** The event, in the DCC's own codes (the page words them). */
  event: Record<string, string | number>;
};

export type Download = 'qr' | 'pdf';

// The pharmacist prints at the counter, on the day; afterwards the holder has it
// in the FSE and by SMS, and the pharmacy has no reason to read it again.
const COUNTER_WINDOW_MS = 24 * 3_600_000;

export type AccessDeps = {
  repo: CertificatesRepository;
  events: EventsRepository;
  issuance: IssuanceService;
  revocations: RevocationService;
  audit: AuditSink;
  now: () => Date;
};

/** The certificate's event fields (dn, sd, mp, sc, tr…), without its identifier and issuer. */
function eventOf(payload: DccPayload, type: CertificateType): Record<string, string | number> {
  const groups = payload[type];
  const group: unknown = Array.isArray(groups) ? groups[0] : undefined;
  if (typeof group !== 'object' || group === null) return {};
  return Object.fromEntries(
    Object.entries(group).filter(
      (e): e is [string, string | number] =>
        e[0] !== 'ci' && e[0] !== 'is' && (typeof e[1] === 'string' || typeof e[1] === 'number'),
    ),
  );
}

/** What the holder's pages show of a certificate. */
export function summaryOf(
  c: Pick<IssuedCertificate, 'uvci' | 'type' | 'issuedAt' | 'expiresAt' | 'payload'>,
  revoked: boolean,
): CertificateSummary {
  const nam = (c.payload.nam ?? {}) as { fn?: string; gn?: string };
  return {
    uvci: c.uvci,
    type: c.type,
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    revoked,
    holder: {
      name: [nam.gn, nam.fn].filter((s) => s !== undefined && s !== '').join(' '),
      birthDate: typeof c.payload.dob === 'string' ? c.payload.dob : '',
    },
    event: eventOf(c.payload, c.type),
  };
}

export function certificateAccess(deps: AccessDeps) {
  const holderFiscalCode = (p: CitizenPrincipal): string => p.actingFor?.fiscalCode ?? p.fiscalCode;

  async function render(certificate: IssuedCertificate, what: Download): Promise<Uint8Array> {
    return what === 'qr' ? deps.issuance.qrCode(certificate.uvci) : deps.issuance.pdf(certificate.uvci);
  }

  const log = (
    principal: Principal,
    action: 'read' | 'search' | 'update',
    resourceId: string,
    subject: number | null,
    purpose: string,
    outcome: 'success' | 'denied',
    requestId: string,
  ) =>
    deps.audit.record({
      principal,
      action,
      resourceType: 'DccCertificate',
      resourceId,
      subjectCitizenId: subject,
      purpose,
      outcome,
      requestId,
    });

  return {
    async mine(citizen: CitizenPrincipal, requestId: string): Promise<CertificateSummary[]> {
      const rows = await withDbRetry(() => deps.repo.listForHolder(holderFiscalCode(citizen), deps.now()), {
        idempotent: true,
      });
      await log(
        citizen,
        'search',
        holderFiscalCode(citizen),
        subjectCitizenId(citizen),
        'green-pass',
        'success',
        requestId,
      );
      return rows.map((row) =>
        summaryOf(
          { uvci: row.uvci, type: row.type, issuedAt: row.issued_at, expiresAt: row.expires_at, payload: row.payload },
          row.revoked_at !== null,
        ),
      );
    },

    /** The holder's own certificate (or their delegator's); someone else's is refused and the refusal logged. */
    async holderDownload(
      citizen: CitizenPrincipal,
      uvci: string,
      what: Download,
      requestId: string,
    ): Promise<Uint8Array> {
      const certificate = await deps.issuance.findByUvci(uvci);
      if (certificate.fiscalCode !== holderFiscalCode(citizen)) {
        await log(citizen, 'read', uvci, null, `green-pass:${what}`, 'denied', requestId);
        throw forbidden('certificates.not_yours', 'This certificate belongs to someone else.');
      }
      const bytes = await render(certificate, what);
      await log(citizen, 'read', uvci, subjectCitizenId(citizen), `green-pass:${what}`, 'success', requestId);
      return bytes;
    },

    /** The certificate of a test this pharmacist recorded, for printing at the counter on the day. */
    async counterDownload(
      pharmacist: OperatorPrincipal,
      testId: number,
      what: Download,
      requestId: string,
    ): Promise<Uint8Array> {
      const test = await withDbRetry(() => deps.events.rapidTest(testId), { idempotent: true });
      if (test?.operatorId !== pharmacist.operatorId)
        throw notFound('certificates.test_not_found', 'You recorded no such test.');
      if (deps.now().getTime() - test.sampledAt.getTime() > COUNTER_WINDOW_MS) {
        throw forbidden(
          'certificates.counter_window_over',
          'The certificate can be printed at the counter only on the day of the test; the holder has it in the FSE.',
        );
      }
      const row = await withDbRetry(() => deps.repo.findBySourceRef(`RapidTest/${testId}`), { idempotent: true });
      if (row === null)
        throw notFound('certificates.not_found', 'This test has no certificate (only negative tests get one).');
      const bytes = await render(await deps.issuance.findByUvci(row.uvci), what);
      await log(pharmacist, 'read', row.uvci, test.citizenId, `green-pass:counter:${what}`, 'success', requestId);
      return bytes;
    },

    async revoke(operator: OperatorPrincipal, uvci: string, reason: string, requestId: string): Promise<RevokeResult> {
      const result = await deps.revocations.revoke(uvci, reason, operator.fiscalCode);
      const row = parseUvci(uvci) === null ? null : await deps.repo.findByUvci(uvci);
      const subject = row === null ? null : await deps.events.citizenIdByFiscalCode(row.fiscal_code);
      await log(operator, 'update', uvci, subject, 'green-pass:revocation', 'success', requestId);
      return result;
    },
  };
}

export type CertificateAccess = ReturnType<typeof certificateAccess>;
