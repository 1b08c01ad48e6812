/**
 * What the demo's laboratory reports say (issue 20 item 2's views need data on a fresh demo): four analytes measured by
 * two facilities of the demo registry over about three years, for three demo citizens. Only the values are written
 * here; the CDA2 documents are generated from the people's registry records (document.ts), and each result's flag is
 * computed from its value and the laboratory's range.
 */

/** A LAB IG specialty section (ERRORE-b1's list of LOINC codes). */
export interface Specialty {
  readonly loinc: string;
  readonly title: string;
}

export const CHEMISTRY: Specialty = { loinc: '18719-5', title: 'Chimica clinica' };
export const HAEMATOLOGY: Specialty = { loinc: '18723-7', title: 'Ematologia' };

export type AnalyteName = 'glucose' | 'creatinine' | 'cholesterol' | 'haemoglobin';

export interface Analyte {
  readonly loinc: string;
  /** The LOINC display the laboratories print (Italian); the views show it as the analyte's name. */
  readonly display: string;
  readonly specialty: Specialty;
  /** HL7 v3 SpecimenType (2.16.840.1.113883.5.129): SER serum, BLD whole blood. */
  readonly specimen: { readonly code: 'SER' | 'BLD'; readonly display: string };
}

export const ANALYTES: Readonly<Record<AnalyteName, Analyte>> = {
  glucose: {
    loinc: '2345-7',
    display: 'Glucosio',
    specialty: CHEMISTRY,
    specimen: { code: 'SER', display: 'Siero' },
  },
  creatinine: {
    loinc: '2160-0',
    display: 'Creatinina',
    specialty: CHEMISTRY,
    specimen: { code: 'SER', display: 'Siero' },
  },
  cholesterol: {
    loinc: '2093-3',
    display: 'Colesterolo totale',
    specialty: CHEMISTRY,
    specimen: { code: 'SER', display: 'Siero' },
  },
  haemoglobin: {
    loinc: '718-7',
    display: 'Emoglobina',
    specialty: HAEMATOLOGY,
    specimen: { code: 'BLD', display: 'Sangue intero' },
  },
};

/** A reference range in the laboratory's unit; a bound may be absent (total cholesterol has only a ceiling). */
export interface Range {
  readonly low?: number;
  readonly high?: number;
}

export interface AnalyteMethod {
  /** UCUM, as the laboratory reports it. */
  readonly unit: string;
  readonly range: { readonly F: Range; readonly M: Range };
}

/** A physician who signs the laboratory's reports (fictional, with a codice fiscale of the right shape). */
export interface LabPhysician {
  readonly given: string;
  readonly family: string;
  readonly fiscalCode: string;
}

export interface LabFacility {
  /** The demo registry's facility code (src/registry/demo.ts): the filing facility of the record. */
  readonly code: string;
  /** The name printed on the report (custodian); the registry's own name may differ in punctuation. */
  readonly name: string;
  readonly city: string;
  readonly street: string;
  readonly phone: string;
  readonly physician: LabPhysician;
  /** Index metadata as the facility sends them to the Gateway (mapping-metadati tables 15.3.x). */
  readonly tipologiaStruttura: 'Ospedale' | 'Territorio';
  readonly methods: Readonly<Record<AnalyteName, AnalyteMethod>>;
}

const SAME = <T>(range: T) => ({ F: range, M: range });

/**
 * Niguarda reports haemoglobin in g/dL and Bergamo in g/L: the same analyte in two units, which the views convert to
 * one axis (UCUM: 12.6 g/dL = 126 g/L). The other ranges are the usual adult ones of Italian laboratories.
 */
export const LAB_FACILITIES = {
  niguarda: {
    code: 'OSP-MI-001',
    name: 'Ospedale Niguarda Ca Granda - Laboratorio Analisi',
    city: 'Milano',
    street: 'Piazza Ospedale Maggiore 3',
    phone: 'tel:+390264441',
    physician: { given: 'Chiara', family: 'Invernizzi', fiscalCode: 'NVRCHR71E52F205Z' },
    tipologiaStruttura: 'Ospedale',
    methods: {
      glucose: { unit: 'mg/dL', range: SAME({ low: 70, high: 99 }) },
      creatinine: { unit: 'mg/dL', range: { F: { low: 0.5, high: 0.9 }, M: { low: 0.7, high: 1.2 } } },
      cholesterol: { unit: 'mg/dL', range: SAME({ high: 200 }) },
      haemoglobin: { unit: 'g/dL', range: { F: { low: 12, high: 16 }, M: { low: 13, high: 17 } } },
    },
  },
  bergamo: {
    code: 'LAB-BG-001',
    name: 'Laboratorio Analisi Bergamo',
    city: 'Bergamo',
    street: 'Via Borgo Palazzo 130',
    phone: 'tel:+39035000000',
    physician: { given: 'Paolo', family: 'Carminati', fiscalCode: 'CRMPLA66H14A794Q' },
    tipologiaStruttura: 'Territorio',
    methods: {
      glucose: { unit: 'mg/dL', range: SAME({ low: 74, high: 106 }) },
      creatinine: { unit: 'mg/dL', range: { F: { low: 0.51, high: 0.95 }, M: { low: 0.67, high: 1.17 } } },
      cholesterol: { unit: 'mg/dL', range: SAME({ high: 190 }) },
      haemoglobin: { unit: 'g/L', range: { F: { low: 120, high: 160 }, M: { low: 130, high: 170 } } },
    },
  },
} as const satisfies Record<string, LabFacility>;

export interface DemoLabReport {
  /** Stable per person: part of the document's national id, so a restart files nothing twice. */
  readonly key: string;
  readonly facility: LabFacility;
  /** When the blood was drawn, in days before the first seeding. */
  readonly daysAgo: number;
  /** Values in the facility's units (methods above). */
  readonly values: Readonly<Record<AnalyteName, number>>;
}

const report = (
  key: string,
  facility: LabFacility,
  daysAgo: number,
  [glucose, creatinine, cholesterol, haemoglobin]: readonly [number, number, number, number],
): DemoLabReport => ({ key, facility, daysAgo, values: { glucose, creatinine, cholesterol, haemoglobin } });

const { niguarda, bergamo } = LAB_FACILITIES;

/**
 * The demo citizens with laboratory reports (usernames of src/registry/demo.ts). Maria (GP mmg.colombo) has four
 * reports over three years alternating the two facilities: glucose and cholesterol rising above range, haemoglobin
 * falling below it and recovering; Ernesto (mmg.colombo) and Giuseppe (mmg.rota) have two each.
 */
export const DEMO_LAB_REPORTS: Readonly<Record<string, readonly DemoLabReport[]>> = {
  'maria.brambilla': [
    report('2024-ngd', niguarda, 1040, [94, 0.84, 214, 12.6]),
    report('2024-bg', bergamo, 670, [108, 0.97, 198, 118]),
    report('2025-ngd', niguarda, 335, [118, 1.02, 236, 11.4]),
    report('2026-bg', bergamo, 60, [101, 0.93, 187, 124]),
  ],
  'ernesto.pozzi': [
    report('2024-ngd', niguarda, 790, [88, 1.31, 176, 12.2]),
    report('2026-bg', bergamo, 150, [96, 1.42, 169, 121]),
  ],
  'giuseppe.locatelli': [
    report('2024-bg', bergamo, 910, [112, 1.05, 221, 141]),
    report('2026-ngd', niguarda, 210, [131, 1.09, 205, 14.1]),
  ],
};
