import { randomUUID } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import type { ForwardOperation } from './types.ts';

/** A permanent refusal waiting for a person, as the region's page lists it. */
export interface RefusalRow {
  readonly id: string;
  readonly identificativoDoc: string;
  readonly operation: ForwardOperation;
  /** The attempts when refused: with the id, what a decision names (a later refusal of the row is a new one). */
  readonly attempts: number;
  readonly acceptedAt: Date;
  /** The national DTO's high-level type (tipoDocumentoLivAlto: LAB, REF…) and the claims' LOINC type. */
  readonly documentType: string | null;
  readonly hl7Type: string | null;
  readonly facility: string | null;
  readonly facilityId: string | null;
  readonly nationalError: Record<string, unknown> | null;
}

export interface Decision {
  readonly id: string;
  readonly attempts: number;
  readonly action: 'resend' | 'drop';
  readonly reason: string | null;
  readonly by: { readonly fiscalCode: string; readonly name: string };
}

export type DecisionOutcome =
  | { readonly kind: 'done'; readonly resolvedAt: Date }
  /** The same decision was already taken on this refusal (a double submit): nothing changed again. */
  | { readonly kind: 'already'; readonly action: 'resend' | 'drop'; readonly reason: string | null; resolvedAt: Date }
  /** No such refusal (an unknown id, or one no longer refused and never decided at these attempts). */
  | { readonly kind: 'unknown' };

type Row = {
  id: string;
  identificativo_doc: string;
  operation: ForwardOperation;
  attempts: number;
  accepted_at: Date;
  document_type: string | null;
  hl7_type: string | null;
  facility: string | null;
  facility_id: string | null;
  national_error: Record<string, unknown> | null;
};

/** The refusals' SQL (fse2_forward_outbox, fse2_forward_resolutions: migrations 0034 and 0036). */
export function refusalsRepository(db: QueryExecutorProvider) {
  return {
    async list(limit: number): Promise<RefusalRow[]> {
      const result = await sql<Row>`
        SELECT id::text, identificativo_doc, operation, attempts, accepted_at, national_error,
               request #>> '{requestBody,tipoDocumentoLivAlto}' AS document_type,
               request #>> '{claims,resource_hl7_type}' AS hl7_type,
               request #>> '{claims,subject_organization}' AS facility,
               request #>> '{claims,subject_organization_id}' AS facility_id
        FROM fse2_forward_outbox WHERE state = 'refused' ORDER BY id LIMIT ${limit}
      `.execute(db);
      return result.rows.map((r) => ({
        id: r.id,
        identificativoDoc: r.identificativo_doc,
        operation: r.operation,
        attempts: r.attempts,
        acceptedAt: r.accepted_at,
        documentType: r.document_type,
        hl7Type: r.hl7_type,
        facility: r.facility,
        facilityId: r.facility_id,
        nationalError: r.national_error,
      }));
    },

    /**
     * Records the decision and applies it in one statement (atomic). The decision's unique key (row, attempts)
     * makes a double submit find the first; the insert requires the row to be still refused at those attempts, so
     * a decision on a refusal the relay has since moved past changes nothing.
     */
    async decide(d: Decision): Promise<DecisionOutcome> {
      // A resend goes out as a new request (a new key): the national side answered the old key with a refusal
      // (no document was made), and an idempotent receiver would answer the same key with the same refusal.
      const made = await sql<{ resolved_at: Date }>`
        WITH made AS (
          INSERT INTO fse2_forward_resolutions
            (outbox_id, refusal_attempts, action, reason, resolved_by, resolved_by_name, national_error)
          SELECT id, attempts, ${d.action}, ${d.reason}, ${d.by.fiscalCode}, ${d.by.name}, national_error
          FROM fse2_forward_outbox WHERE id = ${d.id} AND state = 'refused' AND attempts = ${d.attempts}
          ON CONFLICT (outbox_id, refusal_attempts) DO NOTHING
          RETURNING outbox_id, action, resolved_at
        ), applied AS (
          UPDATE fse2_forward_outbox o
          SET state = CASE WHEN made.action = 'resend' THEN 'pending' ELSE 'dropped' END,
              idempotency_key = CASE WHEN made.action = 'resend' THEN ${randomUUID()} ELSE o.idempotency_key END,
              next_attempt_at = now(), leased_until = NULL, last_cause = NULL, last_error = NULL,
              national_error = CASE WHEN made.action = 'resend' THEN NULL ELSE o.national_error END,
              file = CASE WHEN made.action = 'resend' THEN o.file END
          FROM made WHERE o.id = made.outbox_id
          RETURNING o.id
        )
        SELECT made.resolved_at FROM made JOIN applied ON applied.id = made.outbox_id
      `.execute(db);
      const first = made.rows[0];
      if (first !== undefined) return { kind: 'done', resolvedAt: first.resolved_at };
      const earlier = await sql<{ action: 'resend' | 'drop'; reason: string | null; resolved_at: Date }>`
        SELECT action, reason, resolved_at FROM fse2_forward_resolutions
        WHERE outbox_id = ${d.id} AND refusal_attempts = ${d.attempts}
      `.execute(db);
      const found = earlier.rows[0];
      return found === undefined
        ? { kind: 'unknown' }
        : { kind: 'already', action: found.action, reason: found.reason, resolvedAt: found.resolved_at };
    },
  };
}

export type RefusalsRepository = ReturnType<typeof refusalsRepository>;
