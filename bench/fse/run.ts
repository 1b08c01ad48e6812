import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { renderReport } from '../../src/records/demo/pdf.ts';
import { SYSTEMS } from '../../src/records/fhir/codes.ts';
import { provideBundle } from '../../src/records/mhd/build.ts';
import { facilityToken } from '../../test/support/records/clients.ts';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startPlatform } from '../../src/platform.ts';
import { registryRepository } from '../../src/registry/repository.ts';
import { loadLombardy } from '../../src/registry/territory.ts';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { writeReport } from '../lib/report.ts';
import { bulkLoadDocuments } from './load.ts';

/**
 * `npm run bench:fse [-- --documents N --ingest K --concurrency C --searches S]`:
 * ITI-65 ingestion throughput with 50 KB PDFs through the real HTTP API (K documents,
 * one per Bundle, C at a time), then processing throughput (index + SMS notice), then
 * ITI-67 search latency for one patient holding N DocumentReferences (default
 * 1,000,000, bulk-loaded with COPY) as the patient's GP and as the patient.
 */
const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '1000000' },
    ingest: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    searches: { type: 'string', default: '1000' },
  },
});
const documents = Number(values.documents);
const ingest = Number(values.ingest);
const concurrency = Number(values.concurrency);
const searches = Number(values.searches);

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (v: number) => Number(v.toFixed(2));
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50Ms: ms(quantile(sorted, 0.5)),
    p99Ms: ms(quantile(sorted, 0.99)),
    maxMs: ms(sorted.at(-1) ?? 0),
  };
};
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
const log = (message: string) => process.stderr.write(`${message}\n`);

