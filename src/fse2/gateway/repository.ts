import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { ownTables, type Db } from '../../db/tables.ts';
import type { GatewayTables } from './db-types.ts';

export interface StoredValidation {
  readonly workflowInstanceId: string;
  readonly cdaSha256: string;
  readonly warnings: readonly string[];
}

/** What a publication writes once the record filed its document (`saveFiling`). */
export interface GatewayFiling {
  readonly facilityId: number;
  /**
   * A contextual validation to remember under `workflowInstanceId` (validate-and-create): the CDA's first
   * validation by this facility keeps its own id, and the document is filed under that one. Null: a separate
   * validation matched, and `workflowInstanceId` is its id.
   */
  readonly remember: {
    readonly warnings: readonly string[];
    readonly documentType: string | null;
    readonly catalogVersion: string;
  } | null;
  readonly workflowInstanceId: string;
  readonly identificativoDoc: string;
  readonly documentReferenceId: string;
  readonly cdaSha256: string;
  readonly typeCode: string;
  /** The identificativoDoc this publication replaces: its row is marked replaced. */
  readonly replacing: string | null;
  /** The publication's event; its workflowInstanceId is the one the document is filed under. */
  readonly event: GatewayEvent;
}

export interface GatewayEvent {
  readonly traceId: string;
  readonly workflowInstanceId: string | null;
  readonly eventType: string;
  readonly eventStatus: 'SUCCESS' | 'BLOCKING_ERROR' | 'NON_BLOCKING_ERROR';
  readonly facilityId: number;
  readonly identificativoDocumento: string | null;
  readonly subject: string | null;
  readonly subjectRole: string | null;
  readonly tipoAttivita: string | null;
  readonly organizzazione: string | null;
  readonly issuer: string | null;
  readonly message: string | null;
}

/** SQL on the Gateway's own tables (migration 0030); every write is keyed, so a retried request adds nothing. */
export function gatewayRepository<All extends GatewayTables>(handle: Db<All>) {
  const db = ownTables<GatewayTables, All>(handle);
  return {
    ...statements(db),
    /** The writes that follow a filing, in one transaction: one commit (one WAL flush) instead of three or four. */
    transaction: <T>(work: (tx: GatewayStatements) => Promise<T>): Promise<T> =>
      db.transaction().execute((trx) => work(statements(trx))),
    /**
     * The same statements in a transaction the record opened for its filing (records' NationalInTransaction, which
     * hands it as a QueryExecutorProvider, as the forwarding outbox uses it): the record's Kysely transaction on
     * the one connection, seen through this module's own tables (as db/tables.ts inTransactionOf does).
     */
    inTransaction: (trx: QueryExecutorProvider): GatewayStatements =>
      statements(trx as unknown as Kysely<GatewayTables>),
  };
}

