import type { ForwardOperation } from '../forward/types.ts';

/** What the simulated national side holds: its documents and every request it took, by idempotency key (jti). */
export interface SimDocument {
  status: 'current' | 'replaced' | 'deleted';
  readonly workflowInstanceId: string;
  metadataUpdates: number;
}

export interface Received {
  readonly key: string;
  readonly operation: ForwardOperation;
  /** The document the operation concerns (the new one for a replacement). */
  readonly identificativoDoc: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** SHA-256 (hex) of the PDF a publication or replacement carried; null for the others. */
  readonly fileSha256?: string | null;
}

/** Turns a request into an answer (and a change of state) once per idempotency key. */
export class SimState {
  readonly documents = new Map<string, SimDocument>();
  /** First receipt of each key, in arrival order. */
  readonly accepted: Received[] = [];
  readonly #byKey = new Map<string, Received>();
  /** Resends of a key already answered: counted, never applied twice. */
  readonly duplicates = new Map<string, number>();
  /** identificativoDoc values the side refuses with a 400 (a test's or the operator's choice). */
  readonly refusals = new Set<string>();
  /** Requests refused with 429 because they came above the configured capacity. */
  throttled = 0;
  #sequence = 0;

  answered(key: string): Received | undefined {
    return this.#byKey.get(key);
  }

  /** A resend of a key already answered or being answered. */
  countDuplicate(key: string): void {
    this.duplicates.set(key, (this.duplicates.get(key) ?? 0) + 1);
  }

  remember(received: Received): void {
    this.#byKey.set(received.key, received);
    this.accepted.push(received);
  }

  nextWorkflowId(): string {
    this.#sequence += 1;
    return `2.16.840.1.113883.2.9.2.999.4.4.sim${String(this.#sequence)}^^^^urn:ihe:iti:xdw:2013:workflowInstanceId`;
  }

  /** Successful operations per document, in the order they were applied. */
  history(identificativoDoc: string): ForwardOperation[] {
    return this.accepted
      .filter((r) => r.identificativoDoc === identificativoDoc && r.status < 300)
      .map((r) => r.operation);
  }

  summary() {
    let duplicates = 0;
    for (const n of this.duplicates.values()) duplicates += n;
    return {
      documents: this.documents.size,
      accepted: this.accepted.filter((r) => r.status < 300).length,
      refused: this.accepted.filter((r) => r.status >= 400).length,
      duplicates,
      throttled: this.throttled,
    };
  }
}
