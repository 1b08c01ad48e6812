/**
 * Revoking certificates (a region operator's act; the route comes with the
 * identity module's role policies) and publishing the revocation list.
 */
import type { AuditLog } from './log.ts';
import type { CertificatesRepository } from './repository.ts';
import { revocationListDocument } from './revocation-list.ts';
import type { RevocationListDocument } from './revocation-list.ts';
import { parseUvci } from './uvci.ts';
import { withDbRetry } from '../db/retry.ts';
import { notFound, validationError } from '../shared/errors.ts';
import type { FieldProblem } from '../shared/errors.ts';

export type Revocation = { uvci: string; reason: string; revokedAt: Date; revokedBy: string };

export type RevokeResult = {
  revocation: Revocation;
  /** True when the UVCI was revoked before: the first revocation (and its reason) stands. */
  alreadyRevoked: boolean;
};

export type RevocationDeps = {
  repo: CertificatesRepository;
  country: string;
  now: () => Date;
  log: AuditLog;
};

export function revocationService(deps: RevocationDeps) {
  return {
    async revoke(uvci: string, reason: string, by: string): Promise<RevokeResult> {
      const cleanReason = reason.trim();
      const cleanBy = by.trim();
      const problems: FieldProblem[] = [];
      if (parseUvci(uvci) === null)
        problems.push({
          field: '/uvci',
          message: 'not a UVCI of the form URN:UVCI:01:IT:…#c with a valid check character',
        });
      if (cleanReason === '' || cleanReason.length > 500)
        problems.push({ field: '/reason', message: 'expected 1-500 characters' });
      if (cleanBy === '' || cleanBy.length > 100)
        problems.push({ field: '/revokedBy', message: 'expected 1-100 characters' });
      if (problems.length > 0) {
        throw validationError('certificates.revocation_invalid', 'The revocation request is not valid.', problems);
      }
      const certificate = await withDbRetry(() => deps.repo.findByUvci(uvci), { idempotent: true });
      if (certificate === null)
        throw notFound('certificates.not_found', `Salus issued no certificate ${uvci}, so it cannot revoke it.`);
      const inserted = await withDbRetry(
        () => deps.repo.insertRevocation({ uvci, reason: cleanReason, revokedAt: deps.now(), revokedBy: cleanBy }),
        { idempotent: true },
      );
      if (inserted !== null) {
        deps.log.info({ uvci, revokedBy: cleanBy }, 'certificate revoked');
        return { revocation: toRevocation(inserted), alreadyRevoked: false };
      }
      const first = await withDbRetry(() => deps.repo.findRevocation(uvci), { idempotent: true });
      if (first === null) throw new Error(`revocation of ${uvci} vanished after a conflict`);
      return { revocation: toRevocation(first), alreadyRevoked: true };
    },

    async revocationList(): Promise<RevocationListDocument> {
      const now = deps.now();
      const revoked = await withDbRetry(() => deps.repo.activeRevocations(now), { idempotent: true });
      return revocationListDocument(revoked, deps.country, now);
    },

    /** Which of these UVCIs are revoked (the verifier's question, answered from the database). */
    revokedAmong(uvcis: readonly string[]): Promise<Set<string>> {
      return withDbRetry(() => deps.repo.revokedAmong(uvcis), { idempotent: true });
    },
  };
}

export type RevocationService = ReturnType<typeof revocationService>;

function toRevocation(row: { uvci: string; reason: string; revoked_at: Date; revoked_by: string }): Revocation {
  return { uvci: row.uvci, reason: row.reason, revokedAt: row.revoked_at, revokedBy: row.revoked_by };
}
