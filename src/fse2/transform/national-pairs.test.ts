import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { differencesByMeaning } from '../../../test/support/fse2/fhir-meaning.ts';
import {
  COUNT,
  OTHER_SOURCE,
  EXTRA_AUTHOR,
  ALLERGY_AGENT,
  DIAGNOSIS_AS_CONDITION,
  PROBLEM_SECTION_CONDITION,
  PROBLEM_STATUS,
  WHOLE_REPORT,
  MEDICATION_NARRATIVE,
  VACCINATION_REASON,
  TRANSFER_ACT,
  NARRATIVE_SECTION,
  PLAN_OF_CARE,
  PROCEDURE_ACT,
  LOINC_CODE_CHANGED,
  FUNCTIONAL_BATTERY,
  BATTERY_LAYOUT,
} from '../../../test/support/fse2/national-pairs-reasons.ts';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { convertCdaToFhir } from './index.ts';

/**
 * The national CDA2 → FHIR examples (national-docs/esempi, it-fse-support 1972ea8) compared by meaning with what
 * the converter makes of the same CDA. Every remaining difference is listed with its reason; a new difference, or
 * one that disappears, fails the test. The national Bundles are `transaction` Bundles written for the national
 * FHIR server (PUT/POST entries, PractitionerRole and Medication resources, https://example/ references); the
 * comparison looks through that layout (see fhir-meaning.ts).
 */

// National system URI → the converter's choice for the same code system (code-systems.ts says why).
const NATIONAL_SYSTEMS = {
  // FHIR R4 names ICD-9-CM http://hl7.org/fhir/sid/icd-9-cm; the national examples use the shorter icd-9.
  'http://hl7.org/fhir/sid/icd-9': 'http://hl7.org/fhir/sid/icd-9-cm',
  // AIC: Salus's FHIR API already names it http://hl7.it/sid/aic (src/records/fhir/codes.ts).
  'urn:oid:2.16.840.1.113883.2.9.6.1.5': 'http://hl7.it/sid/aic',
};

