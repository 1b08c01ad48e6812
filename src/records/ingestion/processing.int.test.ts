import type { Bundle } from '@medplum/fhirtypes';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../notify/index.ts';
import type { Outbox } from '../../shared/outbox.ts';
import type { RecordsDatabase } from '../db-types.ts';
import { ingestionRepository } from './repository.ts';
import { documentInput as input, idOf, waitFor } from '../../../test/support/records/submissions.ts';
import { provideBundle } from '../mhd/build.ts';
import {
  bearerCaller,
  facilityToken,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';

let server: RecordsTestServer;
let hospital: Caller;
let maria: { id: number; fiscal_code: string };
let failing = false;
let databaseGone = false;
const outbox: Outbox = {
  enqueue: async (trx, message) => {
    if (failing) throw new Error('SMS outbox unavailable (test)');
    // What node-postgres raises when the leader's site is lost mid-transaction.
    if (databaseGone) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    await enqueueMessage(trx, message);
  },
};

beforeAll(async () => {
  server = await startRecordsTestServer({ seed: false, outbox });
  hospital = bearerCaller(await facilityToken(server.baseUrl));
  maria = await server.db.kysely
    .selectFrom('citizens')
    .select(['id', 'fiscal_code'])
    .where('given_name', '=', 'Maria')
    .where('family_name', '=', 'Brambilla')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await server.close();
});

const post = (bundle: unknown) => hospital.send('POST', server.fhirBase, bundle);

describe('processing after acceptance (24 h SLA)', () => {
  it('indexes, notifies the citizen by SMS, and measures the delay', async () => {
    const result = (await (
      await post(
        provideBundle(
          { patientId: maria.id },
          [input(), input({ docClass: 'LDO', description: 'Lettera di dimissione' })],
          { sourceId: 'urn:test' },
        ),
      )
    ).json()) as Bundle;
    const submission = idOf(result.entry?.[0]?.response?.location);
    await server.records.processor.processDue();
    await waitFor(
      async () =>
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM fse_ingestion
            WHERE submission_id = ${submission} AND state = 'done'`.execute(server.db.kysely)
        ).rows[0]?.n === 2,
    );
    const sms = await sql<{
      body: string;
      lane: string;
    }>`SELECT body, lane FROM notify_messages
      WHERE idempotency_key = ${`fse:submission:${submission}:available`}`.execute(server.db.kysely);
    expect(sms.rows).toHaveLength(1);
    expect(sms.rows[0]).toMatchObject({ lane: 'bulk', body: expect.stringContaining('2 nuovi documenti') as string });
    const index = await sql<{
      doc_class: string;
    }>`SELECT doc_class FROM fse_patient_index WHERE patient_id = ${maria.id}`.execute(server.db.kysely);
    expect(index.rows.map((r) => r.doc_class).sort()).toEqual(['LDO', 'REF']);
    const metrics = await server.metrics();
    expect(metrics).toMatch(/fse_ingestion_delay_seconds_count \d+/);
    expect(metrics).toMatch(/fse_ingestion_oldest_pending_seconds \d/);
    expect(metrics).toMatch(/fse_documents_accepted_total \d+/);
  });

  it('lets workers racing for one submission of several documents share the work without a deadlock', async () => {
    const submissions: string[] = [];
    for (let i = 0; i < 4; i++) {
      const docs = [
        input(),
        input({ docClass: 'LDO', description: 'Lettera di dimissione' }),
        input({ docClass: 'REF', description: `Referto ${i}` }),
      ];
      const result = (await (
        await post(provideBundle({ patientId: maria.id }, docs, { sourceId: 'urn:test' }))
      ).json()) as Bundle;
      submissions.push(idOf(result.entry?.[0]?.response?.location));
    }
    // Four workers at once, as the job runner and the kicks of both sites do: each may claim a
    // different row of the same submission (SKIP LOCKED claims rows, not submissions).
    await Promise.all([1, 2, 3, 4].map(() => server.records.processor.processDue()));
    const done = async () =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM fse_ingestion
          WHERE submission_id = ANY(${submissions}::uuid[]) AND state = 'done'`.execute(server.db.kysely)
      ).rows[0]?.n;
    // The background worker's kick may hold the last submission (SKIP LOCKED passes it by): wait for its commit.
    await waitFor(async () => (await done()) === 12);
    expect(await done()).toBe(12);
  });

  it(
    'retries a failing step, flags after the last attempt, never ' + 'loses the document, and processes it once fixed',
    async () => {
      failing = true;
      const result = (await (
        await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
      ).json()) as Bundle;
      const submission = idOf(result.entry?.[0]?.response?.location);
      const docId = idOf(result.entry?.[1]?.response?.location);
      const state = async () =>
        (
          await sql<{ state: string; attempts: number; last_error: string | null; wait: number }>`
      SELECT state, attempts, last_error, extract(epoch FROM next_attempt_at - now())::int AS wait
        FROM fse_ingestion WHERE submission_id = ${submission}`.execute(server.db.kysely)
        ).rows[0];
      await server.records.processor.processDue();
      await waitFor(async () => ((await state())?.attempts ?? 0) >= 1);
      expect(await state()).toMatchObject({
        state: 'pending',
        attempts: 1,
        last_error: 'SMS outbox unavailable (test)',
      });
      expect((await state())?.wait).toBeGreaterThan(50); // backs off 60 s before the second attempt
      await sql`UPDATE fse_ingestion SET attempts = 9, next_attempt_at = now()
      WHERE submission_id = ${submission}`.execute(server.db.kysely);
      await server.records.processor.processDue();
      await waitFor(async () => (await state())?.state === 'flagged');
      expect((await hospital.get(`${server.fhirBase}/DocumentReference/${docId}`)).status).toBe(200);
      expect(await server.metrics()).toMatch(/fse_ingestion_flagged_documents [1-9]/);
      failing = false;
      expect(await server.records.processor.retryFlagged()).toBe(1);
      await server.records.processor.processDue();
      await waitFor(async () => (await state())?.state === 'done');
    },
  );

  it('counts one failed attempt once when two workers both failed it (the second finds the back-off set)', async () => {
    const result = (await (
      await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const submission = idOf(result.entry?.[0]?.response?.location);
    // Processed by the kick in the background, or not yet: either way, make it due and pending again. In one
    // transaction with the two reports: the row stays locked, so the background worker (SKIP LOCKED) cannot process
    // it in between (seen in CI: it did, and found nothing to count), and at commit it is backed off.
    // The platform's handle types every table; the repository's, only records' own (the same database).
    const recordsDb = server.db.kysely as unknown as Kysely<RecordsDatabase>;
    const row = await recordsDb.transaction().execute(async (trx) => {
      await sql`UPDATE fse_ingestion SET state = 'pending', attempts = 0, last_error = NULL,
        next_attempt_at = now() - interval '1 second' WHERE submission_id = ${submission}`.execute(trx);
      // Two workers that claimed the same due row one after the other (the first's rollback freed it) both report.
      await ingestionRepository.recordFailure(trx, submission, 'first worker', 10);
      await ingestionRepository.recordFailure(trx, submission, 'second worker', 10);
      return (
        await sql<{ attempts: number; last_error: string }>`
          SELECT attempts, last_error FROM fse_ingestion WHERE submission_id = ${submission}`.execute(trx)
      ).rows[0];
    });
    expect(row).toEqual({ attempts: 1, last_error: 'first worker' });
  });

  it(
    'does not count a database outage as a failed attempt: no ' + 'back-off, processed as soon as the database answers',
    async () => {
      databaseGone = true;
      const result = (await (
        await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
      ).json()) as Bundle;
      const submission = idOf(result.entry?.[0]?.response?.location);
      const state = async () =>
        (
          await sql<{ state: string; attempts: number; due: boolean }>`
      SELECT state, attempts, next_attempt_at <= now() AS due
        FROM fse_ingestion WHERE submission_id = ${submission}`.execute(server.db.kysely)
        ).rows[0];
      // The run fails (so that the job is retried); the background worker's kick may be the one that tried.
      await server.records.processor.processDue().catch(() => undefined);
      expect(await state()).toEqual({ state: 'pending', attempts: 0, due: true });
      databaseGone = false;
      await server.records.processor.processDue();
      await waitFor(async () => (await state())?.state === 'done');
      expect((await state())?.attempts).toBe(1);
    },
  );
});
