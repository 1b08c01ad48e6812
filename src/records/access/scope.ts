import { sql, type RawBuilder } from 'kysely';
import { forbidden } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';
import type { TypeSpec, Viewer } from '../resources/spec.ts';
import { all } from '../search/compile.ts';

type Sql = RawBuilder<unknown>;

/** What a pharmacist presented: the codice fiscale and the prescription number (NRE). */
export interface Presented {
  readonly fiscalCode: string;
  readonly nre: string;
}

/**
 * Citizens a GP may consult: on the GP's list AND with an active consultation consent.
 * Without the consent a clinician sees nothing, so this is part of every GP query.
 * As ARRAY(…), an InitPlan computed once per query: the planner then keeps the
 * (patient_id, date) index order for "patient = X ORDER BY date DESC LIMIT 20"
 * instead of turning an IN (…) into a join and sorting every row of the patient
 * (bench/fse, 20,000 documents, first page over HTTP: 56 ms with IN, 4.5 ms with ARRAY).
 */
export const gpPatients = (operatorId: number): Sql => sql`ARRAY(
  SELECT c.id FROM registry_citizens c
  WHERE c.gp_id = ${operatorId}
    AND EXISTS (SELECT 1 FROM fhir_consent k WHERE k.patient_id = c.id
      AND k.purpose = 'consultation' AND k.status = 'active'))`;

/**
 * The citizen and everyone with a live (not revoked, not expired) delegation to them (an
 * InitPlan too, see gpPatients). "Live" is identity's one definition, which it publishes as
 * the view identity_live_delegations (migrations/0027_published_views.sql).
 */
export const citizenPatients = (citizenId: number): Sql =>
  sql`ARRAY(SELECT ${citizenId}::bigint UNION ALL
    SELECT d.delegator_id FROM identity_live_delegations d WHERE d.delegate_id = ${citizenId})`;

/** Oscuramento, as SQL: for anyone but the citizen, a hidden document does not exist. */
function notHidden(spec: TypeSpec): Sql {
  switch (spec.hide) {
    case 'document':
      return sql`NOT r.hidden`;
    case 'binary':
      return sql`NOT EXISTS (SELECT 1 FROM fhir_document_reference hd WHERE hd.id = r.document_id AND hd.hidden)`;
    case 'list':
      return sql`EXISTS (SELECT 1 FROM fse_list_items li JOIN fhir_document_reference hd ON hd.id = li.document_id
        WHERE li.list_id = r.id AND NOT hd.hidden)`;
    case 'derived':
      return sql`NOT EXISTS (SELECT 1 FROM fhir_document_reference hd WHERE hd.id = ANY(r.derived_documents)
        AND hd.hidden)`;
    case null:
      return sql`true`;
  }
}

/**
 * The access rule of the FSE as a WHERE condition over the row alias `r`, ANDed into
 * every read, search, count and include. Nothing is filtered after the query, so
 * counts and `_total` can never disagree with what a caller may see.
 */
export function accessSql(principal: Principal, spec: TypeSpec, presented: Presented | null): Sql {
  const patient = sql.raw(spec.patientColumn);
  if (principal.kind === 'citizen') {
    return sql`${patient} = ANY(${citizenPatients(principal.citizenId)})`;
  }
  if (principal.kind === 'facility') {
    if (!spec.readers.includes('facility') || spec.facilityWrote === undefined) return sql`false`;
    return all([spec.facilityWrote(principal.facilityId), notHidden(spec)]);
  }
  if (principal.role === 'gp' && spec.readers.includes('gp')) {
    return all([sql`${patient} = ANY(${gpPatients(principal.operatorId)})`, notHidden(spec)]);
  }
  if (principal.role === 'pharmacist') {
    if (spec.type === 'MedicationRequest' && presented !== null) {
      return sql`(${patient} = (SELECT id FROM registry_citizens WHERE fiscal_code = ${presented.fiscalCode})
        AND r.nre = ${presented.nre})`;
    }
    if (spec.type === 'MedicationDispense' && principal.facilityId !== null)
      return sql`r.author_facility_id = ${principal.facilityId}`;
  }
  return sql`false`;
}

export function viewerOf(principal: Principal): Viewer {
  return principal.kind === 'citizen' ? 'owner' : 'other';
}

/** Facility systems need the fse:read scope to read and fse:write to publish. */
export function requireScope(principal: Principal, scope: 'fse:read' | 'fse:write'): void {
  if (principal.kind === 'facility' && !principal.scopes.includes(scope)) {
    throw forbidden('fse.scope', `This token lacks the ${scope} scope: request it with client credentials.`);
  }
}

/**
 * Why the data of `patient` was read, as the access log records it. A citizen reading someone
 * else's data is always a delegate (accessSql admits only delegators), whether or not they
 * switched to acting for them: FHIR searches span every person they represent.
 */
export function purposeOf(principal: Principal, patient: number): string {
  if (principal.kind === 'citizen')
    return principal.actingFor === null && patient === principal.citizenId ? 'self-access' : 'delegate-access';
  if (principal.kind === 'facility') return 'document-exchange';
  if (principal.role === 'gp') return 'consultation';
  if (principal.role === 'pharmacist') return 'dispensing';
  return principal.role;
}
