import type { Bundle, DocumentReference, Immunization, Observation } from '@medplum/fhirtypes';
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import type { AuditSink, Principal } from '../../shared/principal.ts';
import { accessSql, purposeOf } from '../access/scope.ts';
import { DERIVED_IMMUNIZATION } from '../resources/derived.ts';
import { OBSERVATION } from '../resources/index.ts';
import type { TypeSpec } from '../resources/spec.ts';
import { derivedRows } from './prepare.ts';
import { derivedRepository } from './repository.ts';

/** A laboratory (or other) result read from a document, as the clinical views show it. */
export interface DerivedResult {
  readonly id: string;
  readonly code: { readonly system?: string; readonly code?: string; readonly display?: string };
  /** Every coding (LOINC first where the document has it, then the lab's local code). */
  readonly codings: Observation['code']['coding'];
  readonly value: number | string | null;
  readonly unit: string | null;
  readonly referenceRange: { readonly low: number | null; readonly high: number | null; readonly text: string | null };
  readonly interpretation: string | null;
  readonly effective: string;
  readonly sourceDocumentId: string;
  readonly authorOrganisation: string | null;
  readonly resource: Observation;
}

/** A vaccination read from a VACC document. */
export interface DerivedImmunization {
  readonly id: string;
  readonly vaccine: Immunization['vaccineCode'];
  readonly occurrence: string;
  readonly doseNumber: number | null;
  readonly lot: string | null;
  readonly sourceDocumentId: string;
  readonly authorOrganisation: string | null;
  readonly resource: Immunization;
}

interface ListedRow {
  id: string;
  content: unknown;
  source_document_id: string;
  date: Date;
  document: unknown;
}

const organisationOf = (doc: unknown): string | null => {
  const contained = (doc as DocumentReference | null)?.contained ?? [];
  const org = contained.find((c) => c.resourceType === 'Organization');
  return org?.resourceType === 'Organization' ? (org.name ?? null) : null;
};

/**
 * Derived clinical resources (issue 20 item 1; ADR 0018): stored in the transaction that files their CDA2,
 * removed with a superseded or withdrawn document, listed for the clinical views under records' access rule.
 */
export function derivedService(deps: { db: Kysely<RecordsDatabase>; audit: AuditSink; now: () => Date }) {
  async function listed(principal: Principal, spec: TypeSpec, table: Sql, patientId: number): Promise<ListedRow[]> {
    const result = await sql<ListedRow>`
      SELECT r.id::text AS id, r.content, r.source_document_id::text AS source_document_id, r.date,
        d.content AS document
      FROM ${table} JOIN fhir_document_reference d ON d.id = r.source_document_id
      WHERE r.patient_id = ${patientId} AND r.source_document_id IS NOT NULL AND ${accessSql(principal, spec, null)}
      ORDER BY r.date, r.id`.execute(deps.db);
    return result.rows;
  }
  const log = (principal: Principal, type: string, patientId: number, requestId: string) =>
    deps.audit.record({
      principal,
      action: 'search',
      resourceType: type,
      resourceId: null,
      subjectCitizenId: patientId,
      purpose: purposeOf(principal, patientId),
      outcome: 'success',
      requestId,
    });

  return {
    /**
     * Converts nothing: stores the clinical resources of a converted document Bundle for the DocumentReference
     * `documentId`, in the caller's transaction (the one filing the document). Idempotent: a replay adds 0 rows.
     */
    async store(trx: QueryExecutorProvider, documentId: string, bundle: Bundle): Promise<{ stored: number }> {
      const source = await derivedRepository.source(trx, documentId);
      if (source === null) throw new Error(`derived resources for an unknown document ${documentId}`);
      const rows = derivedRows(bundle, source.patientId, source.date);
      if (rows.length === 0) return { stored: 0 };
      return { stored: await derivedRepository.insert(trx, documentId, source, rows, deps.now()) };
    },

    /** A superseded or withdrawn document's derived resources leave with it (same transaction). */
    removeFor: (trx: QueryExecutorProvider, documentId: string) => derivedRepository.removeFor(trx, documentId),

    /**
     * A patient's results read from documents, oldest first, under the caller's access (consent, oscuramento,
     * delegation, the GP's list): what the caller may not see is not listed. One access-log entry per call.
     */
    async results(principal: Principal, patientId: number, requestId: string): Promise<DerivedResult[]> {
      const rows = await listed(principal, OBSERVATION, sql`fhir_observation r`, patientId);
      await log(principal, 'Observation', patientId, requestId);
      return rows.map((row) => {
        const obs = row.content as Observation;
        const q = obs.valueQuantity;
        const range = obs.referenceRange?.[0];
        const first = obs.code.coding?.[0];
        return {
          id: row.id,
          code: { ...first, ...(first?.display === undefined && obs.code.text ? { display: obs.code.text } : {}) },
          codings: obs.code.coding,
          value: q?.value ?? obs.valueString ?? obs.valueCodeableConcept?.text ?? null,
          unit: q?.unit ?? q?.code ?? null,
          referenceRange: {
            low: range?.low?.value ?? null,
            high: range?.high?.value ?? null,
            text: range?.text ?? null,
          },
          interpretation: obs.interpretation?.[0]?.coding?.[0]?.code ?? null,
          effective: row.date.toISOString(),
          sourceDocumentId: row.source_document_id,
          authorOrganisation: organisationOf(row.document),
          resource: obs,
        };
      });
    },

    /** A patient's vaccinations read from VACC documents (Salus's own and others'), oldest first, as results. */
    async immunizations(principal: Principal, patientId: number, requestId: string): Promise<DerivedImmunization[]> {
      const rows = await listed(
        principal,
        DERIVED_IMMUNIZATION,
        sql`(SELECT * FROM fhir_derived WHERE resource_type = 'Immunization') r`,
        patientId,
      );
      await log(principal, 'Immunization', patientId, requestId);
      return rows.map((row) => {
        const imm = row.content as Immunization;
        return {
          id: row.id,
          vaccine: imm.vaccineCode,
          occurrence: row.date.toISOString(),
          doseNumber: imm.protocolApplied?.[0]?.doseNumberPositiveInt ?? null,
          lot: imm.lotNumber ?? null,
          sourceDocumentId: row.source_document_id,
          authorOrganisation: organisationOf(row.document),
          resource: imm,
        };
      });
    },
  };
}

type Sql = ReturnType<typeof sql>;
export type DerivedService = ReturnType<typeof derivedService>;
