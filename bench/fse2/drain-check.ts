import { sql, type Kysely } from 'kysely';

export interface DrainCheck {
  readonly outboxRows: number;
  readonly forwarded: number;
  /** Outbox rows the national side never took. */
  readonly lost: number;
  /** Resends the national side detected by key, plus keys it applied more than once (never, by design). */
  readonly duplicates: number;
  /** Chains with more than one change, and how many of them reached the side out of outbox order. */
  readonly chainsChecked: number;
  readonly outOfOrder: number;
}

interface SimLog {
  readonly accepted: readonly (readonly [key: string, identificativoDoc: string, status: number])[];
  readonly duplicates: Record<string, number>;
}

/** 0 lost, 0 duplicates, order per document: the outbox of run `run` against what the simulator applied. */
export async function checkDrain(db: Kysely<unknown>, run: string, log: SimLog): Promise<DrainCheck> {
  const rows = await sql<{ key: string; chain: string; state: string }>`
    SELECT idempotency_key AS key, chain, state FROM fse2_forward_outbox
    WHERE identificativo_doc LIKE ${`%^${run}.%`} ORDER BY id
  `.execute(db);
  const arrival = new Map<string, number>();
  let appliedTwice = 0;
  log.accepted.forEach(([key, , status], index) => {
    if (status >= 300) return;
    if (arrival.has(key)) appliedTwice++;
    else arrival.set(key, index);
  });
  const lastOfChain = new Map<string, number>();
  const chainSize = new Map<string, number>();
  let lost = 0;
  const outOfOrder = new Set<string>();
  for (const row of rows.rows) {
    const at = arrival.get(row.key);
    chainSize.set(row.chain, (chainSize.get(row.chain) ?? 0) + 1);
    if (at === undefined) {
      lost++;
      continue;
    }
    if (at < (lastOfChain.get(row.chain) ?? -1)) outOfOrder.add(row.chain);
    lastOfChain.set(row.chain, at);
  }
  const keys = new Set(rows.rows.map((r) => r.key));
  const resent = Object.entries(log.duplicates)
    .filter(([key]) => keys.has(key))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    outboxRows: rows.rows.length,
    forwarded: rows.rows.filter((r) => r.state === 'forwarded').length,
    lost,
    duplicates: resent + appliedTwice,
    chainsChecked: [...chainSize.values()].filter((n) => n > 1).length,
    outOfOrder: outOfOrder.size,
  };
}
