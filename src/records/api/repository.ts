import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';

/** One row of a GP's patient list, with whether the patient's consultation consent is active. */
export interface GpListRow {
  readonly id: number;
  readonly fiscal_code: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly birth_date: string;
  readonly consent: boolean;
  readonly total: number;
}

/** One access log entry about the FSE of a citizen, with the name of whom the reader acted for. */
export interface AccessRow {
  readonly at: Date;
  readonly actor_name: string;
  readonly actor_role: string;
  readonly action: string;
  readonly resource_type: string;
  readonly purpose: string;
  readonly outcome: string;
  readonly b_given: string | null;
  readonly b_family: string | null;
  readonly total: number;
}

/**
 * The SQL behind the JSON API of the web pages (api/service.ts, api/clinicians.ts): the
 * registry and the access log through the views their owners publish.
 */
export function apiRepository(db: Kysely<RecordsDatabase>) {
  return {
    /** Runs `work` in one transaction (the statements below that take a `trx` join it). */
    transaction: <T>(work: (trx: Kysely<RecordsDatabase>) => Promise<T>): Promise<T> => db.transaction().execute(work),

    /** The GP's list (or one patient of it, by codice fiscale), in name order, with the total for paging. */
    async gpList(operatorId: number, fiscalCode: string | null, limit: number, offset: number): Promise<GpListRow[]> {
      const where = fiscalCode === null ? sql`true` : sql`c.fiscal_code = ${fiscalCode}`;
      const rows = await sql<GpListRow>`
        SELECT c.id, c.fiscal_code, c.given_name, c.family_name, c.birth_date::text AS birth_date,
               EXISTS (
                 SELECT 1 FROM fhir_consent k
                 WHERE k.patient_id = c.id AND k.purpose = 'consultation' AND k.status = 'active'
               ) AS consent,
               count(*) OVER ()::int AS total
        FROM registry_citizens c
        WHERE c.gp_id = ${operatorId} AND ${where}
        ORDER BY c.family_name, c.given_name, c.id
        LIMIT ${limit} OFFSET ${offset}`.execute(db);
      return rows.rows;
    },

    /** A patient on the GP's list, by codice fiscale; undefined: not on the list. */
    gpPatient(
      operatorId: number,
      fiscalCode: string,
    ): Promise<{ id: number; given_name: string; family_name: string; birth_date: string } | undefined> {
      return db
        .selectFrom('registry_citizens')
        .select(['id', 'given_name', 'family_name', 'birth_date'])
        .where('fiscal_code', '=', fiscalCode)
        .where('gp_id', '=', operatorId)
        .executeTakeFirst();
    },

    /** The DocumentReference an operator already published under this master identifier, if any. */
    async publishedByMaster(operatorId: number, master: string): Promise<unknown> {
      const row = await db
        .selectFrom('fhir_document_reference')
        .select('content')
        .where('master_identifier', '=', master)
        .where('author_operator_id', '=', operatorId)
        .executeTakeFirst();
      return row?.content;
    },

    /**
     * Hides (or shows) a document of `owner` and every version in its replacement chain, in
     * the caller's transaction; the ids changed (none: no such document of theirs).
     */
    async setChainHidden(
      trx: Kysely<RecordsDatabase>,
      owner: number,
      documentId: string,
      hidden: boolean,
    ): Promise<string[]> {
      const chain = await sql<{ id: string }>`
        WITH RECURSIVE chain(id, relatesto) AS (
          SELECT id, relatesto FROM fhir_document_reference WHERE id::text = ${documentId} AND patient_id = ${owner}
          UNION
          SELECT d.id, d.relatesto FROM fhir_document_reference d JOIN chain c
            ON d.relatesto && ARRAY['DocumentReference/' || c.id::text]   -- newer versions, replacing it
            OR ('DocumentReference/' || d.id::text) = ANY(c.relatesto)    -- older versions, it replaced
          WHERE d.patient_id = ${owner})
        UPDATE fhir_document_reference SET hidden = ${hidden} WHERE id IN (SELECT id FROM chain)
        RETURNING id::text AS id`.execute(trx);
      return chain.rows.map((r) => r.id);
    },

    /** A stored DocumentReference, which must exist. */
    async documentContent(id: string): Promise<unknown> {
      const row = await db
        .selectFrom('fhir_document_reference')
        .select('content')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.content;
    },

    /** Documents per class (as processed) of one patient. */
    async classes(patientId: number): Promise<{ doc_class: string; documents: number; latest: Date }[]> {
      const rows = await sql<{ doc_class: string; documents: number; latest: Date }>`
        SELECT doc_class, documents, latest FROM fse_patient_index
        WHERE patient_id = ${patientId} AND documents > 0 ORDER BY doc_class`.execute(db);
      return rows.rows;
    },

    /** Submissions of one patient still waiting for processing. */
    async pending(patientId: number): Promise<number> {
      const rows = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM fse_ingestion WHERE patient_id = ${patientId} AND state = 'pending'`.execute(db);
      return rows.rows[0]?.n ?? 0;
    },

    /**
     * Access log entries about one citizen of the given resource types, newest first. With
     * `others`, the entries of the citizen's own reads are left out.
     */
    async accesses(
      subjectId: number,
      resourceTypes: readonly string[],
      options: { readonly others: boolean; readonly limit: number; readonly offset: number },
    ): Promise<AccessRow[]> {
      const self = options.others
        ? sql`AND NOT (e.actor_role = 'citizen'
            AND e.actor_id = (SELECT fiscal_code FROM registry_citizens WHERE id = ${subjectId}))`
        : sql``;
      const rows = await sql<AccessRow>`
        SELECT e.at, e.actor_name, e.actor_role, e.action, e.resource_type, e.purpose, e.outcome,
               b.given_name AS b_given, b.family_name AS b_family, count(*) OVER ()::int AS total
        FROM identity_audit_events e LEFT JOIN registry_citizens b ON b.id = e.on_behalf_of_citizen_id
        WHERE e.subject_citizen_id = ${subjectId} AND e.resource_type = ANY(${[...resourceTypes]}::text[]) ${self}
        ORDER BY e.at DESC, e.id DESC
        LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
      return rows.rows;
    },
  };
}

export type ApiRepository = ReturnType<typeof apiRepository>;
