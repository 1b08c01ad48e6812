import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { startPlatform } from '../../src/platform.ts';
import { renderReport } from '../../src/records/demo/pdf.ts';
import { provideBundle } from '../../src/records/mhd/build.ts';
import { registryRepository } from '../../src/registry/repository.ts';
import { loadLombardy } from '../../src/registry/territory.ts';
import { producerSigner, sha256 } from '../../test/support/fse2/national-jwt.ts';
import { FSE2_TESTDATA } from '../../test/support/fse2/testdata.ts';
import { facilityToken } from '../../test/support/records/clients.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { cpuMeter, type PhaseCpu } from './cpu.ts';
import { simulatorProcess } from './sim-process.ts';

/** The national accreditation sample of a radiology report: a signed PDF carrying its cda.xml (ATTACHMENT). */
const SAMPLE = 'accreditamento/SIGNED_RAD1.pdf';
const SAMPLE_PATIENT = 'RSSGPP70H47H501H';

export interface PublicationPhase {
  readonly publications: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly iti65: Rate & { pdfBytes: number };
  readonly gateway: Rate & { pdfBytes: number; sample: string; endpoint: string };
  /** Gateway publications/s over ITI-65 documents/s of the same run; the aim is at least 0.5. */
  readonly ratio: number;
  readonly documentsStored: { iti65: number; gateway: number };
  /**
   * CPU ms per document of each phase (Node process, all threads, and the database backends). The Gateway's
   * includes each publication's forward to the national side (relay, its statements), measured once the outbox
   * is drained; the national simulator runs in its own process, its CPU apart (`nationalSimulatorMsPerDocument`).
   */
  readonly cpu: { iti65: PhaseCpu; gateway: PhaseCpu & { nationalSimulatorMsPerDocument: number } };
  readonly loadAverage1m: number;
}

