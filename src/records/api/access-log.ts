import type { ApiRepository } from './repository.ts';
import type { AccessLogItem } from '../../identity/index.ts';
import { SPECS } from '../resources/index.ts';

/** The FSE's own resource types: reading the access log itself is not part of it. */
export const FSE_RESOURCE_TYPES: readonly string[] = SPECS.map((s) => s.type).filter((t) => t !== 'AuditEvent');

/**
 * "Chi ha consultato il mio fascicolo": the access log entries about the FSE of one
 * citizen, newest first. With `others`, the citizen's own reads are left out: every
 * visit to their own page writes about six of them, which would bury the GP's one.
 */
export async function recordAccesses(
  repo: ApiRepository,
  subjectId: number,
  options: { readonly others: boolean; readonly limit: number; readonly offset: number },
): Promise<{ total: number; items: AccessLogItem[] }> {
  const rows = await repo.accesses(subjectId, FSE_RESOURCE_TYPES, options);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      at: r.at.toISOString(),
      who: r.actor_name,
      role: r.actor_role,
      onBehalfOf: r.b_given === null ? null : `${r.b_given} ${r.b_family ?? ''}`.trim(),
      action: r.action,
      resourceType: r.resource_type,
      purpose: r.purpose,
      outcome: r.outcome,
    })),
  };
}
