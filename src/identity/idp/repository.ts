import type { AdapterPayload } from 'oidc-provider';
import type pg from 'pg';

/** The columns a stored payload is found by (oidc-provider's find, findByUid, findByUserCode). */
export type PayloadKey = 'id' | 'uid' | 'user_code';

/**
 * All the SQL of the bundled provider: its storage (`idp_payloads`, read and written by adapter.ts) and the
 * server-side end of its login sessions (sessions.ts). Through the pool, as oidc-provider calls the adapter outside
 * any Salus transaction.
 */
export function idpRepository(pool: pg.Pool) {
  return {
    async upsert(model: string, id: string, payload: AdapterPayload, expiresIn: number | null): Promise<void> {
      await pool.query(
        `INSERT INTO idp_payloads (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6,
           CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
        [model, id, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn],
      );
    },

    /** The unexpired payload, with `consumed` (epoch seconds) once it was consumed. */
    async find(model: string, column: PayloadKey, value: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<{ payload: AdapterPayload; consumed: number | null }>(
        `SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM idp_payloads
         WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [model, value],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
    },

    async consume(model: string, id: string): Promise<void> {
      await pool.query('UPDATE idp_payloads SET consumed_at = now() WHERE model = $1 AND id = $2', [model, id]);
    },

    async destroy(model: string, id: string): Promise<void> {
      await pool.query('DELETE FROM idp_payloads WHERE model = $1 AND id = $2', [model, id]);
    },

    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query('DELETE FROM idp_payloads WHERE grant_id = $1', [grantId]);
    },

    /** Deletes a login session with its grants and the tokens issued under them (sessions.ts says why). */
    async endSession(accountId: string, loginTs: string): Promise<void> {
      await pool.query(
        `WITH ended AS (
           DELETE FROM idp_payloads
           WHERE model = 'Session' AND payload->>'accountId' = $1 AND payload->>'loginTs' = $2
           RETURNING payload
         ), grants AS (
           SELECT a.value->>'grantId' AS grant_id
           FROM ended, jsonb_each(coalesce(ended.payload->'authorizations', '{}'::jsonb)) a
         )
         DELETE FROM idp_payloads
         WHERE (model = 'Grant' AND id IN (SELECT grant_id FROM grants)) OR grant_id IN (SELECT grant_id FROM grants)`,
        [accountId, loginTs],
      );
    },
  };
}
