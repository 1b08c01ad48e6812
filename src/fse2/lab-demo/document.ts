import { serializeToWellFormedString, type Element } from 'slimdom';
import { OID, type VaccPatient } from '../vacc/header.ts';
import { CdaWriter, hl7Day, hl7Time } from '../vacc/xml.ts';
import {
  ANALYTES,
  type Analyte,
  type AnalyteName,
  type DemoLabReport,
  type LabFacility,
  type LabPhysician,
  type Range,
  type Specialty,
} from './content.ts';

/** HL7 Italia "Referto di Laboratorio" 1.3 (schematronFSE_LAB), as the national example LAB.xml. */
const LAB_TEMPLATE = '2.16.840.1.113883.2.9.10.1.1';
const INTERPRETATION = '2.16.840.1.113883.5.83';
const SPECIMEN_TYPE = '2.16.840.1.113883.5.129';
/** The national prescription number's root (NRE): a lab report fulfils a prescription (ERRORE: inFulfillmentOf). */
const NRE = '2.16.840.1.113883.2.9.4.3.9';
// The report is signed four hours after the blood is drawn: results of a morning's routine chemistry.
const REPORTED_AFTER_MS = 4 * 3_600_000;

export type Flag = 'H' | 'L' | 'N';

/** One analyte's result as the report states it. */
export interface LabResult {
  readonly name: AnalyteName;
  readonly analyte: Analyte;
  readonly value: number;
  readonly unit: string;
  readonly range: Range;
  readonly flag: Flag;
}

/** The laboratory's interpretation: above the ceiling H, below the floor L, else N (HL7 ObservationInterpretation). */
export function flagOf(value: number, range: Range): Flag {
  if (range.high !== undefined && value > range.high) return 'H';
  if (range.low !== undefined && value < range.low) return 'L';
  return 'N';
}

export function resultsOf(report: DemoLabReport, sex: 'M' | 'F'): LabResult[] {
  return (Object.keys(ANALYTES) as AnalyteName[]).map((name) => {
    const method = report.facility.methods[name];
    const value = report.values[name];
    const range = method.range[sex];
    return { name, analyte: ANALYTES[name], value, unit: method.unit, range, flag: flagOf(value, range) };
  });
}

export interface LabDocumentInput {
  readonly patient: VaccPatient;
  readonly report: DemoLabReport;
  /** When the blood was drawn. */
  readonly sampledAt: Date;
  /** The extension of the document id under the region's document root (OID.documents). */
  readonly idExtension: string;
}

/** The time the report was signed: four hours after the sample. */
export const reportedAt = (sampledAt: Date): Date => new Date(sampledAt.getTime() + REPORTED_AFTER_MS);

/** "0.9", "12.6", "118": a value as the laboratory prints it (no float noise, no trailing zeros). */
const printed = (n: number): string => String(Number(n.toPrecision(6)));
const rangeText = (r: Range): string =>
  r.low !== undefined && r.high !== undefined
    ? `${printed(r.low)} - ${printed(r.high)}`
    : r.high !== undefined
      ? `< ${printed(r.high)}`
      : `> ${printed(r.low ?? 0)}`;
const FLAG_TEXT: Record<Flag, string> = { H: 'Alto', L: 'Basso', N: 'Normale' };

function person(w: CdaWriter, parent: Element, who: { given: string; family: string }, prefix?: string): void {
  const name = w.add(w.add(parent, 'assignedPerson'), 'name');
  w.add(name, 'family', {}, who.family);
  w.add(name, 'given', {}, who.given);
  if (prefix !== undefined) w.add(name, 'prefix', {}, prefix);
}

function physicianEntity(w: CdaWriter, parent: Element, doctor: LabPhysician, facility: LabFacility): void {
  w.add(parent, 'id', { root: OID.fiscalCode, extension: doctor.fiscalCode, assigningAuthorityName: 'MEF' });
  w.add(parent, 'telecom', { use: 'WP', value: facility.phone });
  person(w, parent, doctor, 'Dott.');
}

function organisation(w: CdaWriter, parent: Element, facility: LabFacility): void {
  w.add(parent, 'id', { root: OID.region, extension: facility.code, assigningAuthorityName: 'Regione Lombardia' });
  w.add(parent, 'name', {}, facility.name);
  w.add(parent, 'telecom', { use: 'WP', value: facility.phone });
  const addr = w.add(parent, 'addr');
  w.add(addr, 'country', {}, '100');
  w.add(addr, 'city', {}, facility.city);
  w.add(addr, 'streetAddressLine', {}, facility.street);
}