const EXPECTED: Record<string, [difference: string, reason: string][]> = {
  LAB: [['national only: author PROVAX00X00X000Y', EXTRA_AUTHOR]],
  RAD: [
    ['converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009', ALLERGY_AGENT],
    [
      'converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009 ' +
        'date 2022-03-19T10:11:22.000Z',
      ALLERGY_AGENT,
    ],
    ['converter only: Condition http://hl7.org/fhir/sid/icd-9-cm|770.0', DIAGNOSIS_AS_CONDITION],
    ['converter only: count Condition = 2', COUNT],
    ['converter only: count DiagnosticReport = 0', COUNT],
    ['converter only: count Observation = 1', COUNT],
    ['national only: AllergyIntolerance text:-', ALLERGY_AGENT],
    ['national only: AllergyIntolerance text:- date 2022-03-19T10:11:22.000Z', ALLERGY_AGENT],
    ['national only: DiagnosticReport http://loinc.org|68604-8', WHOLE_REPORT],
    ["national only: DiagnosticReport http://loinc.org|68604-8 subject is not the document's patient", WHOLE_REPORT],
    ['national only: Observation http://hl7.org/fhir/sid/icd-9-cm|87.3', PROCEDURE_ACT],
    ['national only: Observation http://hl7.org/fhir/sid/icd-9-cm|87.3 date 2022-02-03T07:22:05.000Z', PROCEDURE_ACT],
    ['national only: Observation http://loinc.org|11329-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|11329-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|18782-3', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|18783-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|29308-4', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|29308-4 value 770.0', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|48765-2', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|55107-7', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|55110-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|75326-9', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 date 2017-01-01T07:00:00.000Z', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 value #[Ref_nota]', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA18821-1', PROBLEM_STATUS],
    ['national only: author GTWGWY82B42G920M', EXTRA_AUTHOR],
    ['national only: count Condition = 1', COUNT],
    ['national only: count DiagnosticReport = 1', COUNT],
    ['national only: count Observation = 12', COUNT],
  ],
  LDO: [
    ['converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009', ALLERGY_AGENT],
    [
      'converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009 ' +
        'date 2022-03-19T10:11:22.000Z',
      ALLERGY_AGENT,
    ],
    ['converter only: Condition http://hl7.org/fhir/sid/icd-9-cm|300.01', DIAGNOSIS_AS_CONDITION],
    ['converter only: Condition http://hl7.org/fhir/sid/icd-9-cm|428.0', DIAGNOSIS_AS_CONDITION],
    ['converter only: Condition http://loinc.org|97835-3', DIAGNOSIS_AS_CONDITION],
    ['converter only: Condition http://loinc.org|97835-3 date 2022-03-20T09:00:00.000Z', DIAGNOSIS_AS_CONDITION],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|035606033', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|035606033 date 2022-03-20T23:00:00.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|043348022', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|043348022 date 2022-04-19T23:00:00.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: count Condition = 5', COUNT],
    ['converter only: count MedicationStatement = 2', COUNT],
    ['converter only: count Observation = 2', COUNT],
    ['national only: AllergyIntolerance text:-', ALLERGY_AGENT],
    ['national only: AllergyIntolerance text:- date 2022-03-01T11:11:22.000Z', ALLERGY_AGENT],
    [
      'national only: MedicationStatement text:<div xmlns="http://www.w3.org/1999/xhtml"> Losaprex 50 mg 1 ',
      MEDICATION_NARRATIVE,
    ],
    ['national only: Observation http://hl7.org/fhir/sid/icd-9-cm|396.0', PROCEDURE_ACT],
    ['national only: Observation http://loinc.org|11329-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|11493-4', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|29545-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|29545-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|42346-7', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|47039-3', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|75326-9', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 date 2022-03-20T09:00:00.000Z', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 value 97835-3', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|8646-2', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|8646-2 value 300.01', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|8648-8', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|8651-2', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|8651-2 value 428.0', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA18821-1', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA28752-6', PROBLEM_STATUS],
    ['national only: author PROVAX00X00X000Y', EXTRA_AUTHOR],
    ['national only: count Condition = 2', COUNT],
    ['national only: count MedicationStatement = 1', COUNT],
    ['national only: count Observation = 15', COUNT],
  ],
  VPS: [
    ['converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009', ALLERGY_AGENT],
    [
      'converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009 ' +
        'date 2022-04-15T09:10:10.000Z',
      ALLERGY_AGENT,
    ],
    ['converter only: Condition http://loinc.org|97835-3', DIAGNOSIS_AS_CONDITION],
    ['converter only: Condition http://loinc.org|97835-3 date 2017-01-01T08:00:00.000Z', DIAGNOSIS_AS_CONDITION],
    ['converter only: DiagnosticReport http://loinc.org|30954-2', BATTERY_LAYOUT],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|035606033', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|035606033 date 2022-04-21T11:11:22.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|043348022', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|043348022 date 2022-04-25T11:11:22.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: Observation http://loinc.org|86524-6 date 2022-04-21T09:10:10.000Z', BATTERY_LAYOUT],
    ['converter only: count DiagnosticReport = 1', COUNT],
    ['converter only: count MedicationStatement = 2', COUNT],
    ['converter only: count Observation = 9', COUNT],
    ['national only: AllergyIntolerance text:-', ALLERGY_AGENT],
    ['national only: AllergyIntolerance text:- date 2022-04-20T09:10:10.000Z', ALLERGY_AGENT],
    ['national only: Condition http://loinc.org|11450-4', PROBLEM_SECTION_CONDITION],
    [
      'national only: MedicationStatement text:<div xmlns="http://www.w3.org/1999/xhtml"> Losaprex 50 mg 1 ',
      MEDICATION_NARRATIVE,
    ],
    ['national only: Observation http://loinc.org|29545-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|30954-2', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|30954-2 date 2022-04-21T09:10:10.000Z', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|48767-8', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|75326-9', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 date 2017-01-01T08:00:00.000Z', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|75326-9 value 97835-3', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|78337-3', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|85353-1', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|85353-1 date 2022-04-21T09:10:10.000Z', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|8648-8', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA28752-6', PROBLEM_STATUS],
    ['national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1', TRANSFER_ACT],
    ['national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1', TRANSFER_ACT],
    [
      'national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1 date 2022-04-28T09:10:10.000Z',
      TRANSFER_ACT,
    ],
    [
      'national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1 date 2022-05-06T09:10:10.000Z',
      TRANSFER_ACT,
    ],
    [
      'national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1 value [DETTAGLIO_CAUSA_TRASFERIMENTO]',
      TRANSFER_ACT,
    ],
    [
      'national only: Observation urn:oid:2.16.840.1.113883.2.9.1.11.1.2.13|1 value [DETTAGLIO_CAUSA_TRASFERIMENTO]',
      TRANSFER_ACT,
    ],
    ['national only: author PROVAX00X00X000Y', EXTRA_AUTHOR],
    ['national only: count DiagnosticReport = 0', COUNT],
    ['national only: count MedicationStatement = 1', COUNT],
    ['national only: count Observation = 19', COUNT],
  ],
  RSA: [
    ['converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|111088007', ALLERGY_AGENT],
    [
      'converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|111088007 ' +
        'date 2022-04-15T09:10:10.000Z',
      ALLERGY_AGENT,
    ],
    ['converter only: Condition http://hl7.org/fhir/sid/icd-9-cm|790.21', DIAGNOSIS_AS_CONDITION],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|023993013', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|023993013 date 2022-05-10T11:11:00.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: count Condition = 2', COUNT],
    ['converter only: count DiagnosticReport = 0', COUNT],
    ['converter only: count MedicationStatement = 2', COUNT],
    ['converter only: count Observation = 2', COUNT],
    ['national only: AllergyIntolerance text:-', ALLERGY_AGENT],
    ['national only: AllergyIntolerance text:- date 2022-04-15T09:10:10.000Z', ALLERGY_AGENT],
    ['national only: DiagnosticReport http://loinc.org|11488-4', WHOLE_REPORT],
    ["national only: DiagnosticReport http://loinc.org|11488-4 subject is not the document's patient", WHOLE_REPORT],
    ['national only: Observation http://loinc.org|11329-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|2340-8', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|29308-4', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|29308-4 value 790.21', DIAGNOSIS_AS_CONDITION],
    ['national only: Observation http://loinc.org|29545-1', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|47045-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|62385-0', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA18821-1', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|93126-1', NARRATIVE_SECTION],
    ['national only: author PROVAX00X00X000Y', EXTRA_AUTHOR],
    ['national only: count Condition = 1', COUNT],
    ['national only: count DiagnosticReport = 1', COUNT],
    ['national only: count MedicationStatement = 1', COUNT],
    ['national only: count Observation = 10', COUNT],
  ],
  PSS: [
    ['converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009', ALLERGY_AGENT],
    [
      'converter only: AllergyIntolerance urn:oid:2.16.840.1.113883.2.9.77.22.11.2|260152009 ' +
        'date 2020-04-09T23:00:00.000Z',
      ALLERGY_AGENT,
    ],
    ['converter only: DiagnosticReport http://loinc.org|47420-5', FUNCTIONAL_BATTERY],
    ['converter only: MedicationStatement http://hl7.it/sid/aic|035606033', MEDICATION_NARRATIVE],
    [
      'converter only: MedicationStatement http://hl7.it/sid/aic|035606033 date 2022-05-14T23:00:00.000Z',
      MEDICATION_NARRATIVE,
    ],
    ['converter only: Observation http://loinc.org|11295-3', LOINC_CODE_CHANGED],
    ['converter only: Observation http://loinc.org|11295-3 date 2022-05-20T10:10:10.000Z', LOINC_CODE_CHANGED],
    ['converter only: Observation http://loinc.org|11295-3 value 5 {drink}/d', LOINC_CODE_CHANGED],
    ['converter only: Observation http://loinc.org|8302-2', BATTERY_LAYOUT],
    ['converter only: Observation http://loinc.org|8302-2 date 2022-05-09T10:11:22.000Z', BATTERY_LAYOUT],
    ['converter only: Observation http://loinc.org|8302-2 value 170 cm', BATTERY_LAYOUT],
    ['converter only: Observation http://loinc.org|8693-4', BATTERY_LAYOUT],
    ['converter only: Observation http://loinc.org|8693-4 date 2022-04-20T09:10:10.000Z', BATTERY_LAYOUT],
    ['converter only: Observation http://loinc.org|8693-4 value 780.97', BATTERY_LAYOUT],
    ['converter only: count DiagnosticReport = 2', COUNT],
    ['converter only: count MedicationStatement = 2', COUNT],
    ['converter only: count Observation = 10', COUNT],
    ['converter only: custodian XXX', OTHER_SOURCE],
    ['converter only: subject RSSMRA22A01A399Z', OTHER_SOURCE],
    ['national only: AllergyIntolerance http://terminology.hl7.org/CodeSystem/v3-ActCode|ALG', ALLERGY_AGENT],
    [
      'national only: AllergyIntolerance http://terminology.hl7.org/CodeSystem/v3-ActCode|ALG ' +
        'date 2020-04-09T23:00:00.000Z',
      ALLERGY_AGENT,
    ],
    ['national only: Observation http://hl7.org/fhir/sid/icd-9-cm|410', PROCEDURE_ACT],
    ['national only: Observation http://loinc.org|28564-3', PLAN_OF_CARE],
    ['national only: Observation http://loinc.org|28564-3 date 2022-06-10T14:11:22.000Z', PLAN_OF_CARE],
    ['national only: Observation http://loinc.org|42348-3', NARRATIVE_SECTION],
    ['national only: Observation http://loinc.org|47420-5', FUNCTIONAL_BATTERY],
    ['national only: Observation http://loinc.org|74013-4', LOINC_CODE_CHANGED],
    ['national only: Observation http://loinc.org|74013-4 date 2022-05-20T10:10:10.000Z', LOINC_CODE_CHANGED],
    ['national only: Observation http://loinc.org|74013-4 value 5 {drink}/d', LOINC_CODE_CHANGED],
    ['national only: Observation http://loinc.org|8716-3', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|8716-3 date 2020-04-19T23:00:00.000Z', BATTERY_LAYOUT],
    ['national only: Observation http://loinc.org|89261-2', PROBLEM_STATUS],
    ['national only: Observation http://loinc.org|89261-2 value LA18821-1', PROBLEM_STATUS],
    ['national only: author PROVAX00X00X000Y', EXTRA_AUTHOR],
    ['national only: count DiagnosticReport = 1', COUNT],
    ['national only: count MedicationStatement = 1', COUNT],
    ['national only: count Observation = 14', COUNT],
    ['national only: custodian 123', OTHER_SOURCE],
    ['national only: subject GTWGWY82B42G920M', OTHER_SOURCE],
  ],
  SING_VACC: [
    ['converter only: count Observation = 1', COUNT],
    ['national only: Observation http://loinc.org|59785-6', VACCINATION_REASON],
    ['national only: Observation http://loinc.org|59785-6 value 493.9', VACCINATION_REASON],
    ['national only: Observation http://loinc.org|95715-9', VACCINATION_REASON],
    ['national only: count Observation = 3', COUNT],
  ],
  CERT_VACC: [
    ['converter only: count Observation = 1', COUNT],
    ['national only: Observation http://loinc.org|59785-6', VACCINATION_REASON],
    ['national only: Observation http://loinc.org|59785-6 value 493.9', VACCINATION_REASON],
    ['national only: Observation http://loinc.org|95715-9', VACCINATION_REASON],
    ['national only: count Observation = 3', COUNT],
  ],
};

const base = join(FSE2_TESTDATA, 'national-docs', 'esempi');

describe('CDA2 -> FHIR compared by meaning with the national examples', () => {
  it.each(Object.keys(EXPECTED))('%s: only the listed differences remain, each with its reason', (type) => {
    const result = convertCdaToFhir(readFileSync(join(base, 'CDA', `${type}.xml`)), {
      documentReferenceId: `example-${type.replace('_', '-')}`,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    if (!result.ok) throw new Error(result.message);
    const national = JSON.parse(readFileSync(join(base, 'FHIR', `${type}.json`), 'utf8')) as Bundle;
    const differences = differencesByMeaning(result.bundle, national, NATIONAL_SYSTEMS);
    const expected = EXPECTED[type] ?? [];
    console.info(
      `${type}: ${differences.length} differences\n${expected.map(([d, r]) => `  ${d}\n    (${r})`).join('\n')}`,
    );
    expect(differences).toEqual(expected.map(([difference]) => difference));
  });
});
