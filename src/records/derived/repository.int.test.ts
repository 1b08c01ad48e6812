import { sql, type QueryExecutorProvider } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCda, fileExample } from '../../../test/support/fse2/national-documents.ts';
import { startRecordsTestServer, type RecordsTestServer } from '../../../test/support/records/server.ts';
import { convertCdaToFhir } from '../../fse2/index.ts';
import { derivedRows, type DerivedRow } from './prepare.ts';
import { derivedRepository, type SourceDocument } from './repository.ts';

// ADR 0028: a document's derived resources go in one statement for both tables (fhir_observation with its history,
// fhir_derived); they must be the rows the two statements before stored, and stay keyed (a replay adds none).
let server: RecordsTestServer;
let documentId: string;
let source: SourceDocument;
let rows: DerivedRow[];
const at = new Date('2026-12-07T10:00:00Z');

beforeAll(async () => {
  server = await startRecordsTestServer();
  const maria = await sql<{ fiscal_code: string }>`SELECT fiscal_code FROM citizens
    WHERE given_name = 'Maria' AND synthetic_seed IS NULL`.execute(server.db.kysely);
  const cf = maria.rows[0]?.fiscal_code ?? '';
  documentId = await fileExample(server.records.national, server.db.kysely as never, 'LAB', cf);
  const conversion = convertCdaToFhir(exampleCda('LAB', cf), { documentReferenceId: documentId });
  if (!conversion.ok) throw new Error(conversion.message);
  const found = await derivedRepository.source(server.db.kysely, documentId);
  if (found === null) throw new Error('the filed document is not there');
  source = found;
  rows = derivedRows(conversion.bundle, source.patientId, source.date);
}, 120_000);
afterAll(async () => {
  await server.close();
});

/** The insert as it was before ADR 0028: one statement per table (kept here as the reference). */
async function insertTwoStatements(db: QueryExecutorProvider, all: readonly DerivedRow[]): Promise<void> {
  const stamp = (r: DerivedRow) =>
    JSON.stringify({
      ...r.resource,
      meta: { versionId: '1', lastUpdated: at.toISOString(), source: `DocumentReference/${documentId}` },
    });
  const observations = all.filter((r) => r.type === 'Observation');
  const others = all.filter((r) => r.type !== 'Observation');
  const observationValues = observations.map(
    (r) => sql`(${r.id}::uuid, 1, ${at}::timestamptz, ${stamp(r)}::jsonb, ${source.patientId}::bigint,
      ${source.authorFacilityId}::bigint, ${r.status}, ${r.code}::text[], ${r.category}::text[],
      ${r.date}::timestamptz, ARRAY[${documentId}::uuid], ${documentId}::uuid, ${r.id})`,
  );
  await sql`
    WITH added AS (
      INSERT INTO fhir_observation (id, version_id, last_updated, content, patient_id, author_facility_id,
        status, code, category, date, derived_documents, source_document_id, source_key)
      VALUES ${sql.join(observationValues)} ON CONFLICT DO NOTHING RETURNING id, last_updated, content),
    history AS (INSERT INTO fhir_observation_history (id, version_id, last_updated, content)
      SELECT id, 1, last_updated, content FROM added)
    SELECT count(*)::int AS n FROM added`.execute(db);
  const otherValues = others.map(
    (r) => sql`(${r.id}::uuid, ${r.type}, ${documentId}::uuid, ${r.id}, ${source.patientId}::bigint,
      ${source.authorFacilityId}::bigint, ${at}::timestamptz, ${stamp(r)}::jsonb, ${r.status},
      ${r.code}::text[], ${r.category}::text[], ${r.date}::timestamptz, ARRAY[${documentId}::uuid])`,
  );
  await sql`
    INSERT INTO fhir_derived (id, resource_type, source_document_id, source_key, patient_id, author_facility_id,
      last_updated, content, status, code, category, date, derived_documents)
    VALUES ${sql.join(otherValues)} ON CONFLICT DO NOTHING`.execute(db);
}

/** Every stored column of the document's derived rows, in a stable order. */
async function stored(db: QueryExecutorProvider): Promise<unknown> {
  const observations = await sql`SELECT * FROM fhir_observation WHERE source_document_id = ${documentId}
    ORDER BY id`.execute(db);
  const history = await sql`SELECT h.* FROM fhir_observation_history h JOIN fhir_observation o ON o.id = h.id
    WHERE o.source_document_id = ${documentId} ORDER BY h.id`.execute(db);
  const others = await sql`SELECT * FROM fhir_derived WHERE source_document_id = ${documentId}
    ORDER BY id`.execute(db);
  return { observations: observations.rows, history: history.rows, others: others.rows };
}

class Rollback extends Error {}

describe('derived resources stored in one statement', () => {
  it('stores exactly the rows the two statements stored', async () => {
    expect(rows.filter((r) => r.type === 'Observation').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.type !== 'Observation').length).toBeGreaterThan(0);
    let before: unknown = null;
    await server.db.kysely
      .transaction()
      .execute(async (trx) => {
        await insertTwoStatements(trx, rows);
        before = await stored(trx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(await stored(server.db.kysely)).toEqual({ observations: [], history: [], others: [] });
    const inserted = await derivedRepository.insert(server.db.kysely, documentId, source, rows, at);
    expect(inserted).toBe(rows.length);
    const after = await stored(server.db.kysely);
    expect(after).toEqual(before);
    expect((after as { history: unknown[] }).history).toHaveLength(rows.filter((r) => r.type === 'Observation').length);
  });

  it('adds nothing on a replay, and counts only the new rows of either table', async () => {
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, rows, at)).toBe(0);
    const only = (type: 'observations' | 'others') =>
      rows.filter((r) => (r.type === 'Observation') === (type === 'observations'));
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, only('observations'), at)).toBe(0);
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, only('others'), at)).toBe(0);
    await derivedRepository.removeFor(server.db.kysely, documentId);
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, only('others'), at)).toBe(
      only('others').length,
    );
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, rows, at)).toBe(
      only('observations').length,
    );
    expect(await derivedRepository.insert(server.db.kysely, documentId, source, [], at)).toBe(0);
  });
});
