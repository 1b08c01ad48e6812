import { parseXmlDocument, serializeToWellFormedString, type Element } from 'slimdom';
import {
  OID,
  organisationId,
  writeHeader,
  type DocumentKind,
  type VaccOrganisation,
  type VaccPatient,
} from './header.ts';
import { COVID_19, type VaccineCodes } from './vaccines.ts';
import { CdaWriter, HL7, hl7Time } from './xml.ts';

/** One administered dose, as the vaccination centre recorded it. */
export interface VaccDose {
  readonly vaccinationId: number;
  readonly productName: string;
  readonly codes: VaccineCodes;
  readonly doseNumber: number;
  readonly administeredAt: Date;
  /** The lot as recorded; an empty one is left out (lotNumberText is optional). */
  readonly lot: string | null;
  readonly centre: VaccOrganisation;
}

/** HL7 Italia "Scheda della singola vaccinazione" 1.1 (schematron_singola_VACC). */
export const SINGLE_VACCINATION: DocumentKind = {
  templateId: '2.16.840.1.113883.2.9.10.1.11.1.1',
  loinc: '87273-9',
  loincDisplay: 'Immunization note',
  title: 'Scheda della singola vaccinazione',
};

/** HL7 Italia "Certificato vaccinale" 1.1 (schematron_certificato_VACC). */
export const VACCINATION_CERTIFICATE: DocumentKind = {
  templateId: '2.16.840.1.113883.2.9.10.1.11.1.2',
  loinc: '82593-5',
  loincDisplay: 'Immunization summary report',
  title: 'Certificato vaccinale',
};

const SECTION_TEMPLATE = {
  single: '2.16.840.1.113883.2.9.10.1.11.3.1',
  certificate: '2.16.840.1.113883.2.9.10.1.11.3.2',
};
const IMMUNIZATION = '2.16.840.1.113883.2.9.10.1.11.4.1';
const DOSE_NUMBER = '2.16.840.1.113883.2.9.10.1.11.4.3';
const CONDITION = '2.16.840.1.113883.2.9.10.1.11.4.9';

const day = (at: Date): string =>
  hl7Time(at)
    .slice(0, 8)
    .replace(/^(\d{4})(\d{2})(\d{2})$/, '$3/$2/$1');

/** What the narrative block says of a dose (a person reads this; the entry below says it coded). */
export function doseSentence(dose: VaccDose): string {
  const lot = dose.lot === null || dose.lot === '' ? '' : `, lotto ${dose.lot}`;
  return (
    `${day(dose.administeredAt)}: ${dose.productName} (AIC ${dose.codes.aic}, ATC ${dose.codes.atc}), ` +
    `dose n. ${dose.doseNumber}${lot}, somministrata presso ${dose.centre.name}; malattia prevenuta: Covid 19.`
  );
}

function section(w: CdaWriter, doc: Element, template: string, title: string): Element {
  const body = w.add(w.add(doc, 'component'), 'structuredBody', { moodCode: 'EVN', classCode: 'DOCBODY' });
  const s = w.add(w.add(body, 'component', { typeCode: 'COMP' }), 'section', { classCode: 'DOCSECT', moodCode: 'EVN' });
  w.add(s, 'templateId', { root: template });
  w.add(s, 'code', {
    code: '11369-6',
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: 'History of Immunization Narrative',
  });
  w.add(s, 'title', {}, title);
  return s;
}

function observation(w: CdaWriter, parent: Element, typeCode: string, inversion: boolean, template: string) {
  const relationship = w.add(parent, 'entryRelationship', { typeCode, inversionInd: String(inversion) });
  const obs = w.add(relationship, 'observation', { classCode: 'OBS', moodCode: 'EVN' });
  w.add(obs, 'templateId', { root: template });
  return obs;
}

