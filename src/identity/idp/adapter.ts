import type { Adapter, AdapterPayload } from 'oidc-provider';
import type pg from 'pg';

/**
 * oidc-provider's storage in PostgreSQL, so that logins, codes and tokens survive
 * a restart and work across API instances in both sites (its default is in memory).
 */
export function postgresAdapterFactory(pool: pg.Pool): (model: string) => Adapter {
  return (model) => ({
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await pool.query(
        `INSERT INTO idp_payloads (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
        [model, id, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
      );
    },
    find: (id: string) => findWhere(pool, model, 'id', id),
    findByUid: (uid: string) => findWhere(pool, model, 'uid', uid),
    findByUserCode: (userCode: string) => findWhere(pool, model, 'user_code', userCode),
    async consume(id: string): Promise<void> {
      await pool.query('UPDATE idp_payloads SET consumed_at = now() WHERE model = $1 AND id = $2', [model, id]);
    },
    async destroy(id: string): Promise<void> {
      await pool.query('DELETE FROM idp_payloads WHERE model = $1 AND id = $2', [model, id]);
    },
    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query('DELETE FROM idp_payloads WHERE grant_id = $1', [grantId]);
    },
  });
}

async function findWhere(
  pool: pg.Pool,
  model: string,
  column: 'id' | 'uid' | 'user_code',
  value: string,
): Promise<AdapterPayload | undefined> {
  const { rows } = await pool.query<{ payload: AdapterPayload; consumed: number | null }>(
    `SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM idp_payloads
     WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
    [model, value],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return row.consumed === null ? row.payload : { ...row.payload, consumed: row.consumed };
}
