// Response shapes of the FSE's JSON API (src/records/api/schemas.ts) and its writes.
import { array, boolean, nullable, number, object, orAbsent, string, type Decoded } from './decode.ts';
import { send } from './client.ts';

export const fseDocument = object({
  id: string,
  class: string,
  classLabel: object({ it: string, en: string }),
  type: object({ code: string, display: string }),
  title: string,
  date: string,
  author: string,
  status: string,
  hidden: boolean,
  contentType: string,
  // A CDA2 document: it opens as a readable page (issue 19).
  readable: orAbsent(boolean, false),
  size: nullable(number),
});
export type FseDocument = Decoded<typeof fseDocument>;
export const documentPage = object({ items: array(fseDocument), total: nullable(number), next: nullable(string) });
export type DocumentPage = Decoded<typeof documentPage>;

export const prescription = object({
  id: string,
  nre: string,
  medication: object({ code: string, display: string }),
  dosage: string,
  quantity: nullable(number),
  status: string,
  authoredOn: string,
  prescriber: string,
  dispensed: nullable(object({ at: string, by: string })),
});
export type Prescription = Decoded<typeof prescription>;
export const prescriptionList = array(prescription);

export const exemption = object({
  documentId: string,
  code: string,
  display: string,
  validFrom: nullable(string),
  validTo: nullable(string),
  issuedBy: string,
  date: string,
});
export type Exemption = Decoded<typeof exemption>;
export const exemptionList = array(exemption);

export const vaccination = object({
  id: string,
  product: string,
  doseNumber: nullable(number),
  doses: nullable(number),
  date: string,
  lot: string,
  centre: string,
});
export type Vaccination = Decoded<typeof vaccination>;
export const vaccinationList = array(vaccination);

export const consent = object({ active: boolean, since: nullable(string) });
export type Consent = Decoded<typeof consent>;

export const summary = object({
  consent,
  classes: array(object({ class: string, documents: number, latest: string })),
  processing: number,
});
export type Summary = Decoded<typeof summary>;

export const accesses = object({
  total: number,
  items: array(
    object({
      at: string,
      who: string,
      role: string,
      onBehalfOf: nullable(string),
      action: string,
      resourceType: string,
      purpose: string,
      outcome: string,
    }),
  ),
});
export type Accesses = Decoded<typeof accesses>;

export const gpPatient = object({
  fiscalCode: string,
  givenName: string,
  familyName: string,
  birthDate: string,
  consent: boolean,
});
export type GpPatient = Decoded<typeof gpPatient>;
export const gpPatients = object({ total: number, items: array(gpPatient) });

const visibility = object({ hidden: boolean, documents: number });

/** The API base of a record: the citizen's own (or whom they act for), or a GP's patient. */
export type RecordBase = '/api/me/records' | `/api/records/patients/${string}`;
export const patientRecord = (fiscalCode: string): RecordBase =>
  `/api/records/patients/${encodeURIComponent(fiscalCode)}`;

/** The web page of a CDA2 document: in "Il mio fascicolo", or on the GP's patient record. */
export const documentPagePath = (base: RecordBase, id: string): string =>
  base === '/api/me/records'
    ? `/fascicolo/documenti/${encodeURIComponent(id)}`
    : `/medico/assistiti/${base.slice('/api/records/patients/'.length)}/documenti/${encodeURIComponent(id)}`;

/** The document's bytes: inline for the viewer, or as a download. */
export const documentContentUrl = (id: string, download = false): string =>
  `/api/records/documents/${encodeURIComponent(id)}/content${download ? '?download=true' : ''}`;

export const setHidden = (id: string, hidden: boolean, csrfToken: string | null) =>
  send('PUT', `/api/me/records/documents/${encodeURIComponent(id)}/visibility`, {
    csrfToken,
    body: { hidden },
    decoder: visibility,
  });

export const setConsent = (active: boolean, csrfToken: string | null) =>
  send('PUT', '/api/me/records/consent', { csrfToken, body: { active }, decoder: consent });

export interface NewPrescription {
  medication: { code: string; display: string };
  dosage: string;
  quantity: number;
  note?: string;
  idempotencyKey: string;
}
export const prescribe = (fiscalCode: string, body: NewPrescription, csrfToken: string | null) =>
  send('POST', `${patientRecord(fiscalCode)}/prescriptions`, { csrfToken, body, decoder: prescription });

export interface NewExemption {
  code: string;
  display: string;
  validFrom: string;
  validTo?: string;
  idempotencyKey: string;
}
export const issueExemption = (fiscalCode: string, body: NewExemption, csrfToken: string | null) =>
  send('POST', `${patientRecord(fiscalCode)}/exemptions`, { csrfToken, body, decoder: exemption });

export const dispense = (fiscalCode: string, nre: string, csrfToken: string | null) =>
  send('POST', '/api/records/prescriptions/dispense', { csrfToken, body: { fiscalCode, nre }, decoder: prescription });
