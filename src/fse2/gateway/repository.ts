import type { Kysely, QueryExecutorProvider } from 'kysely';
import { ownTables, type Db } from '../../db/tables.ts';
import type { GatewayTables } from './db-types.ts';

export interface StoredValidation {
  readonly workflowInstanceId: string;
  readonly cdaSha256: string;
  readonly warnings: readonly string[];
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