const database = await benchDatabase('fse');
const db = createDb({ url: database.url, poolMax: 10 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-bench-fse-'));
chmodSync(dataDir, 0o755);
try {
  await migrate(db.pool);
  await registryRepository(db.kysely).upsertTerritory(loadLombardy());
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The platform composed by src/modules.ts with the FSE alone (registry, identity, records), as its tests run it.
  const platform = await startPlatform(
    loadConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATABASE_URL: database.url,
      DB_POOL_MAX: '10',
      SALUS_DATA_DIR: dataDir,
      SALUS_DEMO: 'true',
      SALUS_DEMO_CITIZENS: '1000',
      LOG_LEVEL: 'silent',
    }),
    pino({ level: 'silent' }),
    { modules: { only: 'records' }, worker: false },
  );
  const server = {
    baseUrl,
    fhirBase: `${baseUrl}/fhir/R4`,
    startWorker: () => platform.startWorker(),
    close: () => platform.close(),
  };
  const person = async (given: string) =>
    db.kysely
      .selectFrom('citizens')
      .select(['id', 'fiscal_code'])
      .where('given_name', '=', given)
      .where('synthetic_seed', 'is', null)
      .executeTakeFirstOrThrow();
  const maria = await person('Maria');
  const giuseppe = await person('Giuseppe');
  const hospital = await db.kysely
    .selectFrom('facilities')
    .select('id')
    .where('code', '=', 'OSP-MI-001')
    .executeTakeFirstOrThrow();
  const binary = await sql<{ id: string }>`SELECT id::text FROM fhir_binary LIMIT 1`.execute(db.kysely);

  log(`bulk-loading ${documents} DocumentReferences for one patient with COPY…`);
  const load = await bulkLoadDocuments(db.pool, {
    patientId: maria.id,
    facilityId: hospital.id,
    binaryId: binary.rows[0]?.id ?? '',
    count: documents,
  });
  log(`loaded in ${load.seconds} s`);

  // ITI-65: a 50 KB lab report PDF, one document per Bundle, as a hospital's feed sends them. The PDF is sized by
  // its bytes, not by its rows: since issue 17 embeds the fonts (~16 KB subsets), 560 rows made a 68 KB PDF instead
  // of 53 KB, and ITI-65's docs/s fell by the bytes alone (the same MB/s). So the rows are fitted to the bytes.
  const reportPdf = (rows: number): Promise<Buffer> =>
    renderReport({
      organisation: 'Ospedale Niguarda Ca’ Granda',
      title: 'Referto di laboratorio',
      patient: { name: 'Giuseppe Locatelli', fiscalCode: giuseppe.fiscal_code, birthDate: '1940-11-02' },
      date: new Date().toISOString(),
      facts: [['Richiesta n.', 'MI-2026-1']],
      table: [
        ['Esame', 'Risultato', 'Unità', 'Riferimento'],
        ...Array.from({ length: rows }, (_, i) => [`Esame ${i}`, String(i / 7), 'mg/dL', '70 - 100']),
      ],
      signedBy: 'Dott. Ronchi',
    });
  const PDF_BYTES = 51_200;
  const empty = (await reportPdf(0)).length;
  const perRow = ((await reportPdf(500)).length - empty) / 500;
  let rowsInPdf = Math.max(0, Math.floor((PDF_BYTES - empty) / perRow) - 20);
  let pdf = await reportPdf(rowsInPdf);
  while (pdf.length < PDF_BYTES) pdf = await reportPdf((rowsInPdf += 5));
  const bodies = Array.from({ length: ingest }, (_, i) =>
    JSON.stringify(
      provideBundle(
        { patientId: giuseppe.id },
        [
          {
            masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.1${i}` },
            docClass: 'REF',
            description: `Referto ${i}`,
            date: new Date().toISOString(),
            content: pdf,
            author: { given: 'Francesca', family: 'Ronchi' },
            organisation: 'Ospedale Niguarda Ca’ Granda',
          },
        ],
        { sourceId: 'urn:bench' },
      ),
    ),
  );
  const token = await facilityToken(server.baseUrl);
  log(`ITI-65: ${ingest} documents of ${pdf.length} bytes, ${concurrency} at a time…`);
  const ingestLatency: number[] = [];
  const ingestStart = performance.now();
  await pool(bodies, concurrency, async (body) => {
    const t = performance.now();
    const response = await fetch(server.fhirBase, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`ITI-65 answered ${response.status}`);
    ingestLatency.push(performance.now() - t);
  });
  const ingestSeconds = (performance.now() - ingestStart) / 1000;

  log('processing (index + SMS notice) with the worker…');
  const processStart = performance.now();
  await server.startWorker();
  for (;;) {
    const pending = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM fse_ingestion WHERE state = 'pending'`.execute(db.kysely);
    if ((pending.rows[0]?.n ?? 1) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const processSeconds = (performance.now() - processStart) / 1000;

  log(`ITI-67: ${searches} searches over ${documents} documents of one patient…`);
  const gp = await loginAs(server.baseUrl, 'mmg.colombo', { as: 'operator' });
  const citizen = await loginAs(server.baseUrl, 'maria.brambilla');
  const cf = `${SYSTEMS.fiscalCode}|${maria.fiscal_code}`;
  const queries: Record<string, string> = {
    'first page, newest first': `DocumentReference?patient=${maria.id}&status=current`,
    'class and date range':
      `DocumentReference?patient=${maria.id}&category=${SYSTEMS.documentClass}|LDO` +
      '&date=ge2016-01-01&date=lt2020-01-01',
    'by codice fiscale and type, 50 per page':
      `DocumentReference?patient.identifier=${cf}` + '&type=http://loinc.org|11502-2&_count=50',
    'a page deep in the record (next link)': '',
  };
  const first = (await (
    await fetch(`${server.fhirBase}/${queries['first page, newest first'] ?? ''}&_count=20`, {
      headers: { cookie: gp.jar.header() },
    })
  ).json()) as { link: { relation: string; url: string }[] };
  let deep = first.link.find((l) => l.relation === 'next')?.url ?? '';
  for (let i = 0; i < 50 && deep !== ''; i++) {
    const page = (await (await fetch(deep, { headers: { cookie: gp.jar.header() } })).json()) as {
      link: { relation: string; url: string }[];
    };
    deep = page.link.find((l) => l.relation === 'next')?.url ?? '';
  }
  queries['a page deep in the record (next link)'] = deep.replace(`${server.fhirBase}/`, '');
  const byQuery: Record<string, number[]> = {};
  const all: number[] = [];
  const callers = [
    ['gp', gp.jar.header()],
    ['citizen', citizen.jar.header()],
  ] as const;
  for (let i = 0; i < searches; i++) {
    const [name, query] = Object.entries(queries)[i % 4] ?? ['', ''];
    const [who, cookie] = callers[Math.floor(i / 4) % 2] ?? callers[0];
    const t = performance.now();
    const response = await fetch(`${server.fhirBase}/${query}`, { headers: { cookie } });
    const bundle = (await response.json()) as { entry?: unknown[] };
    const elapsed = performance.now() - t;
    if (response.status !== 200 || (bundle.entry?.length ?? 0) === 0)
      throw new Error(`${who} ${name}: ${response.status}, ${bundle.entry?.length ?? 0} entries`);
    (byQuery[`${who}: ${name}`] ??= []).push(elapsed);
    all.push(elapsed);
  }
  const t = performance.now();
  const counted = (await (
    await fetch(`${server.fhirBase}/DocumentReference?patient=${maria.id}&_summary=count`, {
      headers: { cookie: gp.jar.header() },
    })
  ).json()) as { total: number };
  const accurateTotalMs = performance.now() - t;
  await server.close();

  const search = stats(all);
  const figures = {
    documentsForPatient: counted.total,
    bulkLoad: load,
    iti65: {
      documents: ingest,
      pdfBytes: pdf.length,
      concurrency,
      seconds: Number(ingestSeconds.toFixed(2)),
      documentsPerSecond: Math.round(ingest / ingestSeconds),
      megabytesPerSecond: Number(((ingest * pdf.length) / 2 ** 20 / ingestSeconds).toFixed(1)),
      latency: stats(ingestLatency),
    },
    processing: {
      documents: ingest,
      seconds: Number(processSeconds.toFixed(2)),
      documentsPerSecond: Math.round(ingest / processSeconds),
    },
    iti67: {
      searches,
      ...search,
      byQuery: Object.fromEntries(Object.entries(byQuery).map(([k, v]) => [k, stats(v)])),
      accurateTotalOfAllMs: ms(accurateTotalMs),
    },
    aim:
      "ITI-67 p99 under 100 ms with 1,000,000 documents for the patient; ingestion well above the region's " +
      'daily flow (~1.5 M documents/day ≈ 17/s on average)',
  };
  writeReport(
    'fse',
    figures,
    `fse: ITI-65 ${figures.iti65.documentsPerSecond} docs/s (${Math.round(pdf.length / 1024)} KB PDFs, ` +
      `${concurrency} concurrent, p99 ${figures.iti65.latency.p99Ms} ms), processing ` +
      `${figures.processing.documentsPerSecond} docs/s; ITI-67 p50 ${search.p50Ms} ms, p99 ${search.p99Ms} ` +
      `ms for one patient with ${counted.total} DocumentReferences`,
  );
} finally {
  await db.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
