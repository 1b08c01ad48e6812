import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { SPECS } from '../resources/index.ts';

/** The FSE's own resource types: reading the access log itself is not part of it. */
export const FSE_RESOURCE_TYPES: readonly string[] = SPECS.map((s) => s.type).filter((t) => t !== 'AuditEvent');

export interface RecordAccess {
  readonly at: string;
  readonly who: string;
  readonly role: string;
  readonly onBehalfOf: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly purpose: string;
  readonly outcome: string;
}

/**
 * "Chi ha consultato il mio fascicolo": the access log entries about the FSE of one
 * citizen, newest first. With `others`, the citizen's own reads are left out: every
 * visit to their own page writes about six of them, which would bury the GP's one.
 */
export async function recordAccesses(
  db: Kysely<RecordsDatabase>,
  subjectId: number,
  options: { readonly others: boolean; readonly limit: number; readonly offset: number },
): Promise<{ total: number; items: RecordAccess[] }> {
  const self = options.others
    ? sql`AND NOT (e.actor_role = 'citizen' AND e.actor_id = (SELECT fiscal_code FROM registry_citizens WHERE id = ${subjectId}))`
    : sql``;
  const rows = await sql<{
    at: Date;
    actor_name: string;
    actor_role: string;
    action: string;
    resource_type: string;
    purpose: string;
    outcome: string;
    b_given: string | null;
    b_family: string | null;
    total: number;
  }>`
    SELECT e.at, e.actor_name, e.actor_role, e.action, e.resource_type, e.purpose, e.outcome,
           b.given_name AS b_given, b.family_name AS b_family, count(*) OVER ()::int AS total
    FROM identity_audit_events e LEFT JOIN registry_citizens b ON b.id = e.on_behalf_of_citizen_id
    WHERE e.subject_citizen_id = ${subjectId} AND e.resource_type = ANY(${[...FSE_RESOURCE_TYPES]}::text[]) ${self}
    ORDER BY e.at DESC, e.id DESC
    LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
  return {
    total: rows.rows[0]?.total ?? 0,
    items: rows.rows.map((r) => ({
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
