import { randomUUID } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import type { ForwardChange, ForwardOperation } from './types.ts';

/** A row the relay claimed: what to send, and how often it was tried. */
export interface ClaimedForward {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly identificativoDoc: string;
  readonly operation: ForwardOperation;
  readonly request: {
    target: string | null;
    requestBody: Record<string, unknown> | null;
    claims: object;
    /** The record's DocumentReference of the change. */
    documentReferenceId?: string;
    /** The PDF is the record's copy of documentReferenceId's content, not the row's `file` (ADR 0017). */
    fileInRecord?: boolean;
  };
  /** The PDF to send: the row's own, or (fileInRecord) the record's, filled in before the send (record-files.ts). */
  readonly file: Buffer | null;
  readonly attempts: number;
}

/** A row the national side took, for the batched mark. */
export interface ForwardedMark {
  readonly id: string;
  readonly workflowInstanceId: string | null;
  readonly operation: ForwardOperation;
}

export interface RefusedForward {
  readonly id: string;
  readonly identificativoDoc: string;
  readonly operation: ForwardOperation;
  readonly acceptedAt: Date;
  readonly nationalError: unknown;
}

/** 24 hours: the national rule for a publication to reach the national infrastructure (issue 20). */
export const NATIONAL_SLA_SECONDS = 86_400;

export interface BacklogFigures {
  /** Changes accepted and not yet forwarded, refused ones included (they wait for a person); dropped ones not. */
  readonly backlog: number;
  readonly refused: number;
  /** Of the backlog, those accepted more than 24 h ago: the SLA's breaches still open. */
  readonly overSla: number;
  /** Age of the oldest of them, in seconds (0 with none): against the 24 h SLA. */
  readonly oldestAgeSeconds: number;
  readonly oldestAcceptedAt: Date | null;
  /**
   * The backlog's items whose last try failed, by cause (a transient cause, or "refused"), and their failed tries
   * in all: the database's picture, the same from every instance (the per-process counter is Prometheus's).
   */
  readonly failingByCause: readonly { readonly cause: string; readonly items: number; readonly tries: number }[];
}

/** The national error's detail (or title) for the people's list; the whole body is kept beside it. */
const nationalDetail = (error: Record<string, unknown>, status: number): string => {
  const text = typeof error.detail === 'string' ? error.detail : typeof error.title === 'string' ? error.title : '';
  return (text === '' ? `HTTP ${String(status)}` : text).slice(0, 2000);
};

