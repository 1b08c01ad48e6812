import { sql, type QueryExecutorProvider } from 'kysely';
import type { DerivedRow } from './prepare.ts';

/** The source document as the derived rows need it: owner, author facility and date (the fallback date). */
export interface SourceDocument {
  readonly patientId: number;
  readonly authorFacilityId: number | null;
  readonly date: Date;
}

/**
 * SQL over the derived resources: Observations in fhir_observation (with the results facilities write), the
 * other types in fhir_derived. Every insert is keyed by (source document, type, converter id), so a replayed
 * conversion inserts nothing; one statement per table whatever the number of resources.
 */
export const derivedRepository = {
  async source(db: QueryExecutorProvider, documentId: string): Promise<SourceDocument | null> {
    const result = await sql<{ patient_id: string; author_facility_id: string | null; date: Date }>`
      SELECT patient_id, author_facility_id, date FROM fhir_document_reference WHERE id = ${documentId}`.execute(db);
    const row = result.rows[0];
    if (row === undefined) return null;
    return {
      patientId: Number(row.patient_id),
      authorFacilityId: row.author_facility_id === null ? null : Number(row.author_facility_id),
      date: row.date,
    };
  },

  /** Inserts what is not there yet; answers how many rows were new. */
  async insert(
    db: QueryExecutorProvider,
    documentId: string,
    source: SourceDocument,
    rows: readonly DerivedRow[],
    at: Date,
  ): Promise<number> {
    const stamp = (r: DerivedRow) =>
      JSON.stringify({
        ...r.resource,
        meta: { versionId: '1', lastUpdated: at.toISOString(), source: `DocumentReference/${documentId}` },
      });
    const observations = rows.filter((r) => r.type === 'Observation');
    const others = rows.filter((r) => r.type !== 'Observation');
    if (observations.length === 0 && others.length === 0) return 0;
    const observationValues = observations.map(
      (r) => sql`(${r.id}::uuid, 1, ${at}::timestamptz, ${stamp(r)}::jsonb, ${source.patientId}::bigint,
        ${source.authorFacilityId}::bigint, ${r.status}, ${r.code}::text[], ${r.category}::text[],
        ${r.date}::timestamptz, ARRAY[${documentId}::uuid], ${documentId}::uuid, ${r.id})`,
    );
    const otherValues = others.map(
      (r) => sql`(${r.id}::uuid, ${r.type}, ${documentId}::uuid, ${r.id}, ${source.patientId}::bigint,
        ${source.authorFacilityId}::bigint, ${at}::timestamptz, ${stamp(r)}::jsonb, ${r.status},
        ${r.code}::text[], ${r.category}::text[], ${r.date}::timestamptz, ARRAY[${documentId}::uuid])`,
    );
    // Both tables in one statement (ADR 0028: one round trip, parse and plan instead of two). The history row
    // is written with the row, as every versioned write (store/writes.ts): vread works.
    const result = await sql<{ n: number }>`
      WITH added AS (
        ${
          observations.length === 0
            ? sql`SELECT NULL::uuid AS id WHERE false`
            : sql`INSERT INTO fhir_observation (id, version_id, last_updated, content, patient_id, author_facility_id,
                status, code, category, date, derived_documents, source_document_id, source_key)
              VALUES ${sql.join(observationValues)} ON CONFLICT DO NOTHING RETURNING id, last_updated, content`
        }),
      ${
        observations.length === 0
          ? sql``
          : sql`history AS (INSERT INTO fhir_observation_history (id, version_id, last_updated, content)
              SELECT id, 1, last_updated, content FROM added),`
      }
      others AS (
        ${
          others.length === 0
            ? sql`SELECT NULL::uuid AS id WHERE false`
            : sql`INSERT INTO fhir_derived (id, resource_type, source_document_id, source_key, patient_id,
                author_facility_id, last_updated, content, status, code, category, date, derived_documents)
              VALUES ${sql.join(otherValues)} ON CONFLICT DO NOTHING RETURNING id`
        })
      SELECT ((SELECT count(*) FROM added) + (SELECT count(*) FROM others))::int AS n`.execute(db);
    return result.rows[0]?.n ?? 0;
  },

  /** Whether an Observation was derived from a document (such a result is corrected by replacing the document). */
  async isDerivedObservation(db: QueryExecutorProvider, id: string): Promise<boolean> {
    const result =
      await sql`SELECT 1 FROM fhir_observation WHERE id = ${id} AND source_document_id IS NOT NULL`.execute(db);
    return result.rows.length > 0;
  },

  /** A superseded or withdrawn document's derived resources go with it (and the results' history). */
  async removeFor(db: QueryExecutorProvider, documentId: string): Promise<void> {
    await sql`
      WITH gone AS (DELETE FROM fhir_observation WHERE source_document_id = ${documentId} RETURNING id)
      DELETE FROM fhir_observation_history h USING gone WHERE h.id = gone.id`.execute(db);
    await sql`DELETE FROM fhir_derived WHERE source_document_id = ${documentId}`.execute(db);
  },
};