/** The coded dose: substanceAdministration with AIC (ATC translation), lot, place, dose number, disease. */
function writeDoseEntry(w: CdaWriter, s: Element, dose: VaccDose): void {
  const act = w.add(w.add(s, 'entry'), 'substanceAdministration', { moodCode: 'EVN', classCode: 'SBADM' });
  w.add(act, 'templateId', { root: IMMUNIZATION });
  w.add(act, 'statusCode', { code: 'completed' });
  w.add(act, 'effectiveTime', { value: hl7Time(dose.administeredAt) });
  // Every vaccine of the campaign is given intramuscularly (its SmPC); the site and the volume are
  // not recorded by the centre, so approachSiteCode and doseQuantity stay out (warnings W004, W005).
  w.add(act, 'routeCode', {
    code: 'IM',
    codeSystem: '2.16.840.1.113883.5.112',
    codeSystemName: 'HL7 RouteOfAdministration',
    displayName: 'Injection, intramuscular',
  });
  const material = w.add(
    w.add(w.add(act, 'consumable', { typeCode: 'CSM' }), 'manufacturedProduct'),
    'manufacturedMaterial',
  );
  const code = w.add(material, 'code', {
    code: dose.codes.aic,
    codeSystem: '2.16.840.1.113883.2.9.6.1.5',
    codeSystemName: 'AIC',
    displayName: dose.productName,
  });
  w.add(code, 'translation', {
    code: dose.codes.atc,
    codeSystem: '2.16.840.1.113883.6.73',
    codeSystemName: 'ATC',
    displayName: dose.codes.atcDisplay,
  });
  if (dose.lot !== null && dose.lot !== '') w.add(material, 'lotNumberText', {}, dose.lot);
  const place = w.add(w.add(act, 'participant', { typeCode: 'LOC' }), 'participantRole', { classCode: 'ROL' });
  organisationId(w, place, dose.centre);

  const number = observation(w, act, 'SUBJ', true, DOSE_NUMBER);
  w.add(number, 'code', {
    code: '30973-2',
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: 'Numero di dose',
  });
  w.add(number, 'statusCode', { code: 'completed' });
  w.add(number, 'value', { 'xsi:type': 'INT', value: dose.doseNumber });

  const condition = observation(w, act, 'RSON', false, CONDITION);
  w.add(condition, 'code', {
    code: '75323-6',
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: 'Condizione',
  });
  w.add(condition, 'statusCode', { code: 'completed' });
  w.add(condition, 'value', { 'xsi:type': 'CD', ...COVID_19, codeSystemName: 'Malattie prevenibili da vaccino' });
}

const serialize = (w: CdaWriter): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${serializeToWellFormedString(w.doc)}`;

/** The single-vaccination CDA2 of one dose. Deterministic: the same dose gives the same bytes. */
export function singleVaccinationCda(patient: VaccPatient, dose: VaccDose): string {
  const w = new CdaWriter();
  const doc = writeHeader(w, {
    kind: SINGLE_VACCINATION,
    idExtension: `SALUS.VACC.${dose.vaccinationId}`,
    // The document is the record of the act: dated when the dose was given, so a replay is byte-identical.
    effectiveTime: dose.administeredAt,
    patient,
    organisation: dose.centre,
  });
  const s = section(w, doc, SECTION_TEMPLATE.single, SINGLE_VACCINATION.title);
  w.add(w.add(s, 'text'), 'paragraph', {}, doseSentence(dose));
  writeDoseEntry(w, s, dose);
  return serialize(w);
}

const childrenNamed = (parent: Element, name: string): Element[] =>
  parent.children.filter((c) => c.namespaceURI === HL7 && c.localName === name);

function onlyChild(parent: Element, name: string): Element {
  const child = childrenNamed(parent, name)[0];
  if (child === undefined) throw new Error(`single-vaccination CDA without ${name}`);
  return child;
}

/** The narrative paragraphs and the entry of a filed single-vaccination CDA. */
function parts(cda: string): { paragraphs: Element[]; entry: Element } {
  const root = parseXmlDocument(cda).documentElement;
  if (root === null) throw new Error('empty single-vaccination CDA');
  const body = onlyChild(onlyChild(root, 'component'), 'structuredBody');
  const section = onlyChild(onlyChild(body, 'component'), 'section');
  return { paragraphs: childrenNamed(onlyChild(section, 'text'), 'paragraph'), entry: onlyChild(section, 'entry') };
}

export interface CertificateInput {
  readonly id: string;
  readonly at: Date;
  readonly patient: VaccPatient;
  /** Salus's FSE, which compiles the certificate from the record. */
  readonly organisation: VaccOrganisation;
  /** The single-vaccination CDAs of the record, in the order of the doses. */
  readonly singles: readonly string[];
}

/** The vaccination certificate CDA2: one entry (and one narrative paragraph) per dose of the record. */
export function vaccinationCertificateCda(input: CertificateInput): string {
  const w = new CdaWriter();
  const doc = writeHeader(w, {
    kind: VACCINATION_CERTIFICATE,
    idExtension: `SALUS.CERTVACC.${input.id}`,
    effectiveTime: input.at,
    patient: input.patient,
    organisation: input.organisation,
  });
  const s = section(w, doc, SECTION_TEMPLATE.certificate, VACCINATION_CERTIFICATE.title);
  const text = w.add(s, 'text');
  const entries = input.singles.map(parts);
  for (const p of entries) for (const paragraph of p.paragraphs) text.appendChild(w.doc.importNode(paragraph, true));
  for (const p of entries) s.appendChild(w.doc.importNode(p.entry, true));
  return serialize(w);
}