interface Rate {
  readonly documents: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Sends every item `concurrency` at a time; an answer other than `expected` counts as an error (first one kept). */
async function timed<T>(
  items: readonly T[],
  concurrency: number,
  expected: number,
  send: (item: T) => Promise<Response>,
): Promise<Rate & { firstError?: string }> {
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  await pool(items, concurrency, async (item) => {
    const response = await send(item);
    const text = await response.text();
    if (response.status !== expected) {
      errors++;
      firstError ??= `${response.status} ${text.slice(0, 300)}`;
    }
  });
  const seconds = (performance.now() - start) / 1000;
  return {
    documents: items.length,
    errors,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round((items.length / seconds) * 10) / 10,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/**
 * End-to-end publication (issue 19): the whole platform on a bench database, a facility's client-credentials
 * token, then `publications` ITI-65 documents (a small PDF, one per Bundle) and as many national Gateway
 * validate-and-create calls (ATTACHMENT: the signed sample PDF with its cda.xml), each `concurrency` at a time,
 * each a new document (unique ids). Both write the record and queue indexing in the same transaction.
 */
export async function measurePublications(options: {
  publications: number;
  concurrency: number;
  /** Untimed documents each way before the clock starts (default: `concurrency`). */
  warmup?: number;
  log?: (line: string) => void;
}): Promise<PublicationPhase> {
  const log = options.log ?? (() => undefined);
  const database = await benchDatabase('fse2');
  const db = createDb({ url: database.url, poolMax: 10 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-bench-fse2-'));
  chmodSync(dataDir, 0o755);
  // The national side is another machine: its simulator in a process of its own, so the CPU measured here is
  // the region's alone (before, in this process, its share of each publication counted as the Gateway's).
  const sim = simulatorProcess(0);
  try {
    const { url: nationalUrl } = await sim.ready;
    await migrate(db.pool);
    await registryRepository(db.kysely).upsertTerritory(loadLombardy());
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    log('starting the platform (all modules, worker held back)…');
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
        SALUS_DEMO_CITIZENS: '100',
        FSE2_NATIONAL_GATEWAY_URL: nationalUrl,
        LOG_LEVEL: 'silent',
      }),
      pino({ level: 'silent' }),
      { worker: false },
    );
    try {
      // The national sample's patient is not a demo person: put them in the registry as the Gateway tests do.
      await sql`
        INSERT INTO citizens (fiscal_code, health_card_number, given_name, family_name, sex, birth_date,
                              birth_place_code, residence_istat)
        SELECT ${SAMPLE_PATIENT}, '80380009999999999999', 'Prova', 'Nazionale', 'F', DATE '1980-01-01', 'F205',
               istat_code
        FROM municipalities ORDER BY istat_code LIMIT 1
        ON CONFLICT (fiscal_code) DO NOTHING`.execute(db.kysely);
      const giuseppe = await db.kysely
        .selectFrom('citizens')
        .select(['id', 'fiscal_code'])
        .where('given_name', '=', 'Giuseppe')
        .where('synthetic_seed', 'is', null)
        .executeTakeFirstOrThrow();
      const bearer = await facilityToken(baseUrl);
      const n = options.publications;
      const runId = Date.now();

      // ITI-65: a small lab report PDF (one page), as bench/fse sends them.
      const pdf = await renderReport({
        organisation: 'Ospedale Niguarda Ca’ Granda',
        title: 'Referto di laboratorio',
        patient: { name: 'Giuseppe Locatelli', fiscalCode: giuseppe.fiscal_code, birthDate: '1940-11-02' },
        date: new Date().toISOString(),
        facts: [['Richiesta n.', 'MI-2026-1']],
        table: [
          ['Esame', 'Risultato', 'Unità', 'Riferimento'],
          ['Glucosio', '92', 'mg/dL', '70 - 100'],
        ],
        signedBy: 'Dott. Ronchi',
      });
      const bundles = Array.from({ length: n }, (_, i) => iti65Bundle(giuseppe.id, pdf, `2.25.${runId}${i}`));

      // Gateway: the signed sample, one FSE-JWT-Signature per request (its jti is single-use), a new
      // identificativoDoc each time. Tokens are signed before the clock starts: signing is the producer's cost.
      const file = readFileSync(path.join(FSE2_TESTDATA, 'publication-samples', SAMPLE));
      const signer = await producerSigner();
      const gatewayUrl = `${baseUrl}/fse2/v1`;
      const claims = {
        attachment_hash: sha256(file),
        person_id: `${SAMPLE_PATIENT}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
        resource_hl7_type: "('68604-8^^2.16.840.1.113883.6.1')",
      };
      const requests = await Promise.all(
        Array.from({ length: n }, async (_, i) => ({
          jwt: await signer.token(gatewayUrl, claims),
          body: JSON.stringify(publicationBody(`BENCH${runId}.${i}`)),
        })),
      );

      const provide = (body: string) =>
        fetch(`${baseUrl}/fhir/R4`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/fhir+json' },
          body,
        });
      const validateAndCreate = ({ jwt, body }: { jwt: string; body: string }) => {
        const form = new FormData();
        form.append('requestBody', body);
        form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'doc.pdf');
        return fetch(`${gatewayUrl}/documents/validate-and-create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'fse-jwt-signature': jwt },
          body: form,
        });
      };
      // Untimed warm-up (ids of their own, not counted), `warmup` documents each way, `concurrency` at a time. The
      // Gateway's validation threads load the catalog and compile the schematron on their first document, and their
      // JIT takes far longer than the event loop's to settle: measured on this sample through the pool (2 threads),
      // 74 ms of CPU per validation over the first 50, 35 over the next 100, 23 from the 150th on. With 8 documents
      // of warm-up the 300 timed publications paid that start-up, which a running server has long behind it.
      const warmup = Math.max(options.warmup ?? options.concurrency, options.concurrency);
      const answers = new Set<number>();
      await pool(
        Array.from({ length: warmup }, (_, i) => i),
        options.concurrency,
        async (i) => {
          answers.add((await provide(warmBundle(giuseppe.id, pdf, `${runId}${i}`))).status);
          const jwt = await signer.token(gatewayUrl, claims);
          answers.add(
            (await validateAndCreate({ jwt, body: JSON.stringify(publicationBody(`WARM${runId}.${i}`)) })).status,
          );
        },
      );
      log(`warm-up: ${warmup} documents each way (answers ${[...answers].join(', ')})`);

      log(`ITI-65: ${n} documents of ${pdf.length} bytes, ${options.concurrency} at a time…`);
      let meter = await cpuMeter(db.kysely);
      const iti65 = await timed(bundles, options.concurrency, 200, provide);
      const iti65Cpu = await meter(n);
      log(`ITI-65 CPU per document: ${JSON.stringify(iti65Cpu)}`);
      log(`Gateway: ${n} validate-and-create of ${SAMPLE} (${file.length} bytes), ${options.concurrency} at a time…`);
      await drained(db.kysely);
      const simBefore = await sim.ask<{ cpuMs: number }>('stats');
      meter = await cpuMeter(db.kysely);
      const gateway = await timed(requests, options.concurrency, 202, validateAndCreate);
      await drained(db.kysely);
      const gatewayCpu = {
        ...(await meter(n)),
        nationalSimulatorMsPerDocument:
          Math.round((((await sim.ask<{ cpuMs: number }>('stats')).cpuMs - simBefore.cpuMs) / n) * 10) / 10,
      };
      log(`Gateway CPU per publication: ${JSON.stringify(gatewayCpu)}`);
      const counts = await sql<{ national: number; mhd: number }>`
        SELECT (SELECT count(*) FROM fse2_documents
                 WHERE identificativo_doc LIKE ${`%^BENCH${runId}.%`})::int AS national,
               (SELECT count(*) FROM fhir_document_reference
                 WHERE master_identifier LIKE ${`%2.25.${runId}%`})::int AS mhd`.execute(db.kysely);
      return {
        publications: n,
        concurrency: options.concurrency,
        warmup,
        iti65: { ...iti65, pdfBytes: pdf.length },
        gateway: {
          ...gateway,
          pdfBytes: file.length,
          sample: SAMPLE,
          endpoint: 'POST /fse2/v1/documents/validate-and-create (ATTACHMENT, CDA)',
        },
        ratio: Math.round((gateway.perSecond / iti65.perSecond) * 100) / 100,
        documentsStored: { iti65: counts.rows[0]?.mhd ?? 0, gateway: counts.rows[0]?.national ?? 0 },
        cpu: { iti65: iti65Cpu, gateway: gatewayCpu },
        loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
      };
    } finally {
      await platform.close();
    }
  } finally {
    await sim.ask('close');
    await db.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Waits until every publication was forwarded (none pending in the outbox), 5 minutes at most. */
async function drained<T>(db: Kysely<T>): Promise<void> {
  const deadline = performance.now() + 300_000;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM fse2_forward_outbox WHERE state = 'pending'`.execute(db);
    if ((rows[0]?.n ?? 0) === 0) return;
    if (performance.now() > deadline) throw new Error(`${rows[0]?.n} forwards still pending after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One ITI-65 document (the small lab report) under `urn:oid:<oid>`. */
function iti65Bundle(patientId: number, pdf: Buffer, oid: string): string {
  return JSON.stringify(
    provideBundle(
      { patientId },
      [
        {
          masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:${oid}` },
          docClass: 'REF',
          description: `Referto ${oid}`,
          date: new Date().toISOString(),
          content: pdf,
          author: { given: 'Francesca', family: 'Ronchi' },
          organisation: 'Ospedale Niguarda Ca’ Granda',
        },
      ],
      { sourceId: 'urn:bench' },
    ),
  );
}

/** A warm-up document: an OID arc of its own (2.25.1.<run>), so the timed documents' count leaves it out. */
const warmBundle = (patientId: number, pdf: Buffer, id: string) => iti65Bundle(patientId, pdf, `2.25.1.${id}`);

/** A PublicationCreationReqDTO for a referto (as test/support/fse2/gateway-client.ts builds it). */
function publicationBody(id: string) {
  return {
    tipologiaStruttura: 'Ospedale',
    tipoDocumentoLivAlto: 'REF',
    assettoOrganizzativo: 'AD_PSC001',
    tipoAttivitaClinica: 'CON',
    identificativoSottomissione: `2.16.840.1.113883.2.9.2.30.4.3.${id}`,
    identificativoDoc: `2.16.840.1.113883.2.9.2.30.4.4^${id}`,
    identificativoRep: '2.16.840.1.113883.2.9.2.30.4.5.1',
    mode: 'ATTACHMENT',
    healthDataFormat: 'CDA',
    attiCliniciRegoleAccesso: ['P97'],
    dataInizioPrestazione: '20220330100000',
    dataFinePrestazione: '20220330112426',
  };
}
