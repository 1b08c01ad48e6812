import type { QueryExecutorProvider } from 'kysely';

/** The national Gateway operations the region forwards (swagger_gtw.yaml paths in national-client.ts). */
export type ForwardOperation =
  'create' | 'validate-and-create' | 'replace' | 'validate-and-replace' | 'delete' | 'metadata';

/** One accepted change to forward, as the producer sent it to Salus (middleware-regionale: transparent). */
export interface ForwardChange {
  readonly operation: ForwardOperation;
  /** The document this change concerns: the new one for a publication or replacement, the target otherwise. */
  readonly identificativoDoc: string;
  /** The {idDoc} of the national path (replace, delete, metadata), or null for a creation. */
  readonly target: string | null;
  /** The requestBody DTO (none for a delete). */
  readonly requestBody: Record<string, unknown> | null;
  /** The producer's signed claims (national names), re-signed by the region at each send. */
  readonly claims: Record<string, unknown>;
  /**
   * The PDF (publication and replacement): its bytes, or "record" when the record filed it in the same transaction
   * (the Gateway's publications): the relay then reads the record's own copy at send time instead of a second
   * 65 KB copy in the outbox (ADR 0017, "The rest of a publication").
   */
  readonly file: Buffer | 'record' | null;
  /** The record's DocumentReference: the document's reference in the regional repository. */
  readonly documentReferenceId: string;
}

/** What the Gateway service calls inside the record's transaction: the row exists iff the change commits. */
export type ForwardSink = (trx: QueryExecutorProvider, change: ForwardChange) => Promise<void>;

/** The outcome of one send, as the relay classifies it. */
export type SendOutcome =
  | { readonly kind: 'forwarded'; readonly workflowInstanceId: string | null; readonly duplicate: boolean }
  | {
      readonly kind: 'transient';
      readonly cause: TransientCause;
      readonly message: string;
      /** A 429's wait (its Retry-After, 1 s without one): the relay pauses every send that long. */
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'refused'; readonly status: number; readonly error: Record<string, unknown> };

/** Why a send may succeed later: the labels of fse2_forward_failures_total. */
export type TransientCause = 'unreachable' | 'timeout' | 'server_error' | 'throttled' | 'bad_answer';