function statements(db: Kysely<GatewayTables>) {
  const toValidation = (row: { workflow_instance_id: string; cda_sha256: string; warnings: unknown }) => ({
    workflowInstanceId: row.workflow_instance_id,
    cdaSha256: row.cda_sha256,
    warnings: Array.isArray(row.warnings) ? row.warnings.map(String) : [],
  });
  return {
    async validationByHash(facilityId: number, sha: string): Promise<StoredValidation | null> {
      const row = await db
        .selectFrom('fse2_validations')
        .select(['workflow_instance_id', 'cda_sha256', 'warnings'])
        .where('facility_id', '=', facilityId)
        .where('cda_sha256', '=', sha)
        .executeTakeFirst();
      return row === undefined ? null : toValidation(row);
    },

    async validationById(facilityId: number, workflowInstanceId: string): Promise<StoredValidation | null> {
      const row = await db
        .selectFrom('fse2_validations')
        .select(['workflow_instance_id', 'cda_sha256', 'warnings'])
        .where('facility_id', '=', facilityId)
        .where('workflow_instance_id', '=', workflowInstanceId)
        .executeTakeFirst();
      return row === undefined ? null : toValidation(row);
    },

    /** The same CDA validated twice by one facility keeps its first workflowInstanceId. */
    async saveValidation(
      facilityId: number,
      v: StoredValidation & { documentType: string | null; catalogVersion: string },
    ): Promise<StoredValidation> {
      await db
        .insertInto('fse2_validations')
        .values({
          workflow_instance_id: v.workflowInstanceId,
          facility_id: facilityId,
          cda_sha256: v.cdaSha256,
          document_type: v.documentType,
          catalog_version: v.catalogVersion,
          warnings: JSON.stringify(v.warnings),
        })
        .onConflict((oc) => oc.columns(['facility_id', 'cda_sha256']).doNothing())
        .execute();
      return (await this.validationByHash(facilityId, v.cdaSha256)) ?? v;
    },

    async document(identificativoDoc: string) {
      return (
        (await db
          .selectFrom('fse2_documents')
          .selectAll()
          .where('identificativo_doc', '=', identificativoDoc)
          .executeTakeFirst()) ?? null
      );
    },

    async saveDocument(row: {
      identificativoDoc: string;
      facilityId: number;
      documentReferenceId: string;
      workflowInstanceId: string;
      cdaSha256: string;
      typeCode: string;
    }): Promise<void> {
      await db
        .insertInto('fse2_documents')
        .values({
          identificativo_doc: row.identificativoDoc,
          facility_id: row.facilityId,
          document_reference_id: row.documentReferenceId,
          workflow_instance_id: row.workflowInstanceId,
          cda_sha256: row.cdaSha256,
          type_code: row.typeCode,
          status: 'current',
        })
        .onConflict((oc) => oc.column('identificativo_doc').doNothing())
        .execute();
    },

    /**
     * A publication's rows in one statement (ADR 0028: four to five statements before): the remembered validation,
     * the document row, the replaced one's mark and the event, each keyed as their own statements are. Answers the
     * workflow the document is filed under. Should another request remember the same CDA at the same moment, this
     * statement's snapshot cannot see its row: then nothing is written here and the rows go one statement each,
     * as before, the read seeing the other's committed row.
     */
    async saveFiling(f: GatewayFiling): Promise<string> {
      const remember = f.remember !== null;
      const e = f.event;
      const result = await sql<{ workflow: string | null }>`
        WITH remembered AS (
          INSERT INTO fse2_validations (workflow_instance_id, facility_id, cda_sha256, document_type, catalog_version,
            warnings)
          SELECT ${f.workflowInstanceId}, ${f.facilityId}, ${f.cdaSha256}, ${f.remember?.documentType ?? null},
            ${f.remember?.catalogVersion ?? ''}, ${JSON.stringify(f.remember?.warnings ?? [])}::jsonb
          WHERE ${remember}
          ON CONFLICT (facility_id, cda_sha256) DO NOTHING RETURNING workflow_instance_id
        ), workflow AS (
          SELECT CASE WHEN ${remember} THEN COALESCE(
              (SELECT workflow_instance_id FROM remembered),
              (SELECT workflow_instance_id FROM fse2_validations
                WHERE facility_id = ${f.facilityId} AND cda_sha256 = ${f.cdaSha256}))
            ELSE ${f.workflowInstanceId}::text END AS id
        ), filed AS (
          INSERT INTO fse2_documents (identificativo_doc, facility_id, document_reference_id, workflow_instance_id,
            cda_sha256, type_code, status)
          SELECT ${f.identificativoDoc}, ${f.facilityId}, ${f.documentReferenceId}::uuid, w.id, ${f.cdaSha256},
            ${f.typeCode}, 'current'
          FROM workflow w WHERE w.id IS NOT NULL
          ON CONFLICT (identificativo_doc) DO NOTHING
        ), replaced AS (
          UPDATE fse2_documents SET status = 'replaced', updated_at = ${new Date()}
          WHERE identificativo_doc = ${f.replacing} AND (SELECT id FROM workflow) IS NOT NULL
        ), event AS (
          INSERT INTO fse2_events (trace_id, workflow_instance_id, event_type, event_status, facility_id,
            identificativo_documento, subject, subject_role, tipo_attivita, organizzazione, issuer, message)
          SELECT ${e.traceId}, w.id, ${e.eventType}, ${e.eventStatus}, ${e.facilityId}, ${e.identificativoDocumento},
            ${e.subject}, ${e.subjectRole}, ${e.tipoAttivita}, ${e.organizzazione}, ${e.issuer}, ${e.message}
          FROM workflow w WHERE w.id IS NOT NULL
          ON CONFLICT (trace_id, event_type) DO NOTHING
        )
        SELECT id AS workflow FROM workflow`.execute(db);
      const workflow = result.rows[0]?.workflow ?? null;
      if (workflow !== null) return workflow;
      return this.saveFilingStepwise(f);
    },

    /** `saveFiling` one statement at a time (the pre-ADR 0028 writes): the race described there. */
    async saveFilingStepwise(f: GatewayFiling): Promise<string> {
      const workflow =
        f.remember === null
          ? f.workflowInstanceId
          : (
              await this.saveValidation(f.facilityId, {
                workflowInstanceId: f.workflowInstanceId,
                cdaSha256: f.cdaSha256,
                ...f.remember,
              })
            ).workflowInstanceId;
      await this.saveDocument({ ...f, workflowInstanceId: workflow });
      if (f.replacing !== null) await this.setDocumentStatus(f.replacing, 'replaced');
      await this.addEvent({ ...f.event, workflowInstanceId: workflow });
      return workflow;
    },

    async setDocumentStatus(identificativoDoc: string, status: 'replaced' | 'deleted'): Promise<void> {
      await db
        .updateTable('fse2_documents')
        .set({ status, updated_at: new Date() })
        .where('identificativo_doc', '=', identificativoDoc)
        .execute();
    },

    async addEvent(e: GatewayEvent): Promise<void> {
      await db
        .insertInto('fse2_events')
        .values({
          trace_id: e.traceId,
          workflow_instance_id: e.workflowInstanceId,
          event_type: e.eventType,
          event_status: e.eventStatus,
          facility_id: e.facilityId,
          identificativo_documento: e.identificativoDocumento,
          subject: e.subject,
          subject_role: e.subjectRole,
          tipo_attivita: e.tipoAttivita,
          organizzazione: e.organizzazione,
          issuer: e.issuer,
          message: e.message,
        })
        .onConflict((oc) => oc.columns(['trace_id', 'event_type']).doNothing())
        .execute();
    },

    async events(facilityId: number, by: { workflowInstanceId: string } | { traceId: string }) {
      let query = db.selectFrom('fse2_events').selectAll().where('facility_id', '=', facilityId);
      query =
        'traceId' in by
          ? query.where('trace_id', '=', by.traceId)
          : query.where('workflow_instance_id', '=', by.workflowInstanceId);
      return query.orderBy('id').limit(1000).execute();
    },
  };
}

export type GatewayStatements = ReturnType<typeof statements>;
export type GatewayRepository = ReturnType<typeof gatewayRepository>;