function header(w: CdaWriter, input: LabDocumentInput): Element {
  const { patient, report } = input;
  const facility = report.facility;
  const doc = w.root('ClinicalDocument');
  w.add(doc, 'realmCode', { code: 'IT' });
  w.add(doc, 'typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_MT000040UV02' });
  w.add(doc, 'templateId', { root: LAB_TEMPLATE, extension: '1.3', assigningAuthorityName: 'HL7 Italia' });
  const id = { root: OID.documents, extension: input.idExtension, assigningAuthorityName: 'Regione Lombardia' };
  w.add(doc, 'id', id);
  w.add(doc, 'code', {
    code: '11502-2',
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: 'Referto di laboratorio',
  });
  w.add(doc, 'title', {}, 'Referto di laboratorio');
  const signed = hl7Time(reportedAt(input.sampledAt));
  w.add(doc, 'effectiveTime', { value: signed });
  w.add(doc, 'confidentialityCode', { code: 'N', codeSystem: '2.16.840.1.113883.5.25', displayName: 'Normal' });
  w.add(doc, 'languageCode', { code: 'it-IT' });
  w.add(doc, 'setId', id); // first version: setId equals id (ERRORE 8)
  w.add(doc, 'versionNumber', { value: 1 });

  const role = w.add(w.add(doc, 'recordTarget'), 'patientRole', { classCode: 'PAT' });
  w.add(role, 'id', { root: OID.fiscalCode, extension: patient.fiscalCode, assigningAuthorityName: 'MEF' });
  const who = w.add(role, 'patient');
  const name = w.add(who, 'name');
  w.add(name, 'family', {}, patient.familyName);
  w.add(name, 'given', {}, patient.givenName);
  w.add(who, 'administrativeGenderCode', { code: patient.sex, codeSystem: '2.16.840.1.113883.5.1' });
  w.add(who, 'birthTime', { value: hl7Day(patient.birthDate) });

  const author = w.add(doc, 'author');
  w.add(author, 'time', { value: signed });
  const assigned = w.add(author, 'assignedAuthor', { classCode: 'ASSIGNED' });
  physicianEntity(w, assigned, facility.physician, facility);
  const custodian = w.add(w.add(w.add(doc, 'custodian'), 'assignedCustodian'), 'representedCustodianOrganization');
  organisation(w, custodian, facility);

  const legal = w.add(doc, 'legalAuthenticator');
  w.add(legal, 'time', { value: signed });
  w.add(legal, 'signatureCode', { code: 'S' });
  physicianEntity(w, w.add(legal, 'assignedEntity'), facility.physician, facility);

  const order = w.add(w.add(doc, 'inFulfillmentOf'), 'order', { classCode: 'ACT', moodCode: 'RQO' });
  w.add(order, 'id', { root: NRE, extension: `030A${input.idExtension.replace(/\D/g, '').slice(-11)}` });
  const event = w.add(w.add(doc, 'documentationOf'), 'serviceEvent', { moodCode: 'EVN' });
  // From the draw to the signature: the index's period (mapping-metadati: dataInizio/FinePrestazione).
  const span = w.add(event, 'effectiveTime');
  w.add(span, 'low', { value: hl7Time(input.sampledAt) });
  w.add(span, 'high', { value: signed });
  return doc;
}

/** The narrative a person reads: one row per analyte, as the example's table (result, unit, range, flag). */
function narrative(w: CdaWriter, section: Element, results: readonly LabResult[]): void {
  const table = w.add(w.add(section, 'text'), 'table');
  const head = w.add(w.add(table, 'thead'), 'tr');
  for (const label of ['Esame', 'Risultato', 'Unità di misura', 'Valori di riferimento', 'Interpretazione'])
    w.add(head, 'th', {}, label);
  const body = w.add(table, 'tbody');
  for (const r of results) {
    const row = w.add(body, 'tr');
    for (const cell of [r.analyte.display, printed(r.value), r.unit, rangeText(r.range), FLAG_TEXT[r.flag]])
      w.add(row, 'td', {}, cell);
  }
}

function loincCode(w: CdaWriter, parent: Element, analyte: Analyte): void {
  w.add(parent, 'code', {
    code: analyte.loinc,
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: analyte.display,
  });
}

