import type pg from 'pg';
import { analyzeCitizens, copyCitizens, type CitizenRow } from './bulk-repository.ts';
import { generatePopulation, planResidence, type SyntheticCitizen } from './population.ts';
import type { RegistryRepository } from './repository.ts';
import type { Territory } from './territory.ts';

export interface PopulationSeedOptions {
  readonly seed: number;
  readonly citizens: number;
  /** Ages are relative to this date, so the same seed gives the same people on any day. */
  readonly asOf: string;
  /** Only residents this old or older (benchmarks of an over-80 campaign). */
  readonly minAge?: number;
  readonly onProgress?: (progress: { done: number; total: number; elapsedMs: number }) => void;
}

export interface PopulationSeedResult {
  readonly inserted: number;
  readonly skipped: number;
  readonly gps: number;
  readonly elapsedMs: number;
}

// Lombardy has about one GP per 1,500 residents (the regional ceiling is 1,500 patients).
const PATIENTS_PER_GP = 1_500;
// 50,000 rows ≈ 8 MB of COPY text: big enough to amortise a commit, small enough for steady progress.
const CHUNK = 50_000;
// Two loaders keep both cores busy: while PostgreSQL indexes one chunk, the next is
// being generated and sent. Measured on 2 cores: 1 loader ≈31k/s, 2 loaders see bench/seed.
const LOADERS = 2;
export const DEFAULT_AS_OF = '2026-01-01';

/**
 * Creates a synthetic population: residents spread over municipalities by real
 * population, ages following Lombardy's pyramid, each assigned to a GP of their
 * province. Idempotent: re-running a seed inserts nothing twice.
 */
export async function seedPopulation(
  deps: { readonly pool: pg.Pool; readonly repo: RegistryRepository; readonly territory: Territory },
  options: PopulationSeedOptions,
): Promise<PopulationSeedResult> {
  const started = Date.now();
  await deps.repo.upsertTerritory(deps.territory);
  const gpsByProvince = await ensureSyntheticGps(deps, options);
  const reserved = await deps.repo.nonSyntheticFiscalCodes();
  const nextGp = new Map<string, number>();
  const loader = parallelLoader(deps.pool, LOADERS);
  let done = 0;
  let chunk: CitizenRow[] = [];
  const flush = async (): Promise<void> => {
    const rows = chunk;
    chunk = [];
    await loader.load(rows, () => {
      done += rows.length;
      options.onProgress?.({ done, total: options.citizens, elapsedMs: Date.now() - started });
    });
  };
  try {
    for (const person of generatePopulation({
      ...options,
      count: options.citizens,
      municipalities: deps.territory.municipalities,
      reserved,
    })) {
      chunk.push(toRow(person, pickGp(gpsByProvince, nextGp, person.provinceCode), options.seed));
      if (chunk.length === CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
  } finally {
    await loader.drain();
  }
  const inserted = loader.inserted();
  await analyzeCitizens(deps.pool);
  const gps = [...gpsByProvince.values()].reduce((sum, ids) => sum + ids.length, 0);
  return { inserted, skipped: done - inserted, gps, elapsedMs: Date.now() - started };
}

/** Runs up to `width` chunk loads at once, each on its own connection; `load` waits for a free slot. */
function parallelLoader(pool: pg.Pool, width: number) {
  const inFlight = new Set<Promise<void>>();
  let inserted = 0;
  const failures: unknown[] = [];
  return {
    async load(rows: readonly CitizenRow[], onDone: () => void): Promise<void> {
      if (failures.length > 0) throw asError(failures[0]);
      while (inFlight.size >= width) await Promise.race(inFlight);
      if (failures.length > 0) throw asError(failures[0]);
      const task = (async () => {
        const client = await pool.connect();
        try {
          const added = await copyCitizens(client, rows);
          inserted += added;
          onDone();
        } finally {
          client.release();
        }
      })().catch((error: unknown) => {
        failures.push(error);
      });
      const tracked = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    },
    async drain(): Promise<void> {
      await Promise.all(inFlight);
      if (failures.length > 0) throw asError(failures[0]);
    },
    inserted: () => inserted,
  };
}

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

function toRow(person: SyntheticCitizen, gpId: number | null, seed: number): CitizenRow {
  return {
    fiscalCode: person.fiscalCode,
    healthCardNumber: person.healthCardNumber,
    givenName: person.givenName,
    familyName: person.familyName,
    sex: person.sex,
    birthDate: person.birthDate,
    birthPlaceCode: person.birthPlaceCode,
    residenceIstat: person.residenceIstat,
    mobilePhone: person.mobilePhone,
    email: person.email,
    gpId,
    syntheticSeed: seed,
  };
}

function pickGp(
  gps: ReadonlyMap<string, readonly number[]>,
  next: Map<string, number>,
  province: string,
): number | null {
  const list = gps.get(province);
  if (list === undefined || list.length === 0) return null;
  const n = next.get(province) ?? 0;
  next.set(province, n + 1);
  // Consecutive residents fill one GP's list before the next: lists of ≈1,500 like real ones.
  return list[Math.min(list.length - 1, Math.floor(n / PATIENTS_PER_GP))] ?? null;
}

/** Creates ⌈residents / 1,500⌉ synthetic GPs per province for this seed; returns their ids by province code. */
async function ensureSyntheticGps(
  deps: { readonly repo: RegistryRepository; readonly territory: Territory },
  options: PopulationSeedOptions,
): Promise<Map<string, number[]>> {
  const plan = planResidence(options.citizens, deps.territory.municipalities);
  const perProvince = new Map<string, number>();
  deps.territory.municipalities.forEach((m, i) => {
    perProvince.set(m.provinceCode, (perProvince.get(m.provinceCode) ?? 0) + (plan[i] ?? 0));
  });
  const needed = [...perProvince].map(([code, residents]) => [code, Math.ceil(residents / PATIENTS_PER_GP)] as const);
  const total = needed.reduce((sum, [, n]) => sum + n, 0);
  // GPs are people too: draw them from a separate seed, aged 30-67 (working age of a GP).
  const asOfYear = Number(options.asOf.slice(0, 4));
  const candidates = generatePopulation({
    seed: options.seed + 1_000_003,
    count: Math.max(100, total * 3),
    asOf: options.asOf,
    municipalities: deps.territory.municipalities,
  });
  const abbr = new Map(deps.territory.provinces.map((p) => [p.code, p.abbr.toLowerCase()]));
  const operators = [];
  const usernamesByProvince = new Map<string, string[]>();
  for (const [provinceCode, count] of needed) {
    const names: string[] = [];
    while (names.length < count) {
      const next = candidates.next();
      if (next.done === true) throw new Error('ran out of GP candidates');
      const person = next.value;
      const age = asOfYear - Number(person.birthDate.slice(0, 4));
      if (age < 30 || age > 67) continue;
      const username = `mmg-${abbr.get(provinceCode) ?? provinceCode}-s${options.seed}-${names.length + 1}`;
      names.push(username);
      operators.push({
        username,
        fiscalCode: person.fiscalCode,
        givenName: person.givenName,
        familyName: person.familyName,
        role: 'gp' as const,
        facilityId: null,
        provinceCode,
        email: null,
      });
    }
    usernamesByProvince.set(provinceCode, names);
  }
  const ids = await deps.repo.ensureOperators(operators);
  return new Map(
    [...usernamesByProvince].map(([code, names]) => [
      code,
      names.map((n) => ids.get(n)).filter((id) => id !== undefined),
    ]),
  );
}
