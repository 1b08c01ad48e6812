import type { FseClass } from '../fhir/codes.ts';

/** A lab value as it appears in the report and as an Observation (LOINC, UCUM). */
export interface LabValue {
  readonly loinc: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly range: string;
}

export interface DemoDocument {
  /** Stable key: the masterIdentifier, so a second seed finds what the first stored. */
  readonly key: string;
  readonly owner: string;
  readonly facility: string;
  readonly docClass: FseClass;
  readonly daysAgo: number;
  readonly title: string;
  readonly author: { readonly given: string; readonly family: string };
  readonly facts: readonly (readonly [string, string])[];
  readonly labs?: readonly LabValue[];
  readonly text?: readonly string[];
  /** The citizen hid it (oscuramento), to show the feature. */
  readonly hidden?: boolean;
}

const CBC: readonly LabValue[] = [
  { loinc: '718-7', name: 'Emoglobina', value: 12.9, unit: 'g/dL', range: '12.0 - 16.0' },
  { loinc: '6690-2', name: 'Leucociti', value: 6.8, unit: '10*3/uL', range: '4.0 - 10.0' },
  { loinc: '777-3', name: 'Piastrine', value: 231, unit: '10*3/uL', range: '150 - 400' },
];
const METABOLIC: readonly LabValue[] = [
  { loinc: '2345-7', name: 'Glucosio', value: 112, unit: 'mg/dL', range: '70 - 100' },
  { loinc: '4548-4', name: 'Emoglobina glicata (HbA1c)', value: 6.4, unit: '%', range: '4.0 - 6.0' },
  { loinc: '2160-0', name: 'Creatinina', value: 1.02, unit: 'mg/dL', range: '0.50 - 1.10' },
  { loinc: '2093-3', name: 'Colesterolo totale', value: 204, unit: 'mg/dL', range: '< 200' },
];
const DIABETES: readonly LabValue[] = [
  { loinc: '2345-7', name: 'Glucosio', value: 148, unit: 'mg/dL', range: '70 - 100' },
  { loinc: '4548-4', name: 'Emoglobina glicata (HbA1c)', value: 7.3, unit: '%', range: '4.0 - 6.0' },
];

