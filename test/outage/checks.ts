import type { Received } from '../../src/fse2/national-sim/index.ts';
import { withClient } from '../failover/checks.ts';
import type { Change, ChangeKind } from './publish.ts';

/**
 * What the outage drill checks after the drain, from the surviving leader's outbox (SQL) and the national
 * simulator's log of what it received (first receipt of each idempotency key, in arrival order):
 * - every acknowledged change has its outbox row, and every row reached the national side exactly once;
 * - no document forwarded twice: one publication per identificativoDoc, as many updates as rows;
 * - in order per document: along each chain the national side received the rows in the outbox's order;
 * - the SLA clock: each row's age runs from its acceptance (the commit the producer was answered after).
 */
export interface OutboxRow {
  readonly id: number;
  readonly key: string;
  readonly chain: string;
  readonly identificativoDoc: string;
  readonly operation: string;
  readonly state: string;
  readonly acceptedAt: number;
  readonly forwardedAt: number | null;
  readonly attempts: number;
}

export async function outboxRows(url: string, runId: string): Promise<OutboxRow[]> {
  return withClient(url, async (client) => {
    const rows = await client.query<{
      id: number;
      idempotency_key: string;
      chain: string;
      identificativo_doc: string;
      operation: string;
      state: string;
      accepted: number;
      forwarded: number | null;
      attempts: number;
    }>(
      `SELECT id::int AS id, idempotency_key, chain, identificativo_doc, operation, state, attempts,
              (EXTRACT(EPOCH FROM accepted_at) * 1000)::float8 AS accepted,
              (EXTRACT(EPOCH FROM forwarded_at) * 1000)::float8 AS forwarded
         FROM fse2_forward_outbox WHERE identificativo_doc LIKE $1 ORDER BY id`,
      [`%^${runId}.%`],
    );
    return rows.rows.map((r) => ({
      id: r.id,
      key: r.idempotency_key,
      chain: r.chain,
      identificativoDoc: r.identificativo_doc,
      operation: r.operation,
      state: r.state,
      acceptedAt: r.accepted,
      forwardedAt: r.forwarded,
      attempts: r.attempts,
    }));
  });
}

