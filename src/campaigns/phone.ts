import type { CallersHandle, Db } from '../db/tables.ts';
import type { CampaignsDb } from './db-types.ts';
import type { E164Phone } from '../shared/identifiers.ts';
import { DomainError, rateLimited } from '../shared/errors.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { CitizenPrincipal } from '../shared/principal.ts';
import type { DraftSecrets } from './codes.ts';
import { phoneRepository } from './phone-repository.ts';

const MAX_ATTEMPTS = 5;
const VALID_MINUTES = 120;

/**
 * Phone verification for citizens logged in with SPID/CIE: their enrollment is
 * confirmed at once, and this runs beside it. The code is derived like a draft's
 * (salt + server key), so a resend repeats it.
 */
export function phoneVerification(deps: {
  db: Db<CampaignsDb>;
  /** The registry: the citizen's number, and the change once a new one is proved (the registry's to make). */
  registry: PhoneRegistry;
  outbox: Outbox;
  secrets: DraftSecrets;
  now: () => Date;
}) {
  const subject = (p: CitizenPrincipal): number => p.actingFor?.citizenId ?? p.citizenId;
  const repo = phoneRepository(deps.db);
  return {
    async status(principal: CitizenPrincipal): Promise<{ phone: string | null; verified: boolean }> {
      const citizen = await deps.registry.citizenById(subject(principal));
      const verification = citizen === undefined ? undefined : await repo.byCitizen(subject(principal));
      return {
        phone: verification?.mobile_phone ?? citizen?.mobile_phone ?? null,
        verified: verification?.verified_at !== null && verification?.verified_at !== undefined,
      };
    },

    /** Sends (or resends) a code to the given number. */
    async request(principal: CitizenPrincipal, phone: E164Phone): Promise<void> {
      const citizenId = subject(principal);
      await repo.transaction(async (trx) => {
        const tx = phoneRepository(trx);
        const existing = await tx.lockedByCitizen(citizenId);
        // Same number and still valid: resend the same code; otherwise a new one.
        const reuse = existing?.mobile_phone === phone && existing.expires_at > deps.now();
        const salt = reuse ? existing.secret_salt : deps.secrets.newSalt();
        await tx.upsert(citizenId, phone, salt, new Date(deps.now().getTime() + VALID_MINUTES * 60_000));
        await deps.outbox.enqueue(trx, {
          lane: 'otp',
          to: phone,
          text:
            `Salus: il codice per verificare questo numero è ${deps.secrets.code(-citizenId, salt)}. ` +
            'Inseriscilo nella tua area personale.',
          idempotencyKey: `phone-verification:${citizenId}:${salt}:${deps.now().getTime()}`,
          validitySeconds: VALID_MINUTES * 60,
        });
      });
    },

    async confirm(principal: CitizenPrincipal, code: string): Promise<void> {
      const citizenId = subject(principal);
      const outcome = await repo.transaction(async (trx) => {
        const tx = phoneRepository(trx);
        const row = await tx.lockedByCitizen(citizenId);
        if (row === undefined || row.expires_at <= deps.now()) return 'invalid' as const;
        if (row.failed_attempts >= MAX_ATTEMPTS) return 'locked' as const;
        if (!deps.secrets.codeMatches(code, -citizenId, row.secret_salt)) {
          await tx.setFailedAttempts(citizenId, row.failed_attempts + 1);
          return 'invalid' as const;
        }
        await tx.markVerified(citizenId, deps.now());
        // The proof and the registry's change commit together.
        await deps.registry.recordVerifiedPhone(trx, citizenId, row.mobile_phone);
        return 'ok' as const;
      });
      if (outcome === 'locked') throw rateLimited('Too many wrong codes: ask for a new one.', 60);
      if (outcome === 'invalid')
        throw new DomainError(
          'validation',
          'phone.code_invalid',
          'The code is not valid or has expired. Ask for a new one.',
        );
    },
  };
}

/** What phone verification asks of the registry (its repository, handed in by the composition root). */
export interface PhoneRegistry {
  citizenById(id: number): Promise<{ mobile_phone: string | null } | undefined>;
  recordVerifiedPhone<Tables>(trx: CallersHandle<Tables>, citizenId: number, phone: string): Promise<void>;
}

export type PhoneVerification = ReturnType<typeof phoneVerification>;