function specimen(w: CdaWriter, parent: Element, analyte: Analyte, typeCode?: string): void {
  const role = w.add(w.add(parent, 'specimen', { typeCode }), 'specimenRole', { classCode: 'SPEC' });
  w.add(w.add(role, 'specimenPlayingEntity'), 'code', {
    code: analyte.specimen.code,
    codeSystem: SPECIMEN_TYPE,
    displayName: analyte.specimen.display,
  });
}

/** A leaf section per analyte: the narrative row and its entry (act → observation), as LAB.xml nests them. */
function leaf(w: CdaWriter, parent: Element, result: LabResult, sampledAt: string): void {
  const section = w.add(w.add(parent, 'component'), 'section');
  loincCode(w, section, result.analyte);
  w.add(section, 'title', {}, result.analyte.display);
  narrative(w, section, [result]);
  const act = w.add(w.add(section, 'entry', { typeCode: 'DRIV' }), 'act', { classCode: 'ACT', moodCode: 'EVN' });
  loincCode(w, act, result.analyte);
  w.add(act, 'statusCode', { code: 'completed' });
  specimen(w, act, result.analyte);
  const relationship = w.add(act, 'entryRelationship', { typeCode: 'COMP' });
  const obs = w.add(relationship, 'observation', { classCode: 'OBS', moodCode: 'EVN' });
  loincCode(w, obs, result.analyte);
  w.add(obs, 'statusCode', { code: 'completed' });
  w.add(obs, 'effectiveTime', { value: sampledAt });
  w.add(obs, 'value', { 'xsi:type': 'PQ', value: printed(result.value), unit: result.unit });
  w.add(obs, 'interpretationCode', { code: result.flag, codeSystem: INTERPRETATION });
  specimen(w, obs, result.analyte, 'SPC');
  const range = w.add(w.add(obs, 'referenceRange'), 'observationRange');
  const bounds = w.add(range, 'value', { 'xsi:type': 'IVL_PQ' });
  if (result.range.low !== undefined) w.add(bounds, 'low', { value: printed(result.range.low), unit: result.unit });
  if (result.range.high !== undefined) w.add(bounds, 'high', { value: printed(result.range.high), unit: result.unit });
  // The range is the normal one (ERRORE: every observationRange carries an interpretationCode).
  w.add(range, 'interpretationCode', { code: 'N', codeSystem: INTERPRETATION });
}

/**
 * A national LAB CDA2 (Referto di Laboratorio, HL7 Italia 1.3) for one report of a demo citizen: header from the
 * registry's person and the facility, one specialty section (chemistry, haematology) holding a leaf section per
 * analyte with its coded result. Built on a DOM, so every name and value is escaped.
 */
export function labReportCda(input: LabDocumentInput): string {
  const w = new CdaWriter();
  const doc = header(w, input);
  const results = resultsOf(input.report, input.patient.sex);
  const sampled = hl7Time(input.sampledAt);
  const body = w.add(w.add(doc, 'component'), 'structuredBody');
  const specialties = [...new Set(results.map((r) => r.analyte.specialty))];
  for (const specialty of specialties) {
    const section = w.add(w.add(body, 'component'), 'section');
    specialtyCode(w, section, specialty);
    for (const result of results.filter((r) => r.analyte.specialty === specialty)) leaf(w, section, result, sampled);
  }
  return serializeToWellFormedString(w.doc);
}

function specialtyCode(w: CdaWriter, section: Element, specialty: Specialty): void {
  w.add(section, 'code', { code: specialty.loinc, codeSystem: OID.loinc, codeSystemName: 'LOINC' });
  w.add(section, 'title', {}, specialty.title);
}

/** The lines of the report's PDF page (the CDA travels inside it as cda.xml). */
export function reportLines(input: LabDocumentInput): string[] {
  const { patient, report } = input;
  const results = resultsOf(report, patient.sex);
  return [
    `${patient.familyName} ${patient.givenName} (${patient.fiscalCode})`,
    `${report.facility.name}, prelievo del ${hl7Time(input.sampledAt)
      .slice(0, 8)
      .replace(/^(\d{4})(\d{2})(\d{2})$/, '$3/$2/$1')}`,
    ...results.map(
      (r) => `${r.analyte.display}: ${printed(r.value)} ${r.unit} (${rangeText(r.range)}) ${FLAG_TEXT[r.flag]}`,
    ),
    `Firmato da Dott. ${report.facility.physician.given} ${report.facility.physician.family}`,
  ];
}
