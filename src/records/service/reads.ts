import type { Bundle, Resource } from '@medplum/fhirtypes';
import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import { notFound, validationError } from '../../shared/errors.ts';
import type { AuditSink, Principal } from '../../shared/principal.ts';
import { accessSql, purposeOf, requireScope, viewerOf, type Presented } from '../access/scope.ts';
import { historyBundle, searchsetBundle, type Entry } from '../fhir/bundle.ts';
import { specOf } from '../resources/index.ts';
import type { Row, TypeSpec } from '../resources/spec.ts';
import type { SearchRequest } from '../search/model.ts';
import { parseSearch } from '../search/parse.ts';
import { tokenCode } from '../search/tokens.ts';
import { readStore } from '../store/reads.ts';

export interface ReadDeps {
  readonly db: Kysely<RecordsDatabase>;
  readonly audit: AuditSink;
  /** Absolute base of the FHIR API, e.g. https://salus.example.org/fhir/R4. */
  readonly base: string;
}

/** The same 404 for "does not exist" and "not yours": a hidden document must look like nothing. */
const unknown = (type: string, id: string) => notFound('fhir.not_found', `${type}/${id} is not known.`);

/** A pharmacist's search must present both the codice fiscale and the NRE, as on the paper slip. */
function presentedBy(principal: Principal, request: SearchRequest): Presented | null {
  if (principal.kind !== 'operator' || principal.role !== 'pharmacist' || request.type !== 'MedicationRequest')
    return null;
  const one = (code: string) => {
    const found = request.criteria.filter((c) => c.param.code === code).flatMap((c) => c.values);
    return found.length === 1 ? tokenCode(found[0] ?? '') : null;
  };
  const fiscalCode = one('patient.identifier');
  const nre = one('identifier');
  if (fiscalCode === null || nre === null) {
    throw validationError(
      'fse.prescription_lookup',
      'Pharmacists look up a prescription by patient.identifier (codice fiscale) and identifier (NRE), one of each.',
      [{ field: 'identifier', message: 'required with patient.identifier' }],
    );
  }
  return { fiscalCode: fiscalCode.toUpperCase(), nre: nre.toUpperCase() };
}

export function fhirReads(deps: ReadDeps) {
  const store = readStore(deps.db);

  const spec = (type: string): TypeSpec => {
    const found = specOf(type);
    if (found === undefined) throw notFound('fhir.type_not_supported', `The resource type ${type} is not served here.`);
    return found;
  };

  /** One log entry per citizen whose data was returned: "who looked at my record". */
  const log = async (
    principal: Principal,
    type: TypeSpec,
    action: 'read' | 'search',
    patients: Iterable<number>,
    resourceId: string | null,
    requestId: string,
    outcome: 'success' | 'denied' = 'success',
  ) => {
    // Reading the log is not itself clinical data; logging it would flood the log.
    if (type.type === 'AuditEvent') return;
    for (const patient of new Set(patients)) {
      await deps.audit.record({
        principal,
        action,
        resourceType: type.type,
        resourceId,
        subjectCitizenId: patient,
        purpose: purposeOf(principal, patient),
        outcome,
        requestId,
      });
    }
  };

  /** A refused read of something that exists is logged for its subject, who may want to know. */
  const logDenied = async (principal: Principal, type: TypeSpec, id: string, requestId: string) => {
    if (principal.kind === 'citizen' || type.kind !== 'stored' || type.table === undefined) return;
    const row = await store.read(
      { ...type, select: `${type.patientColumn} AS patient_id`, from: `${type.table} r` },
      id,
      sql`true`,
    );
    if (row !== null) await log(principal, type, 'read', [Number(row.patient_id)], id, requestId, 'denied');
  };

  /** Citizens a search named (patient=…, patient.identifier=…), for logging an empty result. */
  const namedPatients = async (request: SearchRequest): Promise<number[]> => {
    const ids = request.criteria
      .filter((c) => c.param.kind === 'patient')
      .flatMap((c) => c.values.map((v) => v.split('/').at(-1) ?? ''))
      .filter((v) => /^\d{1,18}$/.test(v));
    const codes = request.criteria
      .filter((c) => c.param.kind === 'patient-identifier')
      .flatMap((c) => c.values.map((v) => tokenCode(v).toUpperCase()));
    if (ids.length === 0 && codes.length === 0) return [];
    return serviceRepository.patientsByIdOrFiscalCode(deps.db, ids, codes);
  };

  const render = (type: TypeSpec, row: Row, principal: Principal): Resource =>
    type.render(row, { viewer: viewerOf(principal), base: deps.base });

  return {
    spec,

    async read(
      principal: Principal,
      type: string,
      id: string,
      requestId: string,
    ): Promise<{ resource: Resource; row: Row }> {
      requireScope(principal, 'fse:read');
      const s = spec(type);
      const row = await store.read(s, id, accessSql(principal, s, null));
      if (row === null) {
        await logDenied(principal, s, id, requestId);
        throw unknown(type, id);
      }
      await log(principal, s, 'read', [Number(row.patient_id)], id, requestId);
      return { resource: render(s, row, principal), row };
    },

    async vread(principal: Principal, type: string, id: string, version: string, requestId: string): Promise<Resource> {
      requireScope(principal, 'fse:read');
      const s = spec(type);
      if (!/^[1-9]\d{0,8}$/.test(version)) throw unknown(type, `${id}/_history/${version}`);
      const row = await store.vread(s, id, Number(version), accessSql(principal, s, null));
      if (row === null) throw unknown(type, `${id}/_history/${version}`);
      await log(principal, s, 'read', [Number(row.patient_id)], id, requestId);
      return render(s, row, principal);
    },

    async history(principal: Principal, type: string, id: string, requestId: string): Promise<Bundle> {
      requireScope(principal, 'fse:read');
      const s = spec(type);
      const rows = await store.history(s, id, accessSql(principal, s, null), 100);
      if (rows.length === 0) throw unknown(type, id);
      await log(principal, s, 'read', [Number(rows[0]?.patient_id)], id, requestId);
      return historyBundle(
        deps.base,
        type,
        id,
        rows.map((r) => render(s, r, principal)),
      );
    },

    async search(
      principal: Principal,
      type: string,
      entries: readonly (readonly [string, string])[],
      lenient: boolean,
      requestId: string,
    ): Promise<Bundle> {
      requireScope(principal, 'fse:read');
      const s = spec(type);
      const request = parseSearch(s, entries, { lenient });
      const page = await store.search(s, request, accessSql(principal, s, presentedBy(principal, request)));
      const matched: Entry[] = page.rows.map((row) => ({ resource: render(s, row, principal), mode: 'match' }));
      const patients = page.rows.map((r) => Number(r.patient_id));
      const included: Entry[] = [];
      for (const include of request.includes) {
        const target = spec(include.target);
        const ids = matched.flatMap((m) => include.ids(m.resource));
        const rows = await store.byIds(target, ids, accessSql(principal, target, null));
        for (const row of rows) {
          if (included.some((e) => e.resource.resourceType === target.type && e.resource.id === String(row.id)))
            continue;
          included.push({ resource: render(target, row, principal), mode: 'include' });
          patients.push(Number(row.patient_id));
        }
      }
      if (patients.length === 0 && principal.kind !== 'citizen') patients.push(...(await namedPatients(request)));
      await log(
        principal,
        s,
        'search',
        patients.filter((p) => Number.isFinite(p) && p > 0),
        null,
        requestId,
      );
      return searchsetBundle(deps.base, request, [...matched, ...included], page.next, page.total);
    },
  };
}

export type FhirReads = ReturnType<typeof fhirReads>;
