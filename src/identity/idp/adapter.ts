import type { Adapter, AdapterPayload } from 'oidc-provider';
import type pg from 'pg';
import { idpRepository } from './repository.ts';

/**
 * oidc-provider's storage in PostgreSQL, so that logins, codes and tokens survive
 * a restart and work across API instances in both sites (its default is in memory).
 */
export function postgresAdapterFactory(pool: pg.Pool): (model: string) => Adapter {
  const payloads = idpRepository(pool);
  return (model) => ({
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await payloads.upsert(model, id, payload, expiresIn ?? null);
    },
    find: (id: string) => payloads.find(model, 'id', id),
    findByUid: (uid: string) => payloads.find(model, 'uid', uid),
    findByUserCode: (userCode: string) => payloads.find(model, 'user_code', userCode),
    async consume(id: string): Promise<void> {
      await payloads.consume(model, id);
    },
    async destroy(id: string): Promise<void> {
      await payloads.destroy(model, id);
    },
    async revokeByGrantId(grantId: string): Promise<void> {
      await payloads.revokeByGrantId(grantId);
    },
  });
}
