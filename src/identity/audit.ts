import { sql } from 'kysely';
import { inTransactionOf, ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { AuditEventsTable, IdentityDb, IdentityTables } from './db-types.ts';
import type { Principal } from '../shared/principal.ts';

export interface AuditEntry {
  readonly principal: Principal | null;
  readonly action: AuditEventsTable['action'];
  readonly resourceType: string;
  readonly resourceId?: string | null;
  readonly subjectCitizenId: number | null;
  readonly purpose: string;
  readonly outcome: AuditEventsTable['outcome'];
  readonly requestId?: string | null;
}

export interface AccessLogItem {
  readonly at: string;
  readonly who: string;
  readonly role: string;
  readonly onBehalfOf: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly purpose: string;
  readonly outcome: string;
}

function row(entry: Omit<AuditEntry, 'subjectCitizenId'>, subjectCitizenId: number | null) {
  const p = entry.principal;
  // A citizen touching another citizen's data does so as their delegate, switched to acting
  // for them or not (a FHIR search spans everyone they represent): log who, and for whom.
  const onBehalfOf =
    p?.kind === 'citizen'
      ? (p.actingFor?.citizenId ??
        (subjectCitizenId !== null && subjectCitizenId !== p.citizenId ? subjectCitizenId : null))
      : null;
  const actor =
    p === null
      ? { kind: 'anonymous' as const, id: '-', role: 'anonymous', name: 'anonymous' }
      : p.kind === 'citizen'
        ? {
            kind: 'citizen' as const,
            id: p.fiscalCode,
            role: onBehalfOf === null ? 'citizen' : 'delegate',
            name: p.name,
          }
        : p.kind === 'operator'
          ? { kind: 'operator' as const, id: p.fiscalCode, role: p.role, name: p.name }
          : { kind: 'facility' as const, id: p.clientId, role: 'facility', name: p.clientId };
  return {
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_role: actor.role,
    actor_name: actor.name,
    on_behalf_of_citizen_id: onBehalfOf,
    subject_citizen_id: subjectCitizenId,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId ?? null,
    purpose: entry.purpose,
    outcome: entry.outcome,
    request_id: entry.requestId ?? null,
  };
}

/**
 * The access log (DPCM 178/2015 art. 13). Append-only: the table refuses UPDATE,
 * DELETE and TRUNCATE with a trigger, whoever asks.
 */
export function auditLog<All extends IdentityDb>(handle: Db<All>) {
  const db = ownTables<IdentityDb, All>(handle);
  return {
    /** `trx`: the caller's transaction, typed with the caller's tables (src/db/tables.ts). */
    async record<Tables>(entry: AuditEntry, trx?: CallersHandle<Tables>): Promise<void> {
      const values = row(entry, entry.subjectCitizenId);
      if (trx === undefined) await db.insertInto('audit_events').values(values).execute();
      else await inTransactionOf<IdentityTables, Tables>(trx).insertInto('audit_events').values(values).execute();
    },

    /**
     * One entry per citizen shown (a patient list, a centre's day list): each person finds
     * the look in their own access log. One INSERT over unnest(ids), so a day list of
     * thousands of people stays one statement with 12 parameters (65,535 is the limit).
     */
    async recordEach<Tables>(
      entry: Omit<AuditEntry, 'subjectCitizenId'>,
      subjectCitizenIds: readonly number[],
      trx?: CallersHandle<Tables>,
    ): Promise<void> {
      const ids = [...new Set(subjectCitizenIds)];
      if (ids.length === 0) return;
      const r = row(entry, null);
      await sql`
        INSERT INTO audit_events (actor_kind, actor_id, actor_role, actor_name, on_behalf_of_citizen_id,
                                  subject_citizen_id, action, resource_type, resource_id, purpose, outcome, request_id)
        SELECT ${r.actor_kind}, ${r.actor_id}, ${r.actor_role}, ${r.actor_name},
               ${r.on_behalf_of_citizen_id}::bigint, s.id, ${r.action}, ${r.resource_type}, ${r.resource_id}::text,
               ${r.purpose}, ${r.outcome}, ${r.request_id}::text
        FROM unnest(${ids}::bigint[]) AS s(id)`.execute(trx ?? db);
    },

    /** Every access to a citizen's data, newest first: "who looked at my record". */
    async accessesTo(
      citizenId: number,
      limit: number,
      offset: number,
    ): Promise<{ total: number; items: AccessLogItem[] }> {
      const total = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject_citizen_id', '=', citizenId)
        .executeTakeFirstOrThrow();
      const rows = await db
        .selectFrom('audit_events as e')
        .leftJoin('registry_citizens as b', 'b.id', 'e.on_behalf_of_citizen_id')
        .select([
          'e.at',
          'e.actor_name',
          'e.actor_role',
          'e.action',
          'e.resource_type',
          'e.purpose',
          'e.outcome',
          'b.given_name',
          'b.family_name',
        ])
        .where('e.subject_citizen_id', '=', citizenId)
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return {
        total: total.n,
        items: rows.map((r) => ({
          at: r.at.toISOString(),
          who: r.actor_name,
          role: r.actor_role,
          onBehalfOf: r.given_name === null ? null : `${r.given_name} ${r.family_name ?? ''}`.trim(),
          action: r.action,
          resourceType: r.resource_type,
          purpose: r.purpose,
          outcome: r.outcome,
        })),
      };
    },
  };
}

export type AuditLog = ReturnType<typeof auditLog>;
