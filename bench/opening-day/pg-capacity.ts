import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sourceAddress } from './http.ts';
import type { Citizen } from './setup.ts';

/**
 * The machine's PostgreSQL write capacity for the enrollment transactions: the same
 * statements the server runs for one citizen-channel enrollment (submit, then confirm),
 * in the same transactions and commits, sent straight from `connections` connections
 * with no HTTP, no Fastify and no waiting room. Mirrors src/campaigns/drafts.ts
 * (submit, confirmWithCode), enrollment.ts (confirmEnrollment), the rate limiter of
 * src/http/rate-limit.ts (rate-limiter-flexible's upsert), the outbox insert of
 * src/notify/outbox/enqueue.ts and the audit insert of src/identity/audit.ts: 24
 * statements and 6 commits per enrollment. Keep it in step when those change.
 */
export async function measureWriteCapacity(
  url: string,
  citizens: readonly Citizen[],
  options: { seconds: number; connections: number; withCount: boolean },
): Promise<{ enrollmentsPerSecond: number; enrollments: number; seconds: number }> {
  const pool = new pg.Pool({ connectionString: url, max: options.connections });
  pool.on('error', () => undefined); // idle clients dropped at the end of the run
  const code = `pgcap-${randomBytes(3).toString('hex')}`;
  const {
    rows: [campaign],
  } = await pool.query<{ id: number }>(
    `INSERT INTO campaigns (code, name, products, opens_at, planned_weekly_capacity)
     VALUES ($1, 'capacity', '{Comirnaty}', now() - interval '1 day', 50000) RETURNING id`,
    [code],
  );
  const campaignId = campaign?.id ?? 0;
  const {
    rows: [cohort],
  } = await pool.query<{ id: number }>(
    `INSERT INTO campaign_cohorts (campaign_id, label, born_to_year, opens_at)
     VALUES ($1, 'over 80', $2, now() - interval '1 day') RETURNING id`,
    [campaignId, new Date().getUTCFullYear() - 80],
  );
  const cohortId = cohort?.id ?? 0;
  let next = 0;
  let done = 0;
  const deadline = Date.now() + options.seconds * 1000;

  const limit = (client: pg.PoolClient, key: string) =>
    client.query(
      `INSERT INTO rate_limits VALUES ($1, $2, $3) ON CONFLICT(key) DO UPDATE SET
       points = CASE WHEN (rate_limits.expire <= $4 OR 1=0) THEN $2 ELSE rate_limits.points + ($2) END,
       expire = CASE WHEN rate_limits.expire <= $4 THEN $3 ELSE rate_limits.expire END
     RETURNING points, expire`,
      [key, 1, Date.now() + 900_000, Date.now()],
    );
  const lookups = async (client: pg.PoolClient, cf: string): Promise<void> => {
    await client.query('SELECT * FROM campaigns WHERE code = $1', [code]);
    await client.query('SELECT * FROM campaign_cohorts WHERE campaign_id = $1 ORDER BY born_to_year', [campaignId]);
    await client.query('SELECT * FROM citizens WHERE fiscal_code = $1', [cf]);
  };
  const enqueue = (client: pg.PoolClient, key: string, lane: string, phone: string, text: string, validity: number) =>
    client.query(
      `WITH ins AS (
       INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s, not_before)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()))
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, queued_at
     ), history AS (INSERT INTO notify_events (message_id, at, kind) SELECT id, queued_at, 'queued' FROM ins)
     SELECT id FROM ins`,
      [key, lane, phone, text, validity, null],
    );

  const enroll = async (client: pg.PoolClient, c: Citizen, ip: string): Promise<void> => {
    await limit(client, `enroll-submit-ip:ip:${ip}`);
    await limit(client, `enroll-submit-cf:cf:${c.cf}`);
    await lookups(client, c.cf);
    await client.query('BEGIN');
    await client.query(
      'SELECT enrolled_at, channel, cohort_id FROM enrollments WHERE campaign_id = $1 AND citizen_id = $2',
      [campaignId, c.id],
    );
    await client.query(
      `SELECT * FROM enrollment_drafts WHERE campaign_id = $1 AND citizen_id = $2 AND status = 'pending' FOR UPDATE`,
      [campaignId, c.id],
    );
    const {
      rows: [draft],
    } = await client.query<{ id: number }>(
      `INSERT INTO enrollment_drafts (campaign_id, citizen_id, mobile_phone, secret_salt, code_expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [campaignId, c.id, c.phone, randomBytes(16).toString('base64url'), new Date(Date.now() + 7_200_000)],
    );
    await enqueue(
      client,
      `pgcap-draft:${draft?.id ?? 0}:send:1`,
      'otp',
      c.phone,
      `Salus: il tuo codice di adesione è 123456. Completa l'adesione con il codice oppure apri ` +
        `http://127.0.0.1/r/${draft?.id ?? 0}.${'x'.repeat(43)} (valido 2 ore). Non rispondere a questo SMS.`,
      600,
    );
    await client.query('COMMIT');

    await limit(client, `enroll-verify-ip:ip:${ip}`);
    await limit(client, `enroll-verify-cf:cf:${c.cf}`);
    await lookups(client, c.cf);
    await client.query('BEGIN');
    await client.query(
      `SELECT * FROM enrollment_drafts WHERE campaign_id = $1 AND citizen_id = $2 AND status = 'pending' FOR UPDATE`,
      [campaignId, c.id],
    );
    const {
      rows: [enrolled],
    } = await client.query<{ id: number }>(
      `INSERT INTO enrollments (campaign_id, citizen_id,
       cohort_id, channel, verified_by, operator_id, draft_id, mobile_phone)
       VALUES ($1, $2, $3, 'citizen', 'code', NULL, $4, $5)
       ON CONFLICT (campaign_id, citizen_id) DO NOTHING RETURNING id, enrolled_at`,
      [campaignId, c.id, cohortId, draft?.id ?? 0, c.phone],
    );
    await client.query(`UPDATE enrollment_drafts SET status = 'confirmed', confirmed_at = $1 WHERE id = $2`, [
      new Date(),
      draft?.id ?? 0,
    ]);
    if (options.withCount) {
      await client.query(
        `SELECT count(*)::int AS n FROM enrollments e JOIN citizens c ON c.id = e.citizen_id
                          WHERE e.campaign_id = $1 AND c.birth_date < make_date($2, 1, 1)`,
        [campaignId, new Date().getUTCFullYear() - 79],
      );
    }
    await enqueue(
      client,
      `pgcap-enrollment:${enrolled?.id ?? 0}:confirmed`,
      'appointment',
      c.phone,
      "Salus: adesione confermata. L'ordine di adesione non decide l'ordine di vaccinazione: si procede per " +
        'età. Periodo stimato: settimane 1-3.',
      86_400,
    );
    await client.query(
      `INSERT INTO audit_events (actor_kind, actor_id, actor_role, actor_name,
       on_behalf_of_citizen_id, subject_citizen_id, action, resource_type, resource_id, purpose, outcome, request_id)
       VALUES ('anonymous', '-', 'anonymous', 'anonymous', NULL, $1, 'create',
       'Enrollment', $2, 'enrollment:citizen', 'success', $3)`,
      [c.id, String(enrolled?.id ?? 0), randomBytes(8).toString('hex')],
    );
    await client.query('COMMIT');
  };

  const worker = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline && next < citizens.length) {
        const citizen = citizens[next];
        const ip = sourceAddress(next);
        next += 1;
        if (citizen === undefined) break;
        await enroll(client, citizen, ip);
        done += 1;
      }
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { enrollmentsPerSecond: Math.round(done / seconds), enrollments: done, seconds: Number(seconds.toFixed(1)) };
}
