import type { FacilityKind, OperatorRole } from './db-types.ts';
import { CodiceFiscale } from '../shared/fiscal-code-lib.ts';
import { composeFiscalCode, luhnCheckDigit } from '../shared/identifiers.ts';
import type { Territory } from './territory.ts';

/**
 * The named people a person trying Salus logs in as. Their codes are computed
 * from their birth facts with the same library as everyone else's, so they are
 * valid codici fiscali; health cards use the reserved 80380999… block.
 */
export interface LocalizedText {
  readonly it: string;
  readonly en: string;
}

interface Person {
  readonly given: string;
  readonly family: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly bornIn: string;
}

export interface DemoCitizen extends Person {
  readonly username: string;
  readonly livesIn: string;
  readonly phone: string;
  readonly gp: string;
  readonly note: LocalizedText;
}

export interface DemoOperator extends Person {
  readonly username: string;
  readonly role: OperatorRole;
  readonly facility: string | null;
  readonly province: string | null;
  readonly note: LocalizedText;
}

export interface DemoFacility {
  readonly code: string;
  readonly kind: FacilityKind;
  readonly name: string;
  readonly municipality: string;
}

export const DEMO_FACILITIES: readonly DemoFacility[] = [
  { code: 'FAR-MI-001', kind: 'pharmacy', name: 'Farmacia Centrale di Milano', municipality: 'Milano' },
  {
    code: 'HUB-MI-001',
    kind: 'vaccination_centre',
    name: 'Centro vaccinale Fiera Milano City',
    municipality: 'Milano',
  },
  { code: 'OSP-MI-001', kind: 'hospital', name: 'Ospedale Niguarda Ca’ Granda', municipality: 'Milano' },
  { code: 'LAB-BG-001', kind: 'lab', name: 'Laboratorio Analisi Bergamo', municipality: 'Bergamo' },
];

export const DEMO_OPERATORS: readonly DemoOperator[] = [
  {
    username: 'mmg.colombo',
    given: 'Laura',
    family: 'Colombo',
    sex: 'F',
    birthDate: '1970-04-18',
    bornIn: 'Milano',
    role: 'gp',
    facility: null,
    province: 'MI',
    note: {
      it: 'Medico di medicina generale a Milano; Maria Brambilla è sua paziente',
      en: 'GP (MMG) in Milano; Maria Brambilla is her patient',
    },
  },
  {
    username: 'mmg.rota',
    given: 'Paolo',
    family: 'Rota',
    sex: 'M',
    birthDate: '1965-09-30',
    bornIn: 'Bergamo',
    role: 'gp',
    facility: null,
    province: 'BG',
    note: {
      it: 'Medico di medicina generale a Bergamo; Giuseppe Locatelli è suo paziente',
      en: 'GP (MMG) in Bergamo; Giuseppe Locatelli is his patient',
    },
  },
  {
    username: 'farm.galli',
    given: 'Chiara',
    family: 'Galli',
    sex: 'F',
    birthDate: '1982-02-11',
    bornIn: 'Monza',
    role: 'pharmacist',
    facility: 'FAR-MI-001',
    province: null,
    note: { it: 'Farmacista alla Farmacia Centrale di Milano', en: 'Pharmacist at Farmacia Centrale di Milano' },
  },
  {
    username: 'vacc.ferrari',
    given: 'Marco',
    family: 'Ferrari',
    sex: 'M',
    birthDate: '1979-12-05',
    bornIn: 'Brescia',
    role: 'vaccinator',
    facility: 'HUB-MI-001',
    province: null,
    note: {
      it: 'Operatore del centro vaccinale Fiera Milano City',
      en: 'Vaccination centre staff at Fiera Milano City',
    },
  },
  {
    username: 'regione.fontana',
    given: 'Elena',
    family: 'Fontana',
    sex: 'F',
    birthDate: '1975-07-22',
    bornIn: 'Como',
    role: 'region',
    facility: null,
    province: null,
    note: {
      it: 'Operatrice regionale: campagne, capacità, cruscotto',
      en: 'Region operator: campaigns, capacity, dashboard',
    },
  },
];

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    username: 'maria.brambilla',
    given: 'Maria',
    family: 'Brambilla',
    sex: 'F',
    birthDate: '1936-03-12',
    bornIn: 'Milano',
    livesIn: 'Milano',
    phone: '+393330000001',
    gp: 'mmg.colombo',
    note: {
      it: '90 anni, vive a Milano: rientra nella campagna over 80',
      en: 'Aged 90, lives in Milano: eligible for the over-80 campaign',
    },
  },
  {
    username: 'giuseppe.locatelli',
    given: 'Giuseppe',
    family: 'Locatelli',
    sex: 'M',
    birthDate: '1940-11-02',
    bornIn: 'Bergamo',
    livesIn: 'Bergamo',
    phone: '+393330000002',
    gp: 'mmg.rota',
    note: { it: '85 anni, vive a Bergamo', en: 'Aged 85, lives in Bergamo' },
  },
  {
    username: 'ernesto.pozzi',
    given: 'Ernesto',
    family: 'Pozzi',
    sex: 'M',
    birthDate: '1924-01-15',
    bornIn: 'Pavia',
    livesIn: 'Pavia',
    phone: '+393330000004',
    gp: 'mmg.colombo',
    note: { it: 'Centenario (102 anni): primo in priorità', en: 'A centenarian (102): first in priority' },
  },
  {
    username: 'anna.sala',
    given: 'Anna',
    family: 'Sala',
    sex: 'F',
    birthDate: '1988-06-25',
    bornIn: 'Monza',
    livesIn: 'Monza',
    phone: '+393330000003',
    gp: 'mmg.colombo',
    note: {
      it: '38 anni: non rientra negli over 80; nipote di Maria',
      en: 'Aged 38: not in the over-80 cohort; Maria’s granddaughter',
    },
  },
];

export function demoFiscalCode(person: Person, territory: Territory): string {
  const [y, m, d] = person.birthDate.split('-').map(Number) as [number, number, number];
  return composeFiscalCode(
    CodiceFiscale.surnameCode(person.family),
    CodiceFiscale.nameCode(person.given),
    CodiceFiscale.dateCode(d, m, y, person.sex),
    municipalityByName(territory, person.bornIn).cadastralCode,
  );
}

export function demoHealthCard(index: number): string {
  const body = `80380999${String(index + 1).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

export function municipalityByName(territory: Territory, name: string) {
  const found = territory.municipalities.find((m) => m.name === name);
  if (found === undefined) throw new Error(`Unknown municipality ${name}`);
  return found;
}
