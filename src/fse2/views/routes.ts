import { rolesAccess } from '../../http/policy.ts';
import { requireCitizen as citizen, requireOperator as operator } from '../../http/principals.ts';
import type { TypedApp } from '../../http/types.ts';
import { parseFiscalCode } from '../../shared/identifiers.ts';
import { FiscalCodeParam, LabTrends, VaccinationHistory } from './schemas.ts';
import type { ClinicalViewsService, Whose } from './service.ts';

const tags = ['records'];
const me: Whose = { kind: 'me' };
const patient = (fiscalCode: string): Whose => ({
  kind: 'patient',
  fiscalCode: parseFiscalCode(fiscalCode, '/fiscalCode'),
});

/**
 * The clinical views next to the record's own API (records/api/routes.ts): the same two bases, "my" record and a
 * GP's patient, so a page takes the base it already has and appends /lab-results or /vaccination-history.
 */
export function registerClinicalViewRoutes(app: TypedApp, views: ClinicalViewsService): void {
  const asCitizen = { policy: rolesAccess('citizen') };
  const asGp = { policy: rolesAccess('gp') };
  const lab = { tags, summary: 'Laboratory results over time: per analyte, across documents, with unit and range' };
  const vacc = {
    tags,
    summary: "Vaccination history from every source (Salus's doses, VACC documents), each dose once",
  };

  app.get('/api/me/records/lab-results', { config: asCitizen, schema: { ...lab, response: { 200: LabTrends } } }, (r) =>
    views.labResults(citizen(r.principal), me, r.id),
  );
  app.get(
    '/api/me/records/vaccination-history',
    { config: asCitizen, schema: { ...vacc, response: { 200: VaccinationHistory } } },
    (r) => views.vaccinationHistory(citizen(r.principal), me, r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/lab-results',
    { config: asGp, schema: { ...lab, params: FiscalCodeParam, response: { 200: LabTrends } } },
    (r) => views.labResults(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/vaccination-history',
    { config: asGp, schema: { ...vacc, params: FiscalCodeParam, response: { 200: VaccinationHistory } } },
    (r) => views.vaccinationHistory(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.id),
  );
}
