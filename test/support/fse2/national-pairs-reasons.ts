/** Why each remaining difference between the converter and the national CDA2 -> FHIR examples exists. */

export const COUNT = 'a count follows from the resource differences listed with it';
export const OTHER_SOURCE =
  'the national Bundle was made from another version of this CDA: its patient and custodian identifiers ' +
  '(GTWGWY82B42G920M, 123) appear nowhere in PSS.xml, whose recordTarget is RSSMRA22A01A399Z and custodian XXX';
export const EXTRA_AUTHOR =
  'the national Composition.author lists a second PractitionerRole (the legal authenticator or data enterer, in ' +
  'RAD the patient); the CDA has one author, and the converter puts the authenticators in Composition.attester';
export const ALLERGY_AGENT =
  'national AllergyIntolerance.code is empty or the intolerance type (ALG); the converter codes it with the agent ' +
  '(participant/participantRole/playingEntity/code, HL7 Italia allergy template) and puts ALG in type/category; ' +
  'it dates it by the allergy observation, the national by the concern act';
export const DIAGNOSIS_AS_CONDITION =
  'the national transformation keeps problem and diagnosis observations (75326-9, 29308-4, 8646-2, 8651-2) as ' +
  'Observations; issue 20 asks for Condition, so the converter makes each a Condition coded with its value';
export const PROBLEM_SECTION_CONDITION =
  'the national Condition for the problem list carries the section code 11450-4 itself; the converter codes ' +
  'Conditions with the problem (the observation value)';
export const PROBLEM_STATUS =
  'the national transformation makes the nested problem-status observation (89261-2) an Observation; the ' +
  'converter folds it into Condition.clinicalStatus';
export const WHOLE_REPORT =
  'the national transformation wraps the whole RAD/RSA report in a DiagnosticReport with the document code and ' +
  'no subject; the converter represents the document by its Composition and DocumentReference and makes ' +
  'DiagnosticReports for result batteries only';
export const MEDICATION_NARRATIVE =
  'the national transformation makes one MedicationStatement of the section narrative (text only); the converter ' +
  'makes one per substanceAdministration entry, coded with its AIC and dated by its effectiveTime';
export const VACCINATION_REASON =
  'risk category (95715-9) and indication (59785-6) are Observations in the national Bundle; the converter puts ' +
  'them in Immunization.reasonCode, the R4 element for why a dose was given';
export const TRANSFER_ACT =
  'the national transformation makes Observations of the VPS transfer act (placeholder values ' +
  '[DETTAGLIO_CAUSA_TRASFERIMENTO]); the converter maps no act outside the allergy and problem sections';
export const NARRATIVE_SECTION =
  'the national transformation adds an Observation coded with a section LOINC code for narrative-only sections ' +
  '(no CDA entry); the converter keeps that narrative in Composition.section.text';
export const PLAN_OF_CARE =
  'plan of care entries are requests (moodCode RQO/INT), not findings: the converter does not make them ' +
  'Observations (the national one does)';
export const PROCEDURE_ACT =
  'procedure acts (RAD 87.3, LDO/PSS procedure history) become Observations nationally; Procedure is outside ' +
  'the resources issue 20 asks for, so the converter leaves them in the section narrative';
export const LOINC_CODE_CHANGED =
  'the CDA codes alcohol intake 11295-3; the national Bundle shows 74013-4, a code the CDA does not carry ' +
  '(another version of the document, as for its patient)';
export const FUNCTIONAL_BATTERY =
  'the PSS functional status organizer (47420-5, BATTERY) is a DiagnosticReport in the converter (every battery ' +
  'is) and an Observation nationally';
export const BATTERY_LAYOUT =
  'vital signs and diagnostic-test organizers: the converter makes one Observation per component (8302-2 height, ' +
  '8693-4, 86524-6) and a DiagnosticReport per battery; the national transformation makes one Observation of the ' +
  'organizer code (8716-3, 85353-1, 30954-2) and drops the component values';