/** Rows of this run not forwarded yet, optionally only those accepted before `before` (epoch ms). */
export async function unforwarded(url: string, runId: string, before?: number): Promise<number> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM fse2_forward_outbox
        WHERE identificativo_doc LIKE $1 AND state <> 'forwarded' AND accepted_at < to_timestamp($2 / 1000.0)`,
      [`%^${runId}.%`, before ?? Date.now() + 86_400_000],
    );
    return rows.rows[0]?.n ?? 0;
  });
}

export interface ForwardCheck {
  readonly outboxRows: number;
  /** Acknowledged changes without an outbox row (lost by Salus). */
  readonly lostInOutbox: string[];
  /** Outbox rows the national side never accepted (lost on the way). */
  readonly lostNationally: string[];
  /** Documents the national side took more than once (by key it cannot: its receiver is idempotent by jti). */
  readonly forwardedTwice: string[];
  /** Resends of a key the national side had already answered (a lease that ran out): harmless, counted. */
  readonly resends: number;
  /** Chains whose rows reached the national side in another order than the outbox's. */
  readonly outOfOrder: string[];
  /** Rows the national side refused (a replacement before its publication would be a 404). */
  readonly refused: string[];
  /** Per-document stories checked for order (publication, update, replacement). */
  readonly chainsWithUpdates: number;
}

const OPERATION: Record<ChangeKind, string> = { create: 'create', metadata: 'metadata', replace: 'replace' };

export function checkForwarding(
  changes: readonly Change[],
  rows: readonly OutboxRow[],
  received: readonly Received[],
  duplicates: ReadonlyMap<string, number>,
): ForwardCheck {
  const rowsOf = new Map<string, OutboxRow[]>();
  for (const r of rows) {
    const k = `${r.operation} ${r.identificativoDoc}`;
    rowsOf.set(k, [...(rowsOf.get(k) ?? []), r]);
  }
  const lostInOutbox = changes
    .filter((c) => c.ackedAt !== undefined && !rowsOf.has(`${OPERATION[c.kind]} ${c.identificativoDoc}`))
    .map((c) => `${c.kind} ${c.identificativoDoc}`);
  const position = new Map<string, number>();
  received.forEach((r, i) => {
    if (r.status < 300) position.set(r.key, i);
  });
  const keys = new Set(rows.map((r) => r.key));
  const lostNationally = rows.filter((r) => !position.has(r.key)).map((r) => `${r.operation} ${r.identificativoDoc}`);
  const refused = received
    .filter((r) => keys.has(r.key) && r.status >= 300)
    .map((r) => `${r.operation} ${r.identificativoDoc}: ${r.status}`);
  const publications = new Map<string, number>();
  const updates = new Map<string, number>();
  for (const r of received) {
    if (!keys.has(r.key) || r.status >= 300) continue;
    const tally = r.operation === 'metadata' ? updates : publications;
    tally.set(r.identificativoDoc, (tally.get(r.identificativoDoc) ?? 0) + 1);
  }
  const forwardedTwice = [
    ...[...publications].filter(([, n]) => n > 1).map(([doc, n]) => `${doc}: published ${n} times`),
    ...[...updates]
      .filter(([doc, n]) => n !== (rowsOf.get(`metadata ${doc}`)?.length ?? 0))
      .map(([doc, n]) => `${doc}: ${n} updates for ${rowsOf.get(`metadata ${doc}`)?.length ?? 0} rows`),
  ];
  const chains = new Map<string, OutboxRow[]>();
  for (const r of rows) chains.set(r.chain, [...(chains.get(r.chain) ?? []), r]);
  const outOfOrder: string[] = [];
  for (const [chain, list] of chains) {
    const at = list.map((r) => position.get(r.key) ?? -1);
    if (at.some((p, i) => i > 0 && p <= (at[i - 1] ?? -1)))
      outOfOrder.push(`${chain}: ${list.map((r) => r.operation).join(',')}`);
  }
  let resends = 0;
  for (const [key, n] of duplicates) if (keys.has(key)) resends += n;
  return {
    outboxRows: rows.length,
    lostInOutbox,
    lostNationally,
    forwardedTwice,
    resends,
    outOfOrder,
    refused,
    chainsWithUpdates: [...chains.values()].filter((l) => l.length > 1).length,
  };
}

export interface AgeCheck {
  /** Largest acceptance → forward time of any row, in seconds (SLA: 86,400). */
  readonly maxAgeSeconds: number;
  /** Rows whose acceptance is not before the producer's answer (+1 s), or far before its first try. */
  readonly acceptedAfterAck: number;
  /** Largest producer-answer minus acceptance, ms: the acceptance is the commit the producer was answered after. */
  readonly maxAckLagMs: number;
}

export function checkAges(changes: readonly Change[], rows: readonly OutboxRow[]): AgeCheck {
  const ackOf = new Map<string, Change>();
  for (const c of changes) if (c.ackedAt !== undefined) ackOf.set(`${OPERATION[c.kind]} ${c.identificativoDoc}`, c);
  let maxAge = 0;
  let acceptedAfterAck = 0;
  let maxAckLagMs = 0;
  for (const r of rows) {
    if (r.forwardedAt !== null) maxAge = Math.max(maxAge, r.forwardedAt - r.acceptedAt);
    const change = ackOf.get(`${r.operation} ${r.identificativoDoc}`);
    const ackedAt = change?.ackedAt;
    const sentAt = change?.attempts[0]?.sentAt;
    if (ackedAt === undefined || sentAt === undefined) continue;
    // One clock (same machine): accepted while the producer waited for its answer.
    if (r.acceptedAt > ackedAt + 1_000 || r.acceptedAt < sentAt - 1_000) acceptedAfterAck++;
    maxAckLagMs = Math.max(maxAckLagMs, ackedAt - r.acceptedAt);
  }
  return { maxAgeSeconds: Math.round(maxAge / 100) / 10, acceptedAfterAck, maxAckLagMs: Math.round(maxAckLagMs) };
}
