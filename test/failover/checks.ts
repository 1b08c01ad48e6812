import pg from 'pg';
import { CAMPAIGN, type Write } from './load.ts';

/**
 * What the failover test checks in SQL, after the fact, on the surviving leader:
 * every acknowledged write is present exactly once with its SMS in the outbox, and
 * the outbox messages that existed before a kill are all still there, once each,
 * and none was submitted to an SMSC twice.
 */
export interface WriteCheck {
  readonly acknowledged: number;
  /** Acknowledged writes whose row is missing. */
  readonly lost: string[];
  /** Acknowledged writes present more than once, or whose SMS is missing or doubled. */
  readonly wrong: string[];
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkWrites(url: string, writes: readonly Write[]): Promise<WriteCheck> {
  const acked = writes.filter((w) => w.ackedAt !== undefined);
  const enrolls = acked.filter((w) => w.kind === 'enroll').map((w) => w.citizen.fiscalCode);
  const drafts = acked.filter((w) => w.kind === 'draft').map((w) => w.citizen.fiscalCode);
  return withClient(url, async (client) => {
    const lost: string[] = [];
    const wrong: string[] = [];
    // Enrollment confirmations are queued with the key enrollment:<id>:confirmed.
    const e = await client.query<{ fiscal_code: string; n: number; sms: number; phone: string | null }>(
      `SELECT c.fiscal_code, c.mobile_phone AS phone, count(e.id)::int AS n,
              (SELECT count(*)::int FROM notify_messages m
               WHERE m.idempotency_key = 'enrollment:' || min(e.id) || ':confirmed') AS sms
         FROM citizens c
         LEFT JOIN enrollments e ON e.citizen_id = c.id AND e.campaign_id = (SELECT id FROM campaigns WHERE code = $2)
        WHERE c.fiscal_code = ANY($1)
        GROUP BY c.fiscal_code, c.mobile_phone`,
      [enrolls, CAMPAIGN],
    );
    for (const row of e.rows) {
      if (row.n === 0) lost.push(`enrollment ${row.fiscal_code}`);
      else if (row.n > 1 || row.sms !== (row.phone === null ? 0 : 1))
        wrong.push(`enrollment ${row.fiscal_code}: ${row.n} rows, ${row.sms} SMS`);
    }
    if (e.rows.length !== enrolls.length) lost.push(`${enrolls.length - e.rows.length} enrolled citizens not found`);
    // A draft queues one code SMS per send (enrollment-draft:<id>:send:<n>); a retried submit is a resend.
    const d = await client.query<{ fiscal_code: string; pending: number; sends: number; sms: number }>(
      `SELECT c.fiscal_code, count(d.id)::int AS pending, coalesce(sum(d.sends), 0)::int AS sends,
              (SELECT count(*)::int FROM notify_messages m
               WHERE m.idempotency_key LIKE 'enrollment-draft:' || min(d.id) || ':send:%') AS sms
         FROM citizens c
         LEFT JOIN enrollment_drafts d ON d.citizen_id = c.id AND d.status = 'pending'
              AND d.campaign_id = (SELECT id FROM campaigns WHERE code = $2)
        WHERE c.fiscal_code = ANY($1)
        GROUP BY c.fiscal_code`,
      [drafts, CAMPAIGN],
    );
    for (const row of d.rows) {
      if (row.pending === 0) lost.push(`draft ${row.fiscal_code}`);
      else if (row.pending > 1 || row.sms !== row.sends)
        wrong.push(`draft ${row.fiscal_code}: ${row.pending} open drafts, ${row.sends} sends, ${row.sms} SMS`);
    }
    if (d.rows.length !== drafts.length) lost.push(`${drafts.length - d.rows.length} draft citizens not found`);
    return { acknowledged: acked.length, lost, wrong };
  });
}

export interface OutboxSnapshot {
  readonly at: number;
  readonly ids: ReadonlyMap<string, number>;
}

/**
 * The outbox as the node that will survive a kill sees it just before: on a
 * synchronous standby every row visible there is durable there, so each of them must
 * still exist, with the same id, after the failover.
 */
export async function snapshotOutbox(url: string): Promise<OutboxSnapshot> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ idempotency_key: string; id: number }>(
      'SELECT idempotency_key, id::int AS id FROM notify_messages',
    );
    return { at: Date.now(), ids: new Map(rows.rows.map((r) => [r.idempotency_key, r.id])) };
  });
}

export interface OutboxCheck {
  readonly before: number;
  readonly lost: number;
  /** Keys held by more than one row, or messages submitted to an SMSC more than once. */
  readonly duplicated: number;
}

export async function checkOutbox(url: string, snapshot: OutboxSnapshot): Promise<OutboxCheck> {
  return withClient(url, async (client) => {
    const keys = [...snapshot.ids.keys()];
    const now = await client.query<{ idempotency_key: string; id: number }>(
      'SELECT idempotency_key, id::int AS id FROM notify_messages WHERE idempotency_key = ANY($1)',
      [keys],
    );
    const found = new Map(now.rows.map((r) => [r.idempotency_key, r.id]));
    const lost = keys.filter((k) => found.get(k) !== snapshot.ids.get(k)).length;
    const twice = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT idempotency_key FROM notify_messages GROUP BY idempotency_key HAVING count(*) > 1
         UNION ALL
         SELECT message_id::text FROM notify_events WHERE kind = 'submitted' GROUP BY message_id HAVING count(*) > 1
       ) AS d`,
    );
    return { before: keys.length, lost, duplicated: twice.rows[0]?.n ?? 0 };
  });
}

/** Over-80 citizens (the open cohort) not yet enrolled, with a health card and a phone to use. */
export async function eligibleCitizens(
  url: string,
  limit: number,
): Promise<{ fiscalCode: string; healthCard: string; phone: string }[]> {
  return withClient(url, async (client) => {
    const rows = await client.query<{ fiscal_code: string; health_card_number: string; phone: string }>(
      `SELECT c.fiscal_code, c.health_card_number,
        coalesce(c.mobile_phone, '+39333' || lpad(c.id::text, 7, '0')) AS phone
         FROM citizens c
        WHERE extract(year FROM c.birth_date) <= extract(year FROM current_date) - 80
          AND c.synthetic_seed IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.citizen_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM enrollment_drafts d WHERE d.citizen_id = c.id)
        ORDER BY c.id
        LIMIT $1`,
      [limit],
    );
    return rows.rows.map((r) => ({ fiscalCode: r.fiscal_code, healthCard: r.health_card_number, phone: r.phone }));
  });
}
