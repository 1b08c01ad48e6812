import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { measureWork, type WorkMeasurement } from './pg-measure.ts';
import type { Citizen } from './setup.ts';

/**
 * The PostgreSQL cost of the enrollment transactions: the same statements the server runs for one
 * citizen-channel enrollment (submit, then confirm with the code), in the same transactions and
 * commits, sent straight from `connections` connections with no HTTP, no Fastify and no waiting room.
 * Mirrors src/campaigns/drafts.ts (submit, confirmWithCode), enrollment.ts (confirmEnrollment),
 * phone-limit.ts (the per-phone lock and count), repository.ts (the draft found with its citizen), the
 * outbox insert of src/notify/outbox/enqueue.ts and the audit insert of src/identity/audit.ts: 15
 * statements (BEGIN and COMMIT included) and 2 commits per enrollment. Not here, as in the server: the
 * rate-limit counters (in memory, ADR 0021) and the campaign with its cohorts (cached, campaign-cache.ts).
 * Keep it in step when those change. Reports the rate, PostgreSQL's CPU and the commits per enrollment.
 */
export async function measureWriteCapacity(
  url: string,
  citizens: readonly Citizen[],
  options: { seconds: number; connections: number; postmaster: number | undefined },
): Promise<WorkMeasurement> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
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
  await pool.end();

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

  const enroll = async (client: pg.PoolClient, c: Citizen): Promise<void> => {
    await client.query('BEGIN');
    await client.query(
      `SELECT id, health_card_number, birth_date, given_name, family_name FROM registry_citizens
       WHERE fiscal_code = $1`,
      [c.cf],
    );
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `enroll-phone:${campaignId}:${c.phone}`,
    ]);
    await client.query(
      `SELECT count(DISTINCT citizen_id)::int AS n FROM (
         SELECT citizen_id FROM enrollment_drafts
         WHERE campaign_id = $1 AND mobile_phone = $2 AND status = 'pending' AND code_expires_at > $3
         UNION ALL
         SELECT citizen_id FROM enrollments
         WHERE campaign_id = $1 AND contact_phone = $2 AND withdrawn_at IS NULL
       ) p WHERE citizen_id <> $4`,
      [campaignId, c.phone, new Date(), c.id],
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

    await client.query('BEGIN');
    await client.query(
      `SELECT d.*, c.birth_date, c.given_name, c.family_name FROM enrollment_drafts d
       JOIN registry_citizens c ON c.id = d.citizen_id
       WHERE d.campaign_id = $1 AND c.fiscal_code = $2 AND d.status = 'pending' FOR UPDATE OF d`,
      [campaignId, c.cf],
    );
    const {
      rows: [enrolled],
    } = await client.query<{ id: number }>(
      `INSERT INTO enrollments (campaign_id, citizen_id,
       cohort_id, channel, verified_by, operator_id, draft_id, mobile_phone, contact_phone, lang)
       VALUES ($1, $2, $3, 'citizen', 'code', NULL, $4, $5, $5, NULL)
       ON CONFLICT (campaign_id, citizen_id) DO NOTHING RETURNING id, enrolled_at`,
      [campaignId, c.id, cohortId, draft?.id ?? 0, c.phone],
    );
    await client.query(`UPDATE enrollment_drafts SET status = 'confirmed', confirmed_at = $1 WHERE id = $2`, [
      new Date(),
      draft?.id ?? 0,
    ]);
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

  return measureWork(
    url,
    {
      seconds: options.seconds,
      connections: options.connections,
      units: citizens.length,
      postmaster: options.postmaster,
    },
    async (client, index) => {
      const citizen = citizens[index];
      if (citizen !== undefined) await enroll(client, citizen);
    },
  );
}