/** SQL of the forwarding outbox (migrations/0034_fse2_forward.sql): this sub-module's only table. */
export function forwardRepository(db: QueryExecutorProvider) {
  return {
    /** Inside the caller's transaction: the row commits with the record's change or not at all. */
    async enqueue(trx: QueryExecutorProvider, change: ForwardChange): Promise<void> {
      // A replace, delete or update joins its target's chain, so it goes out after everything before it.
      const lineageOf = change.target ?? change.identificativoDoc;
      const fileInRecord = change.file === 'record';
      const request = {
        target: change.target,
        requestBody: change.requestBody,
        claims: change.claims,
        documentReferenceId: change.documentReferenceId,
        ...(fileInRecord ? { fileInRecord } : {}),
      };
      const file = fileInRecord ? null : change.file;
      await sql`
        INSERT INTO fse2_forward_outbox (idempotency_key, chain, identificativo_doc, operation, request, file)
        VALUES (${randomUUID()},
                COALESCE((SELECT chain FROM fse2_forward_outbox WHERE identificativo_doc = ${lineageOf}
                          ORDER BY id LIMIT 1), ${lineageOf}),
                ${change.identificativoDoc}, ${change.operation}, ${JSON.stringify(request)}::jsonb, ${file})
      `.execute(trx);
    },

    /**
     * Leases up to `limit` chain heads that are due: the oldest open row of each chain, pending, not held by a
     * live lease. A refused head holds its chain (a replace of a refused publication would be refused too).
     */
    async claim(limit: number, leaseMs: number, options: { early?: boolean } = {}): Promise<ClaimedForward[]> {
      // early: heads still waiting out their backoff (the relay's probe of a national side that may be back).
      const due = options.early === true ? sql`h.next_attempt_at > now()` : sql`h.next_attempt_at <= now()`;
      const result = await sql<{
        id: string;
        idempotency_key: string;
        identificativo_doc: string;
        operation: ForwardOperation;
        request: ClaimedForward['request'];
        file: Buffer | null;
        attempts: number;
      }>`
        UPDATE fse2_forward_outbox o SET leased_until = now() + make_interval(secs => ${leaseMs / 1000})
        FROM (
          SELECT h.id FROM (
            SELECT DISTINCT ON (chain) id, state, next_attempt_at, leased_until FROM fse2_forward_outbox
            WHERE state <> 'forwarded' AND state <> 'dropped' ORDER BY chain, id
          ) h
          WHERE h.state = 'pending' AND ${due}
            AND (h.leased_until IS NULL OR h.leased_until < now())
          ORDER BY h.id LIMIT ${limit}
        ) c
        WHERE o.id = c.id AND o.state = 'pending' AND (o.leased_until IS NULL OR o.leased_until < now())
        RETURNING o.id::text, o.idempotency_key, o.identificativo_doc, o.operation, o.request, o.file, o.attempts
      `.execute(db);
      return result.rows
        .map((r) => ({
          id: r.id,
          idempotencyKey: r.idempotency_key,
          identificativoDoc: r.identificativo_doc,
          operation: r.operation,
          request: r.request,
          file: r.file,
          attempts: r.attempts,
        }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },

    async markForwarded(id: string, workflowInstanceId: string | null): Promise<void> {
      await sql`
        UPDATE fse2_forward_outbox
        SET state = 'forwarded', forwarded_at = now(), leased_until = NULL, file = NULL,
            attempts = attempts + 1, national_workflow_instance_id = ${workflowInstanceId}
        WHERE id = ${id} AND state = 'pending'
      `.execute(db);
    },

    /** Many forwarded rows in one statement (one commit): the relay's marks of a window of answers. */
    async markForwardedMany(marks: readonly ForwardedMark[]): Promise<void> {
      if (marks.length === 0) return;
      await sql`
        UPDATE fse2_forward_outbox o
        SET state = 'forwarded', forwarded_at = now(), leased_until = NULL, file = NULL,
            attempts = o.attempts + 1, national_workflow_instance_id = m.wif
        FROM unnest(${marks.map((m) => m.id)}::bigint[], ${marks.map((m) => m.workflowInstanceId)}::text[])
          AS m(id, wif)
        WHERE o.id = m.id AND o.state = 'pending'
      `.execute(db);
    },

    async markRetry(id: string, cause: string, message: string, delayMs: number): Promise<void> {
      await sql`
        UPDATE fse2_forward_outbox
        SET attempts = attempts + 1, leased_until = NULL, last_cause = ${cause}, last_error = ${message.slice(0, 2000)},
            next_attempt_at = now() + make_interval(secs => ${delayMs / 1000})
        WHERE id = ${id} AND state = 'pending'
      `.execute(db);
    },

    /** The national side answered again: every row waiting out a backoff becomes due now (ADR 0014, outage). */
    async wakeWaiting(): Promise<number> {
      const result = await sql`
        UPDATE fse2_forward_outbox SET next_attempt_at = now() WHERE state = 'pending' AND next_attempt_at > now()
      `.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** A permanent refusal: kept with the national error for a person; never sent again by itself. */
    async markRefused(id: string, status: number, error: Record<string, unknown>): Promise<void> {
      await sql`
        UPDATE fse2_forward_outbox
        SET state = 'refused', attempts = attempts + 1, leased_until = NULL, last_cause = ${`refused_${status}`},
            last_error = ${nationalDetail(error, status)},
            national_error = ${JSON.stringify(error)}::jsonb
        WHERE id = ${id} AND state = 'pending'
      `.execute(db);
    },

    /** One statement for every backlog figure (the metrics scrape and the dashboard call it). */
    async figures(): Promise<BacklogFigures> {
      const result = await sql<{
        backlog: number;
        refused: number;
        over_sla: number;
        oldest: number | null;
        oldest_at: Date | null;
        by_cause: { cause: string; items: number; tries: number }[] | null;
      }>`
        WITH open AS (
          SELECT state, accepted_at, attempts, CASE WHEN state = 'refused' THEN 'refused' ELSE last_cause END AS cause
          FROM fse2_forward_outbox WHERE state <> 'forwarded' AND state <> 'dropped'
        ), causes AS (
          SELECT cause, count(*)::int AS items, sum(attempts)::int AS tries FROM open
          WHERE cause IS NOT NULL GROUP BY cause
        )
        SELECT count(*)::int AS backlog, (count(*) FILTER (WHERE state = 'refused'))::int AS refused,
               (count(*) FILTER (WHERE accepted_at < now() - make_interval(secs => ${NATIONAL_SLA_SECONDS})))::int
                 AS over_sla,
               EXTRACT(EPOCH FROM now() - min(accepted_at))::float8 AS oldest, min(accepted_at) AS oldest_at,
               (SELECT jsonb_agg(c ORDER BY c.cause) FROM causes c) AS by_cause
        FROM open
      `.execute(db);
      const row = result.rows[0];
      return {
        backlog: row?.backlog ?? 0,
        refused: row?.refused ?? 0,
        overSla: row?.over_sla ?? 0,
        oldestAgeSeconds: Math.max(0, row?.oldest ?? 0),
        oldestAcceptedAt: row?.oldest_at ?? null,
        failingByCause: row?.by_cause ?? [],
      };
    },

    /** The refusals waiting for a person, oldest first, with the national error. */
    async refused(limit = 100): Promise<RefusedForward[]> {
      const result = await sql<{
        id: string;
        identificativo_doc: string;
        operation: ForwardOperation;
        accepted_at: Date;
        national_error: unknown;
      }>`
        SELECT id::text, identificativo_doc, operation, accepted_at, national_error FROM fse2_forward_outbox
        WHERE state = 'refused' ORDER BY id LIMIT ${limit}
      `.execute(db);
      return result.rows.map((r) => ({
        id: r.id,
        identificativoDoc: r.identificativo_doc,
        operation: r.operation,
        acceptedAt: r.accepted_at,
        nationalError: r.national_error,
      }));
    },
  };
}

export type ForwardRepository = ReturnType<typeof forwardRepository>;
