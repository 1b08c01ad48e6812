import { Type } from 'typebox';
import { rolesAccess } from '../../http/policy.ts';
import { sendStoredFile } from '../../http/stored-file.ts';
import type { TypedApp } from '../../http/types.ts';
import { parseFiscalCode } from '../../shared/identifiers.ts';
import { unauthenticated } from '../../shared/errors.ts';
import { requireCitizen as citizen, requireOperator as operator } from '../../http/principals.ts';
import type { Principal } from '../../shared/principal.ts';
import * as S from './schemas.ts';
import type { RecordsApi, Whose } from './service.ts';

const tags = { tags: ['records'] };

const anyone = (p: Principal | null): Principal => {
  if (p === null) throw unauthenticated();
  return p;
};
const me: Whose = { kind: 'me' };
const patient = (fiscalCode: string): Whose => ({
  kind: 'fiscalCode',
  value: parseFiscalCode(fiscalCode, '/fiscalCode'),
});

/**
 * The JSON API for the web pages. FHIR clients use /fhir/R4; these routes are the
 * same rules in the shape the pages need. See the report of issue #9 for the list.
 */
export function registerRecordsApi(app: TypedApp, api: RecordsApi): void {
  const asCitizen = { config: { policy: rolesAccess('citizen') } };
  const asGp = { config: { policy: rolesAccess('gp') } };

  // "Il mio fascicolo": the citizen, or a delegate acting for them
  app.get(
    '/api/me/records/summary',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'Documents per class, documents still processing, consent',
        response: { 200: S.Summary },
      },
    },
    (r) => api.summary(citizen(r.principal)),
  );
  app.get(
    '/api/me/records/documents',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'My documents, newest first, by class and date',
        querystring: S.DocumentQuery,
        response: { 200: S.DocumentPage },
      },
    },
    (r) => api.documents(citizen(r.principal), me, r.query, r.id),
  );
  app.put(
    '/api/me/records/documents/:id/visibility',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'Oscuramento: hide a document from clinicians, or show it again',
        params: S.IdParam,
        body: S.VisibilityBody,
      },
    },
    (r) => api.setHidden(citizen(r.principal), r.params.id.toLowerCase(), r.body.hidden, r.id),
  );
  app.get(
    '/api/me/records/prescriptions',
    { ...asCitizen, schema: { ...tags, response: { 200: Type.Array(S.Prescription) } } },
    (r) => api.prescriptions(citizen(r.principal), me, r.id),
  );
  app.get(
    '/api/me/records/exemptions',
    { ...asCitizen, schema: { ...tags, response: { 200: Type.Array(S.Exemption) } } },
    (r) => api.exemptions(citizen(r.principal), me, r.id),
  );
  app.get(
    '/api/me/records/vaccinations',
    { ...asCitizen, schema: { ...tags, response: { 200: Type.Array(S.Vaccination) } } },
    (r) => api.vaccinations(citizen(r.principal), me, r.id),
  );
  app.get(
    '/api/me/records/consent',
    { ...asCitizen, schema: { ...tags, summary: 'The consultation consent', response: { 200: S.Consent } } },
    (r) => api.consent(citizen(r.principal)),
  );
  app.put(
    '/api/me/records/consent',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'Grant (true) or withdraw (false) consultation by clinicians',
        body: S.ConsentBody,
        response: { 200: S.Consent },
      },
    },
    (r) => api.setConsent(citizen(r.principal), r.body.active, r.id),
  );
  app.get(
    '/api/me/records/access-log',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'Who consulted my record, newest first',
        querystring: S.AccessQuery,
        response: { 200: S.Accesses },
      },
    },
    (r) => api.accesses(citizen(r.principal), r.query.others, r.query.limit, r.query.offset),
  );

  // A document's bytes: a PDF inline for the viewer, anything else (and ?download=true) as an attachment
  app.get(
    '/api/records/documents/:id/content',
    {
      config: { policy: rolesAccess('citizen', 'gp') },
      schema: { ...tags, summary: 'The document (PDF or CDA)', params: S.IdParam, querystring: S.ContentQuery },
    },
    async (r, reply) => {
      const file = await api.content(anyone(r.principal), r.params.id.toLowerCase(), r.id);
      return sendStoredFile(reply, file, !r.query.download);
    },
  );

  // GP: patient list → record, prescriptions and exemptions
  app.get(
    '/api/records/gp/patients',
    {
      ...asGp,
      schema: {
        ...tags,
        summary: 'My patients, with their consultation consent',
        querystring: S.Paging,
        response: { 200: S.GpPatients },
      },
    },
    (r) => api.gpPatients(operator(r.principal, 'gp'), r.query.limit, r.query.offset),
  );
  const ofPatient = { ...tags, params: S.FiscalCodeParam };
  app.get(
    '/api/records/gp/patients/:fiscalCode',
    {
      ...asGp,
      schema: {
        ...ofPatient,
        summary: 'One of my patients, with their consultation consent',
        response: { 200: S.GpPatient },
      },
    },
    (r) => api.gpPatient(operator(r.principal, 'gp'), parseFiscalCode(r.params.fiscalCode, '/fiscalCode'), r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/documents',
    { ...asGp, schema: { ...ofPatient, querystring: S.DocumentQuery, response: { 200: S.DocumentPage } } },
    (r) => api.documents(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.query, r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/prescriptions',
    { ...asGp, schema: { ...ofPatient, response: { 200: Type.Array(S.Prescription) } } },
    (r) => api.prescriptions(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/exemptions',
    { ...asGp, schema: { ...ofPatient, response: { 200: Type.Array(S.Exemption) } } },
    (r) => api.exemptions(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.id),
  );
  app.get(
    '/api/records/patients/:fiscalCode/vaccinations',
    { ...asGp, schema: { ...ofPatient, response: { 200: Type.Array(S.Vaccination) } } },
    (r) => api.vaccinations(operator(r.principal, 'gp'), patient(r.params.fiscalCode), r.id),
  );
  app.post(
    '/api/records/patients/:fiscalCode/prescriptions',
    {
      ...asGp,
      schema: {
        ...ofPatient,
        summary: 'Write an e-prescription (Salus assigns the NRE)',
        body: S.PrescribeBody,
        response: { 201: S.Prescription },
      },
    },
    async (r, reply) =>
      reply
        .status(201)
        .send(
          await api.prescribe(
            operator(r.principal, 'gp'),
            parseFiscalCode(r.params.fiscalCode, '/fiscalCode'),
            r.body,
            r.id,
          ),
        ),
  );
  app.post(
    '/api/records/patients/:fiscalCode/exemptions',
    {
      ...asGp,
      schema: {
        ...ofPatient,
        summary: 'Issue an exemption (published as an FSE document)',
        body: S.ExemptionBody,
        response: { 201: S.Exemption },
      },
    },
    async (r, reply) =>
      reply
        .status(201)
        .send(
          await api.issueExemption(
            operator(r.principal, 'gp'),
            parseFiscalCode(r.params.fiscalCode, '/fiscalCode'),
            r.body,
            r.id,
          ),
        ),
  );

  // Pharmacist: a prescription by codice fiscale + NRE, and its dispensing
  const asPharmacist = { config: { policy: rolesAccess('pharmacist') } };
  app.get(
    '/api/records/prescriptions/lookup',
    { ...asPharmacist, schema: { ...tags, querystring: S.LookupQuery, response: { 200: S.Prescription } } },
    (r) =>
      api.lookupPrescription(
        operator(r.principal, 'pharmacist'),
        parseFiscalCode(r.query.fiscalCode, '/fiscalCode'),
        r.query.nre.toUpperCase(),
        r.id,
      ),
  );
  app.post(
    '/api/records/prescriptions/dispense',
    { ...asPharmacist, schema: { ...tags, body: S.DispenseBody, response: { 200: S.Prescription } } },
    (r) =>
      api.dispense(
        operator(r.principal, 'pharmacist'),
        parseFiscalCode(r.body.fiscalCode, '/fiscalCode'),
        r.body.nre.toUpperCase(),
        r.id,
      ),
  );

  // Region: the 24 h SLA, aggregates only
  const asRegion = { config: { policy: rolesAccess('region') } };
  app.get(
    '/api/records/ingestion',
    {
      ...asRegion,
      schema: {
        ...tags,
        summary: 'FSE ingestion SLA: backlog, oldest pending, delays (aggregates)',
        response: { 200: S.Ingestion },
      },
    },
    () => api.ingestion(),
  );
  app.post(
    '/api/records/ingestion/retry-flagged',
    {
      ...asRegion,
      schema: {
        ...tags,
        summary: 'Send flagged documents round again',
        response: { 200: Type.Object({ documents: Type.Integer() }) },
      },
    },
    () => api.retryFlagged(),
  );
}
