import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { E164Phone } from '../shared/identifiers.ts';
import { DomainError, rateLimited } from '../shared/errors.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { CitizenPrincipal } from '../shared/principal.ts';
import type { DraftSecrets } from './codes.ts';

const MAX_ATTEMPTS = 5;
const VALID_MINUTES = 120;

/**
 * Phone verification for citizens logged in with SPID/CIE: their enrollment is
 * confirmed at once, and this runs beside it. The code is derived like a draft's
 * (salt + server key), so a resend repeats it.
 */
export function phoneVerification(deps: {
  db: Kysely<Database>;
  outbox: Outbox;
  secrets: DraftSecrets;
  now: () => Date;
}) {
  const subject = (p: CitizenPrincipal): number => p.actingFor?.citizenId ?? p.citizenId;
  return {
    async status(principal: CitizenPrincipal): Promise<{ phone: string | null; verified: boolean }> {
      const row = await deps.db
        .selectFrom('citizens as c')
        .leftJoin('phone_verifications as v', 'v.citizen_id', 'c.id')
        .select(['c.mobile_phone', 'v.mobile_phone as v_phone', 'v.verified_at'])
        .where('c.id', '=', subject(principal))
        .executeTakeFirst();
      return {
        phone: row?.v_phone ?? row?.mobile_phone ?? null,
        verified: row?.verified_at !== null && row?.verified_at !== undefined,
      };
    },

    /** Sends (or resends) a code to the given number. */
    async request(principal: CitizenPrincipal, phone: E164Phone): Promise<void> {
      const citizenId = subject(principal);
      await deps.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('phone_verifications')
          .selectAll()
          .where('citizen_id', '=', citizenId)
          .forUpdate()
          .executeTakeFirst();
        // Same number and still valid: resend the same code; otherwise a new one.
        const reuse = existing?.mobile_phone === phone && existing.expires_at > deps.now();
        const salt = reuse ? existing.secret_salt : deps.secrets.newSalt();
        await trx
          .insertInto('phone_verifications')
          .values({
            citizen_id: citizenId,
            mobile_phone: phone,
            secret_salt: salt,
            expires_at: new Date(deps.now().getTime() + VALID_MINUTES * 60_000),
            verified_at: null,
          })
          .onConflict((oc) =>
            oc.column('citizen_id').doUpdateSet({
              mobile_phone: phone,
              secret_salt: salt,
              expires_at: new Date(deps.now().getTime() + VALID_MINUTES * 60_000),
              verified_at: null,
              failed_attempts: 0,
            }),
          )
          .execute();
        await deps.outbox.enqueue(trx, {
          lane: 'otp',
          to: phone,
          text: `Salus: il codice per verificare questo numero è ${deps.secrets.code(-citizenId, salt)}. Inseriscilo nella tua area personale.`,
          idempotencyKey: `phone-verification:${citizenId}:${salt}:${deps.now().getTime()}`,
          validitySeconds: VALID_MINUTES * 60,
        });
      });
    },

    async confirm(principal: CitizenPrincipal, code: string): Promise<void> {
      const citizenId = subject(principal);
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('phone_verifications')
          .selectAll()
          .where('citizen_id', '=', citizenId)
          .forUpdate()
          .executeTakeFirst();
        if (row === undefined || row.expires_at <= deps.now()) return 'invalid' as const;
        if (row.failed_attempts >= MAX_ATTEMPTS) return 'locked' as const;
        if (!deps.secrets.codeMatches(code, -citizenId, row.secret_salt)) {
          await trx
            .updateTable('phone_verifications')
            .set({ failed_attempts: row.failed_attempts + 1 })
            .where('citizen_id', '=', citizenId)
            .execute();
          return 'invalid' as const;
        }
        await trx
          .updateTable('phone_verifications')
          .set({ verified_at: deps.now() })
          .where('citizen_id', '=', citizenId)
          .execute();
        await trx.updateTable('citizens').set({ mobile_phone: row.mobile_phone }).where('id', '=', citizenId).execute();
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

export type PhoneVerification = ReturnType<typeof phoneVerification>;