/** The demo record: a few realistic documents per demo citizen, from the demo hospital and lab. */
export const DEMO_DOCUMENTS: readonly DemoDocument[] = [
  {
    key: 'maria-lab-1',
    owner: 'maria.brambilla',
    facility: 'OSP-MI-001',
    docClass: 'REF',
    daysAgo: 95,
    title: 'Referto di laboratorio: emocromo',
    author: { given: 'Francesca', family: 'Ronchi' },
    facts: [
      ['Richiesta n.', 'MI-2026-118204'],
      ['Reparto', 'Laboratorio analisi chimico-cliniche'],
    ],
    labs: CBC,
  },
  {
    key: 'maria-lab-2',
    owner: 'maria.brambilla',
    facility: 'OSP-MI-001',
    docClass: 'REF',
    daysAgo: 12,
    title: 'Referto di laboratorio: profilo metabolico',
    author: { given: 'Francesca', family: 'Ronchi' },
    facts: [
      ['Richiesta n.', 'MI-2026-140377'],
      ['Reparto', 'Laboratorio analisi chimico-cliniche'],
    ],
    labs: METABOLIC,
  },
  {
    key: 'maria-ldo-1',
    owner: 'maria.brambilla',
    facility: 'OSP-MI-001',
    docClass: 'LDO',
    daysAgo: 60,
    title: 'Lettera di dimissione: Cardiologia',
    author: { given: 'Stefano', family: 'Bellini' },
    facts: [
      ['Ricovero', 'dal 02 al 07 del mese'],
      ['Reparto', 'Cardiologia'],
    ],
    text: [
      'Ricoverata per scompenso cardiaco in paziente con cardiopatia ipertensiva. ' +
        'Decorso regolare. Si dimette in compenso emodinamico.',
      'Terapia consigliata: ramipril 5 mg 1 cp/die, furosemide 25 mg 1 cp/die. Controllo ambulatoriale a 30 giorni.',
    ],
  },
  {
    key: 'maria-vrb-1',
    owner: 'maria.brambilla',
    facility: 'OSP-MI-001',
    docClass: 'VRB',
    daysAgo: 200,
    title: 'Verbale di pronto soccorso',
    author: { given: 'Luca', family: 'Fumagalli' },
    facts: [
      ['Codice triage', 'verde'],
      ['Esito', 'dimissione a domicilio'],
    ],
    text: [
      'Accesso per caduta accidentale a domicilio. Contusione al polso destro, ' +
        'esclusa frattura all’esame radiografico.',
    ],
    hidden: true,
  },
  {
    key: 'giuseppe-lab-1',
    owner: 'giuseppe.locatelli',
    facility: 'LAB-BG-001',
    docClass: 'REF',
    daysAgo: 20,
    title: 'Referto di laboratorio: controllo glicemico',
    author: { given: 'Paola', family: 'Carminati' },
    facts: [['Richiesta n.', 'BG-2026-00891']],
    labs: DIABETES,
  },
  {
    key: 'ernesto-ldo-1',
    owner: 'ernesto.pozzi',
    facility: 'OSP-MI-001',
    docClass: 'LDO',
    daysAgo: 140,
    title: 'Lettera di dimissione: Medicina interna',
    author: { given: 'Giulia', family: 'Mariani' },
    facts: [['Reparto', 'Medicina generale']],
    text: [
      'Ricovero per polmonite comunitaria trattata con antibioticoterapia endovenosa. ' +
        'Buona risposta clinica. Dimesso in buone condizioni generali.',
    ],
  },
  {
    key: 'anna-lab-1',
    owner: 'anna.sala',
    facility: 'LAB-BG-001',
    docClass: 'REF',
    daysAgo: 30,
    title: 'Referto di laboratorio: emocromo',
    author: { given: 'Paola', family: 'Carminati' },
    facts: [['Richiesta n.', 'BG-2026-00412']],
    labs: CBC,
  },
];

/** Who granted consultation consent in the demo: Anna has not, to show that the GP then sees nothing. */
export const DEMO_CONSENTS: readonly string[] = ['maria.brambilla', 'giuseppe.locatelli', 'ernesto.pozzi'];

export const DEMO_PRESCRIPTIONS: readonly {
  key: string;
  owner: string;
  gp: string;
  aic: string;
  display: string;
  dosage: string;
  dispensedBy?: string;
}[] = [
  {
    key: 'demo-rx-maria-1',
    owner: 'maria.brambilla',
    gp: 'mmg.colombo',
    aic: '026913032',
    display: 'Ramipril 5 mg compresse',
    dosage: '1 compressa al giorno al mattino',
  },
  {
    key: 'demo-rx-maria-2',
    owner: 'maria.brambilla',
    gp: 'mmg.colombo',
    aic: '033193018',
    display: 'Furosemide 25 mg compresse',
    dosage: '1 compressa al giorno',
    dispensedBy: 'farm.galli',
  },
  {
    key: 'demo-rx-giuseppe-1',
    owner: 'giuseppe.locatelli',
    gp: 'mmg.rota',
    aic: '029139039',
    display: 'Metformina 500 mg compresse',
    dosage: '1 compressa due volte al giorno ai pasti',
  },
];

export const DEMO_EXEMPTIONS: readonly { key: string; owner: string; gp: string; code: string; display: string }[] = [
  {
    key: 'demo-ese-maria-e01',
    owner: 'maria.brambilla',
    gp: 'mmg.colombo',
    code: 'E01',
    display: 'Età superiore a 65 anni e reddito familiare inferiore a 36.151,98 euro',
  },
  {
    key: 'demo-ese-giuseppe-013',
    owner: 'giuseppe.locatelli',
    gp: 'mmg.rota',
    code: '013',
    display: 'Diabete mellito',
  },
];
