/**
 * OID → FHIR system URI, as data. Provenance: HL7's OID registry as published with FHIR R4
 * (https://hl7.org/fhir/R4/terminologies-systems.html and the "OID" column of each v3 code system page at
 * terminology.hl7.org, CodeSystem.identifier), checked against the systems the national FHIR examples use
 * (national-docs/esempi/FHIR, it-fse-support 1972ea8). Italian systems follow the URIs Salus's FHIR API already
 * uses (src/records/fhir/codes.ts: codiceFiscale, AIC) so that a converted resource and a Salus-native one are
 * found by the same search. Every OID absent here becomes `urn:oid:<oid>`, which FHIR R4 allows for any system.
 */
export const CODE_SYSTEM_URIS: Readonly<Record<string, string>> = {
  '2.16.840.1.113883.6.1': 'http://loinc.org',
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  // ICD-9-CM diagnoses (6.103) and procedures (6.104): FHIR R4 names one system for ICD-9-CM.
  '2.16.840.1.113883.6.103': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.104': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.2': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.3': 'http://hl7.org/fhir/sid/icd-10',
  '2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  '2.16.840.1.113883.6.73': 'http://www.whocc.no/atc',
  '2.16.840.1.113883.6.8': 'http://unitsofmeasure.org',
  '2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  '2.16.840.1.113883.12.292': 'http://hl7.org/fhir/sid/cvx',
  '1.2.840.10008.2.16.4': 'http://dicom.nema.org/resources/ontology/DCM',
  // AIC, the Italian medicinal product code (AIFA).
  '2.16.840.1.113883.2.9.6.1.5': 'http://hl7.it/sid/aic',
  '2.16.840.1.113883.5.1': 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  '2.16.840.1.113883.5.6': 'http://terminology.hl7.org/CodeSystem/v3-ActClass',
  '2.16.840.1.113883.5.7': 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  '2.16.840.1.113883.5.8': 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  '2.16.840.1.113883.5.14': 'http://terminology.hl7.org/CodeSystem/v3-ActStatus',
  '2.16.840.1.113883.5.25': 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  '2.16.840.1.113883.5.83': 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  '2.16.840.1.113883.5.88': 'http://terminology.hl7.org/CodeSystem/v3-ParticipationFunction',
  '2.16.840.1.113883.5.90': 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  '2.16.840.1.113883.5.110': 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
  '2.16.840.1.113883.5.111': 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  '2.16.840.1.113883.5.112': 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration',
  '2.16.840.1.113883.5.129': 'http://terminology.hl7.org/CodeSystem/v3-SpecimenType',
  '2.16.840.1.113883.5.1008': 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  '2.16.840.1.113883.5.1052': 'http://terminology.hl7.org/CodeSystem/v3-ActSite',
  '2.16.840.1.113883.5.1063': 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  '2.16.840.1.113883.5.2': 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
};

/** Identifier namespaces (II@root) with a FHIR URI; the rest become `urn:oid:<root>`. */
export const IDENTIFIER_SYSTEM_URIS: Readonly<Record<string, string>> = {
  // Codice fiscale (MEF): the URI Salus's Patient and Practitioner identifiers use.
  '2.16.840.1.113883.2.9.4.3.2': 'http://hl7.it/sid/codiceFiscale',
  // Numero di ricetta elettronica (NRE).
  '2.16.840.1.113883.2.9.4.3.9': 'http://hl7.it/sid/nre',
};

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isOid = (value: string): boolean => OID.test(value);
export const isUuid = (value: string): boolean => UUID.test(value);

/** The FHIR system of a CDA codeSystem, or undefined when it is not an OID (a template placeholder, say). */
export function codeSystemUri(oid: string | undefined): string | undefined {
  if (oid === undefined) return undefined;
  return CODE_SYSTEM_URIS[oid] ?? (isOid(oid) ? `urn:oid:${oid}` : undefined);
}

export function identifierSystemUri(root: string): string | undefined {
  if (IDENTIFIER_SYSTEM_URIS[root] !== undefined) return IDENTIFIER_SYSTEM_URIS[root];
  if (isOid(root)) return `urn:oid:${root}`;
  if (isUuid(root)) return `urn:uuid:${root.toLowerCase()}`;
  return undefined;
}
