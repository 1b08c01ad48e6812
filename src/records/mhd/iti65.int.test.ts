import { randomBytes, randomUUID } from 'node:crypto';
import type { Binary, Bundle, DocumentReference, OperationOutcome } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../notify/index.ts';
import type { Outbox } from '../../shared/outbox.ts';
import {
  bearerCaller,
  facilityToken,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';
import { provideBundle, type DocumentInput } from './build.ts';

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

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n${randomBytes(64).toString('hex')}\n%%EOF\n`);
const input = (overrides: Partial<DocumentInput> = {}): DocumentInput => ({
  masterIdentifier: {
    system: 'urn:ietf:rfc:3986',
    value: `urn:oid:2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`,
  },
  docClass: 'REF',
  description: 'Referto di laboratorio',
  date: '2026-03-10T09:30:00+01:00',
  content: pdf('lab'),
  author: { given: 'Anna', family: 'Verdi' },
  ...overrides,
});
const post = (bundle: unknown, caller: Caller = hospital) => caller.send('POST', server.fhirBase, bundle);
const counts = async () =>
  (
    await sql<{ d: number; b: number; l: number; i: number }>`
  SELECT (SELECT count(*) FROM fhir_document_reference)::int AS d, (SELECT count(*) FROM fhir_binary)::int AS b,
         (SELECT count(*) FROM fhir_list)::int AS l, (SELECT count(*) FROM fse_ingestion)::int AS i`.execute(
      server.db.kysely,
    )
  ).rows[0];
const idOf = (location: string | undefined) => location?.split('/')[1] ?? '';
const waitFor = async (check: () => Promise<boolean>, ms = 15_000) => {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 100)))
    if (await check()) return;
  throw new Error('timed out');
};

describe('ITI-65 Provide Document Bundle', () => {
  it('stores the submission and answers a transaction-response with locations', async () => {
    const doc = input();
    const response = await post(provideBundle({ fiscalCode: maria.fiscal_code }, [doc], { sourceId: 'urn:test' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const result = (await response.json()) as Bundle;
    expect(result.type).toBe('transaction-response');
    expect(result.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    const docId = idOf(result.entry?.[1]?.response?.location);
    const read = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${docId}`)
    ).json()) as DocumentReference;
    expect(read).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: `Patient/${maria.id}` },
      meta: { versionId: '1' },
    });
    const url = read.content[0]?.attachment.url ?? '';
    expect(url).toMatch(new RegExp(`^${server.fhirBase}/Binary/`));
    const bytes = await hospital.get(url); // ITI-68: the document itself
    expect(bytes.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await bytes.arrayBuffer()).equals(doc.content)).toBe(true);
    const asFhir = (await (await hospital.get(url, { accept: 'application/fhir+json' })).json()) as Binary;
    expect(asFhir).toMatchObject({
      resourceType: 'Binary',
      contentType: 'application/pdf',
      data: doc.content.toString('base64'),
      securityContext: { reference: `DocumentReference/${docId}` },
    });
  });

  it('does not duplicate a document posted twice (same masterIdentifier and bytes)', async () => {
    const doc = input();
    const first = (await (
      await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const before = await counts();
    const again = await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }));
    expect(again.status).toBe(200);
    const replay = (await again.json()) as Bundle;
    expect(replay.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(replay.entry?.map((e) => e.response?.location)).toEqual(first.entry?.map((e) => e.response?.location));
    expect(await counts()).toEqual(before);
  });

  it('refuses the same masterIdentifier for different bytes with 409, storing nothing', async () => {
    const doc = input();
    await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }));
    const before = await counts();
    const response = await post(
      provideBundle({ patientId: maria.id }, [{ ...doc, content: pdf('other') }], { sourceId: 'urn:test' }),
    );
    expect(response.status).toBe(409);
    expect(((await response.json()) as OperationOutcome).issue[0]?.code).toBe('conflict');
    expect(await counts()).toEqual(before);
  });

  it('replaces a document: the old one is superseded in the same transaction', async () => {
    const first = (await (
      await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const oldId = idOf(first.entry?.[1]?.response?.location);
    const second = (await (
      await post(
        provideBundle({ patientId: maria.id }, [input({ replaces: oldId, description: 'Referto corretto' })], {
          sourceId: 'urn:test',
        }),
      )
    ).json()) as Bundle;
    const newId = idOf(second.entry?.[1]?.response?.location);
    const old = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${oldId}`)
    ).json()) as DocumentReference;
    expect(old).toMatchObject({ status: 'superseded', meta: { versionId: '2' } });
    const replacement = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${newId}`)
    ).json()) as DocumentReference;
    expect(replacement.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${oldId}` } }]);
    const v1 = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${oldId}/_history/1`)
    ).json()) as DocumentReference;
    expect(v1.status).toBe('current');
    const current = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference?patient=${maria.id}&status=current&_count=200`)
    ).json()) as Bundle;
    const ids = current.entry?.map((e) => e.resource?.id);
    expect(ids).toContain(newId);
    expect(ids).not.toContain(oldId);
    const related = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference?relatesto=DocumentReference/${oldId}`)
    ).json()) as Bundle;
    expect(related.entry?.map((e) => e.resource?.id)).toEqual([newId]);
    // Replacing it again is refused: it is no longer current.
    const before = await counts();
    expect(
      (await post(provideBundle({ patientId: maria.id }, [input({ replaces: oldId })], { sourceId: 'urn:test' })))
        .status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with an OperationOutcome and stores nothing', async () => {
    const before = await counts();
    const good = () => provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' });
    const docIn = (b: Bundle) => b.entry?.[1]?.resource as DocumentReference;
    const cases: [string, Bundle | object, string][] = [];
    const wrongHash = good();
    const att = docIn(wrongHash).content[0]?.attachment;
    if (att !== undefined) att.hash = Buffer.alloc(20).toString('base64');
    cases.push(['hash', wrongHash, 'Bundle.entry[1].resource.content[0].attachment.hash']);
    cases.push([
      'unknown patient',
      provideBundle({ fiscalCode: 'RSSMRA80A01F205X' }, [input()], { sourceId: 'urn:test' }),
      'Bundle.entry[0].resource.subject',
    ]);
    cases.push([
      'class',
      provideBundle(
        { patientId: maria.id },
        [input({ docClass: 'REF', type: { code: '18842-5', display: 'Discharge summary' } })],
        { sourceId: 'urn:test' },
      ),
      'Bundle.entry[1].resource.type',
    ]);
    const noBinary = good();
    noBinary.entry?.splice(2, 1);
    cases.push(['binary missing', noBinary, 'Bundle.entry[1].resource.content[0].attachment.url']);
    cases.push(['not a bundle', { resourceType: 'Patient' }, 'Bundle.resourceType']);
    for (const [name, bundle, field] of cases) {
      const response = await post(bundle);
      expect(response.status, name).toBe(400);
      const outcome = (await response.json()) as OperationOutcome;
      expect(outcome.resourceType, name).toBe('OperationOutcome');
      expect(
        outcome.issue.flatMap((i) => i.expression ?? []),
        name,
      ).toContain(field);
    }
    expect(
      (await hospital.send('POST', server.fhirBase, '{"resourceType": ', { 'content-type': 'application/fhir+json' }))
        .status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses documents a browser would run script from (XHTML, SVG, HTML, DTDs), with an OperationOutcome, storing nothing', async () => {
    const before = await counts();
    const hostile: [string, string, string][] = [
      [
        'XHTML',
        'text/xml',
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>parent.stolen = document.cookie</script></body></html>',
      ],
      [
        'SVG',
        'application/xml',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="parent.stolen = 1"><circle r="5"/></svg>',
      ],
      ['HTML', 'text/xml', '<html><body><img src="x" onerror="parent.stolen = 1"/></body></html>'],
      [
        'script in a CDA',
        'application/hl7-v3+xml',
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><h:script xmlns:h="http://www.w3.org/1999/xhtml">1</h:script></ClinicalDocument>',
      ],
      [
        'external entity',
        'text/xml',
        '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><ClinicalDocument>&x;</ClinicalDocument>',
      ],
      ['HTML declared as text/html', 'text/html', '<!doctype html><script>parent.stolen = 1</script>'],
    ];
    for (const [name, contentType, text] of hostile) {
      const response = await post(
        provideBundle({ patientId: maria.id }, [input({ content: Buffer.from(text), contentType })], {
          sourceId: 'urn:test',
        }),
      );
      expect(response.status, name).toBe(400);
      expect(response.headers.get('content-type'), name).toContain('application/fhir+json');
      const outcome = (await response.json()) as OperationOutcome;
      expect(outcome.resourceType, name).toBe('OperationOutcome');
      const issue = outcome.issue.find(
        (i) => i.expression?.some((e) => e.startsWith('Bundle.entry[2].resource.')) === true,
      );
      expect(issue?.expression, name).toEqual([
        contentType === 'text/html' ? 'Bundle.entry[2].resource.contentType' : 'Bundle.entry[2].resource.data',
      ]);
      expect(issue?.diagnostics ?? issue?.details?.text ?? '', name).not.toBe('');
    }
    // A clean CDA still goes through.
    const cda = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>Referto</title></ClinicalDocument>',
    );
    expect(
      (
        await post(
          provideBundle({ patientId: maria.id }, [input({ content: cda, contentType: 'text/xml' })], {
            sourceId: 'urn:test',
          }),
        )
      ).status,
    ).toBe(200);
    const after = await counts();
    expect({ d: after?.d, b: after?.b }).toEqual({ d: (before?.d ?? 0) + 1, b: (before?.b ?? 0) + 1 });
  });

  it('needs the fse:write scope and a facility', async () => {
    const reader = bearerCaller(await facilityToken(server.baseUrl, 'fse:read'));
    const response = await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }), reader);
    expect(response.status).toBe(403);
    expect(
      (
        await fetch(server.fhirBase, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });
});

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
          }>`SELECT count(*)::int AS n FROM fse_ingestion WHERE submission_id = ${submission} AND state = 'done'`.execute(
            server.db.kysely,
          )
        ).rows[0]?.n === 2,
    );
    const sms = await sql<{
      body: string;
      lane: string;
    }>`SELECT body, lane FROM notify_messages WHERE idempotency_key = ${`fse:submission:${submission}:available`}`.execute(
      server.db.kysely,
    );
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
    const done = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM fse_ingestion WHERE submission_id = ANY(${submissions}::uuid[]) AND state = 'done'`.execute(
      server.db.kysely,
    );
    expect(done.rows[0]?.n).toBe(12);
  });

  it('retries a failing step, flags after the last attempt, never loses the document, and processes it once fixed', async () => {
    failing = true;
    const result = (await (
      await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const submission = idOf(result.entry?.[0]?.response?.location);
    const docId = idOf(result.entry?.[1]?.response?.location);
    const state = async () =>
      (
        await sql<{ state: string; attempts: number; last_error: string | null; wait: number }>`
      SELECT state, attempts, last_error, extract(epoch FROM next_attempt_at - now())::int AS wait FROM fse_ingestion WHERE submission_id = ${submission}`.execute(
          server.db.kysely,
        )
      ).rows[0];
    await server.records.processor.processDue();
    await waitFor(async () => ((await state())?.attempts ?? 0) >= 1);
    expect(await state()).toMatchObject({ state: 'pending', attempts: 1, last_error: 'SMS outbox unavailable (test)' });
    expect((await state())?.wait).toBeGreaterThan(50); // backs off 60 s before the second attempt
    await sql`UPDATE fse_ingestion SET attempts = 9, next_attempt_at = now() WHERE submission_id = ${submission}`.execute(
      server.db.kysely,
    );
    await server.records.processor.processDue();
    await waitFor(async () => (await state())?.state === 'flagged');
    expect((await hospital.get(`${server.fhirBase}/DocumentReference/${docId}`)).status).toBe(200);
    expect(await server.metrics()).toMatch(/fse_ingestion_flagged_documents [1-9]/);
    failing = false;
    expect(await server.records.processor.retryFlagged()).toBe(1);
    await server.records.processor.processDue();
    await waitFor(async () => (await state())?.state === 'done');
  });

  it('does not count a database outage as a failed attempt: no back-off, processed as soon as the database answers', async () => {
    databaseGone = true;
    const result = (await (
      await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const submission = idOf(result.entry?.[0]?.response?.location);
    const state = async () =>
      (
        await sql<{ state: string; attempts: number; due: boolean }>`
      SELECT state, attempts, next_attempt_at <= now() AS due FROM fse_ingestion WHERE submission_id = ${submission}`.execute(
          server.db.kysely,
        )
      ).rows[0];
    // The run fails (so that the job is retried); the background worker's kick may be the one that tried.
    await server.records.processor.processDue().catch(() => undefined);
    expect(await state()).toEqual({ state: 'pending', attempts: 0, due: true });
    databaseGone = false;
    await server.records.processor.processDue();
    await waitFor(async () => (await state())?.state === 'done');
    expect((await state())?.attempts).toBe(1);
  });
});
