import { CodiceFiscale } from '../shared/fiscal-code-lib.ts';
import { composeFiscalCode, luhnCheckDigit, omocodiaVariants, type FiscalCode } from '../shared/identifiers.ts';
import { FEMALE_NAMES, FOREIGN_BIRTHPLACES, MALE_NAMES, SURNAMES } from './names.ts';
import { apportion, seededRandom, weightedPicker } from '../shared/random.ts';
import type { MunicipalityDef } from './territory.ts';

/**
 * Lombardy's age pyramid in 5-year bands (ISTAT, 1 January 2021, % of residents).
 * 80+ sums to ≈7.5%, and 100+ to ≈0.03%: about 3,000 centenarians per 10 million.
 */
const AGE_BANDS: readonly (readonly [fromAge: number, toAge: number, percent: number])[] = [
  [0, 4, 4.2],
  [5, 9, 4.6],
  [10, 14, 4.9],
  [15, 19, 4.8],
  [20, 24, 4.8],
  [25, 29, 5.2],
  [30, 34, 5.6],
  [35, 39, 6.1],
  [40, 44, 7.0],
  [45, 49, 8.1],
  [50, 54, 8.4],
  [55, 59, 7.7],
  [60, 64, 6.5],
  [65, 69, 5.7],
  [70, 74, 5.5],
  [75, 79, 4.3],
  [80, 84, 3.7],
  [85, 89, 2.4],
  [90, 94, 1.1],
  [95, 99, 0.3],
  [100, 105, 0.03],
];

// Where residents were born: their own municipality, elsewhere in Lombardy, or abroad.
const BORN_IN_RESIDENCE = 0.72;
const BORN_ABROAD = 0.06;

export interface SyntheticCitizen {
  readonly fiscalCode: FiscalCode;
  readonly healthCardNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly birthPlaceCode: string;
  readonly residenceIstat: string;
  readonly provinceCode: string;
  readonly mobilePhone: string;
  readonly email: string | null;
}

export interface PopulationOptions {
  readonly seed: number;
  readonly count: number;
  /** Ages are computed at this date, so a seed gives the same people on any day. */
  readonly asOf: string;
  readonly municipalities: readonly MunicipalityDef[];
  /** Codes already taken (e.g. demo citizens): never generated again. */
  readonly reserved?: ReadonlySet<string>;
  /** Only people this old or older (e.g. 80 for an over-80 benchmark), still following the pyramid above it. */
  readonly minAge?: number;
}

/** Per-municipality counts, in municipality order: the plan every run of a seed follows. */
export function planResidence(count: number, municipalities: readonly MunicipalityDef[]): number[] {
  return apportion(
    count,
    municipalities.map((m) => m.population),
  );
}

/** Generates the population lazily, municipality by municipality, deterministically for a seed. */
export function* generatePopulation(options: PopulationOptions): Generator<SyntheticCitizen> {
  const random = seededRandom(options.seed);
  const plan = planResidence(options.count, options.municipalities);
  const pickMunicipality = weightedPicker(options.municipalities.map((m) => m.population));
  const minAge = options.minAge ?? 0;
  const pickBand = weightedPicker(AGE_BANDS.map((b) => (b[0] >= minAge ? b[2] : 0)));
  const taken = new Set<string>(options.reserved);
  const codes = nameCodeCache();
  const asOf = new Date(`${options.asOf}T00:00:00Z`);
  // The seed is part of the card number, so different seeds never collide on it.
  const cardPrefix = `80380${String(options.seed % 1000).padStart(3, '0')}`;
  let serial = 0;

  for (const [index, municipality] of options.municipalities.entries()) {
    const residents = plan[index] ?? 0;
    for (let r = 0; r < residents; r++) {
      const sex = random() < 0.515 ? 'F' : 'M';
      const givenName = pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES, random());
      const familyName = pick(SURNAMES, random());
      const birthDate = birthDateFor(pickBand(random()), random, asOf);
      const birthPlaceCode = birthPlace(random(), municipality, options.municipalities, pickMunicipality, random);
      const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
      let fiscalCode = composeFiscalCode(
        codes.surname(familyName),
        codes.given(givenName),
        codes.date(d, m, y, sex),
        birthPlaceCode,
      );
      if (taken.has(fiscalCode)) fiscalCode = firstFreeVariant(fiscalCode, taken);
      taken.add(fiscalCode);
      serial++;
      const cardBody = `${cardPrefix}${String(serial).padStart(11, '0')}`;
      yield {
        fiscalCode,
        healthCardNumber: cardBody + luhnCheckDigit(cardBody),
        givenName,
        familyName,
        sex,
        birthDate,
        birthPlaceCode,
        residenceIstat: municipality.istatCode,
        provinceCode: municipality.provinceCode,
        // Two draws in this order (prefix, then number): the same seed gives the same phones.
        mobilePhone:
          `+393${String(20 + Math.floor(random() * 80))}` + String(Math.floor(random() * 10_000_000)).padStart(7, '0'),
        email: random() < 0.35 ? `${slug(givenName)}.${slug(familyName)}.${serial}@example.org` : null,
      };
    }
  }
}

function pick<T>(items: readonly T[], random: number): T {
  return items[Math.floor(random * items.length)] as T;
}

function birthDateFor(bandIndex: number, random: () => number, asOf: Date): string {
  const band = AGE_BANDS[bandIndex] ?? [40, 44, 0];
  // Within a band, older ages are rarer at the top of the pyramid: skew toward the band's start.
  const skew = band[0] >= 80 ? random() ** 1.6 : random();
  const ageDays = Math.floor((band[0] + skew * (band[1] - band[0] + 1)) * 365.25);
  const date = new Date(asOf.getTime() - ageDays * 86_400_000);
  return date.toISOString().slice(0, 10);
}

function birthPlace(
  roll: number,
  residence: MunicipalityDef,
  municipalities: readonly MunicipalityDef[],
  pickMunicipality: (random: number) => number,
  random: () => number,
): string {
  if (roll < BORN_IN_RESIDENCE) return residence.cadastralCode;
  if (roll < 1 - BORN_ABROAD)
    return municipalities[pickMunicipality(random())]?.cadastralCode ?? residence.cadastralCode;
  return pick(FOREIGN_BIRTHPLACES, random());
}

function firstFreeVariant(code: FiscalCode, taken: ReadonlySet<string>): FiscalCode {
  const free = omocodiaVariants(code).find((variant) => !taken.has(variant));
  if (free === undefined) throw new Error(`All omocodia variants of ${code} are taken`);
  return free;
}

/** The library's name/date encoders are slowish (≈90 µs a code); the pools are small, so cache. */
function nameCodeCache(): {
  surname(name: string): string;
  given(name: string): string;
  date(d: number, m: number, y: number, sex: 'M' | 'F'): string;
} {
  const surnames = new Map<string, string>();
  const givens = new Map<string, string>();
  const dates = new Map<string, string>();
  const memo = (cache: Map<string, string>, key: string, compute: () => string): string => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute();
      cache.set(key, value);
    }
    return value;
  };
  return {
    surname: (name) => memo(surnames, name, () => CodiceFiscale.surnameCode(name)),
    given: (name) => memo(givens, name, () => CodiceFiscale.nameCode(name)),
    date: (d, m, y, sex) => memo(dates, `${y}-${m}-${d}-${sex}`, () => CodiceFiscale.dateCode(d, m, y, sex)),
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}
