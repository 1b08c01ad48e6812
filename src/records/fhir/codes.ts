/**
 * Code systems and identifier systems the FSE uses, in one place. Italian systems
 * follow HL7 Italia where it defines one; Salus's own are under its base URL.
 */
export const SALUS_SYSTEM = 'https://salus.example.org/fhir';

export const SYSTEMS = {
  salus: SALUS_SYSTEM,
  fiscalCode: 'http://hl7.it/sid/codiceFiscale',
  healthCard: 'http://hl7.it/sid/tessera-sanitaria',
  nre: 'http://hl7.it/sid/nre',
  istat: 'http://hl7.it/sid/istat-comuni',
  loinc: 'http://loinc.org',
  documentClass: `${SALUS_SYSTEM}/CodeSystem/fse-document-class`,
  exemption: `${SALUS_SYSTEM}/CodeSystem/fse-exemption`,
  visibility: `${SALUS_SYSTEM}/CodeSystem/fse-visibility`,
  consentPurpose: `${SALUS_SYSTEM}/CodeSystem/fse-consent-purpose`,
  aic: 'http://hl7.it/sid/aic',
  mhdProfile: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition',
  mhdSourceId: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId',
  mhdDesignationType: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType',
  submissionSetCode: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes',
  v3Confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  restfulInteraction: 'http://hl7.org/fhir/restful-interaction',
  medicationRequestCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
} as const;

/**
 * The FSE document classes (the Italian affinity domain's classCode), with the
 * LOINC type Salus expects for each. A document outside these classes is refused.
 */
export const FSE_CLASSES = {
  // 68604-8: the national Referto di Radiologia (RAD); 11488-4: Referto Specialistico Ambulatoriale.
  REF: { it: 'Referto', en: 'Report', loinc: ['11502-2', '11526-1', '18748-4', '34105-7', '11488-4', '68604-8'] },
  LDO: { it: 'Lettera di dimissione ospedaliera', en: 'Discharge letter', loinc: ['18842-5', '34105-7'] },
  VRB: { it: 'Verbale di pronto soccorso', en: 'Emergency department report', loinc: ['59258-4'] },
  PRS: { it: 'Prescrizione', en: 'Prescription', loinc: ['57833-6', '57832-8'] },
  ESE: { it: 'Esenzione', en: 'Exemption', loinc: ['57827-8'] },
  VAC: { it: 'Vaccinazione', en: 'Vaccination', loinc: ['87273-9', '11369-6'] },
  CER: { it: 'Certificato', en: 'Certificate', loinc: ['82593-5', '11490-0'] },
  // The national Profilo Sanitario Sintetico (patient summary, FSE 2.0 class SUM).
  SUM: { it: 'Profilo sanitario sintetico', en: 'Patient summary', loinc: ['60591-5'] },
} as const;

export type FseClass = keyof typeof FSE_CLASSES;

export const isFseClass = (code: string): code is FseClass => Object.hasOwn(FSE_CLASSES, code);

/** Content types the repository accepts: PDF, or CDA R2 XML. */
export const DOCUMENT_CONTENT_TYPES = new Set([
  'application/pdf',
  'application/xml',
  'text/xml',
  'application/hl7-v3+xml',
]);

/** The consultation consent's category: LOINC "Patient Consent" plus Salus's purpose code. */
export const CONSULTATION = {
  system: SYSTEMS.consentPurpose,
  code: 'consultation',
  display: 'Consenso alla consultazione del FSE',
} as const;
