import type { Element } from 'slimdom';
import { hl7Day, hl7Time, type CdaWriter } from './xml.ts';

/** Codice fiscale (MEF) and the region's OIDs (HL7 Italia: 2.16.840.1.113883.2.9.2.<region>; Lombardy is 030). */
export const OID = {
  fiscalCode: '2.16.840.1.113883.2.9.4.3.2',
  region: '2.16.840.1.113883.2.9.2.30',
  /** Document ids of the region: <region>.4.4 (the national examples use 120.4.4 for Lazio). */
  documents: '2.16.840.1.113883.2.9.2.30.4.4',
  loinc: '2.16.840.1.113883.6.1',
} as const;

export interface VaccPatient {
  readonly fiscalCode: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly sex: 'M' | 'F';
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

/** An organisation by Salus's regional code (not an STS11/HSP code, which Salus does not hold: ADR 0013). */
export interface VaccOrganisation {
  readonly code: string;
  readonly name: string;
}

export interface DocumentKind {
  readonly templateId: string;
  readonly loinc: string;
  readonly loincDisplay: string;
  readonly title: string;
}

export interface HeaderInput {
  readonly kind: DocumentKind;
  /** The extension of the document id under OID.documents. */
  readonly idExtension: string;
  readonly effectiveTime: Date;
  readonly patient: VaccPatient;
  /** Author's organisation and custodian. */
  readonly organisation: VaccOrganisation;
}

/** The organisation's id: the region's root with Salus's facility code as extension. */
export function organisationId(w: CdaWriter, parent: Element, org: VaccOrganisation): void {
  w.add(parent, 'id', { root: OID.region, extension: org.code, assigningAuthorityName: 'Salus' });
}

/**
 * The CDA header shared by the single-vaccination document and the certificate. Salus itself
 * is the author (a device: id nullFlavor, ERRORE-26 allows it), for the organisation that gave
 * the dose; no legalAuthenticator, as no physician signs (ADR 0013).
 */
export function writeHeader(w: CdaWriter, input: HeaderInput): Element {
  const doc = w.root('ClinicalDocument');
  const { kind, patient, organisation } = input;
  w.add(doc, 'realmCode', { code: 'IT' });
  w.add(doc, 'typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_MT000040UV02' });
  w.add(doc, 'templateId', { root: kind.templateId, extension: '1.1', assigningAuthorityName: 'HL7 Italia' });
  const id = { root: OID.documents, extension: input.idExtension, assigningAuthorityName: 'Regione Lombardia' };
  w.add(doc, 'id', id);
  w.add(doc, 'code', {
    code: kind.loinc,
    codeSystem: OID.loinc,
    codeSystemName: 'LOINC',
    displayName: kind.loincDisplay,
  });
  w.add(doc, 'title', {}, kind.title);
  const time = hl7Time(input.effectiveTime);
  w.add(doc, 'effectiveTime', { value: time });
  w.add(doc, 'confidentialityCode', {
    code: 'N',
    codeSystem: '2.16.840.1.113883.5.25',
    codeSystemName: 'HL7 Confidentiality',
    displayName: 'Normal',
  });
  w.add(doc, 'languageCode', { code: 'it-IT' });
  // First version: setId equals id (ERRORE-8).
  w.add(doc, 'setId', id);
  w.add(doc, 'versionNumber', { value: 1 });

  const role = w.add(w.add(doc, 'recordTarget'), 'patientRole', { classCode: 'PAT' });
  w.add(role, 'id', { root: OID.fiscalCode, extension: patient.fiscalCode, assigningAuthorityName: 'MEF' });
  const person = w.add(role, 'patient');
  const name = w.add(person, 'name');
  w.add(name, 'family', {}, patient.familyName);
  w.add(name, 'given', {}, patient.givenName);
  w.add(person, 'administrativeGenderCode', {
    code: patient.sex,
    codeSystem: '2.16.840.1.113883.5.1',
    codeSystemName: 'HL7 AdministrativeGender',
    displayName: patient.sex === 'M' ? 'Maschio' : 'Femmina',
  });
  w.add(person, 'birthTime', { value: hl7Day(patient.birthDate) });

  const author = w.add(doc, 'author');
  w.add(author, 'time', { value: time });
  const assigned = w.add(author, 'assignedAuthor', { classCode: 'ASSIGNED' });
  w.add(assigned, 'id', { nullFlavor: 'NA' });
  const device = w.add(assigned, 'assignedAuthoringDevice');
  w.add(device, 'softwareName', {}, 'Salus');
  const represented = w.add(assigned, 'representedOrganization');
  organisationId(w, represented, organisation);
  w.add(represented, 'name', {}, organisation.name);

  const custodian = w.add(w.add(w.add(doc, 'custodian'), 'assignedCustodian'), 'representedCustodianOrganization');
  organisationId(w, custodian, organisation);
  w.add(custodian, 'name', {}, organisation.name);
  return doc;
}
