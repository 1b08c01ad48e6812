import type pg from 'pg';
import { withDbRetry } from '../db/retry.ts';
import { copyCitizens } from './bulk-repository.ts';
import {
  DEMO_CITIZENS,
  DEMO_FACILITIES,
  DEMO_OPERATORS,
  demoFiscalCode,
  demoHealthCard,
  municipalityByName,
} from './demo.ts';
import type { CallersHandle } from '../db/tables.ts';
import type { RegistryRepository } from './repository.ts';
import type { MunicipalityQuery, PopulationStats } from './schemas.ts';
import { DEFAULT_AS_OF, seedPopulation, type PopulationSeedResult } from './seed.ts';
import type { Territory } from './territory.ts';

/** A synthetic citizen a person trying the demo can enroll on the web, with the data the form asks for. */
export interface DemoCandidate {
  readonly name: string;
  readonly fiscalCode: string;
  readonly healthCard: string;
  readonly phone: string;
  readonly birthDate: string;
  readonly municipality: string;
}

export interface DemoCredentials {
  readonly password: string;
  readonly facilityClient: { readonly clientId: string; readonly clientSecret: string } | null;
}

export interface RegistryDeps {
  readonly pool: pg.Pool;
  readonly repo: RegistryRepository;
  readonly territory: Territory;
  readonly demo: boolean;
  /** Today's date (YYYY-MM-DD); injectable so that ages in tests do not drift. */
  readonly today: () => string;
}

/**
 * Besides this service, the registry publishes read-only views (migrations/0027_published_views.sql)
 * for reads that must stay inside another module's one SQL statement (the FSE's access rule and
 * searches): registry_citizens, registry_operators, registry_facilities and
 * registry_municipalities (with the province's abbreviation). Their columns are a contract:
 * the registry keeps them when its tables change.
 */
export function registryService(deps: RegistryDeps) {
  return {
    /** A citizen's registry row by codice fiscale (enrollment checks it against the health card). */
    citizenByFiscalCode: (fiscalCode: string) => deps.repo.citizenByFiscalCode(fiscalCode),
    citizenById: (id: number) => deps.repo.citizenById(id),
    /** The phone a citizen verified becomes the registry's, in the caller's transaction (campaigns' check). */
    recordVerifiedPhone: <Tables>(trx: CallersHandle<Tables>, citizenId: number, phone: string) =>
      deps.repo.recordVerifiedPhone(trx, citizenId, phone),

    async stats(): Promise<PopulationStats> {
      const asOf = deps.today();
      const stats = await withDbRetry(() => deps.repo.populationStats(asOf), { idempotent: true });
      return {
        asOf,
        citizens: stats.totals?.citizens ?? 0,
        municipalities: stats.totals?.municipalities ?? 0,
        gps: stats.totals?.gps ?? 0,
        over80: stats.totals?.over80 ?? 0,
        over100: stats.totals?.over100 ?? 0,
        byAgeBand: stats.byAgeBand,
        byProvince: stats.byProvince,
      };
    },

    municipalities(query: MunicipalityQuery) {
      const search = () =>
        deps.repo.searchMunicipalities({
          limit: query.limit,
          offset: query.offset,
          ...(query.province === undefined ? {} : { province: query.province }),
          ...(query.q === undefined ? {} : { q: query.q }),
        });
      return withDbRetry(search, { idempotent: true });
    },

    async demoInfo(credentials: DemoCredentials | null, notEnrolled: () => Promise<DemoCandidate[]>) {
      if (!deps.demo) return { enabled: false, password: null, facilityClient: null, accounts: [] };
      return {
        enabled: true,
        password: credentials?.password ?? null,
        facilityClient: credentials?.facilityClient ?? null,
        accounts: [
          ...DEMO_CITIZENS.map((c, i) => ({
            role: 'citizen' as const,
            name: `${c.given} ${c.family}`,
            username: c.username,
            fiscalCode: demoFiscalCode(c, deps.territory),
            healthCard: demoHealthCard(i),
            phone: c.phone,
            note: c.note,
          })),
          ...DEMO_OPERATORS.map((o) => ({
            role: o.role,
            name: `${o.given} ${o.family}`,
            username: o.username,
            fiscalCode: null,
            healthCard: null,
            phone: null,
            note: o.note,
          })),
        ],
        notEnrolled: await withDbRetry(notEnrolled, { idempotent: true }),
      };
    },

    /** Seeds the demo only into an empty database, so a restart never reseeds. */
    async seedDemoIfEmpty(
      citizens: number,
      onProgress?: (done: number, total: number) => void,
    ): Promise<PopulationSeedResult | null> {
      if ((await deps.repo.citizenCount()) > 0) return null;
      await deps.repo.upsertTerritory(deps.territory);
      await seedDemoPeople(deps);
      return seedPopulation(deps, {
        seed: 1,
        citizens,
        asOf: DEFAULT_AS_OF,
        ...(onProgress
          ? {
              onProgress: (p: { done: number; total: number }) => {
                onProgress(p.done, p.total);
              },
            }
          : {}),
      });
    },
  };
}

async function seedDemoPeople(deps: RegistryDeps): Promise<void> {
  const facilityIds = new Map<string, number>();
  for (const f of DEMO_FACILITIES) {
    const istat = municipalityByName(deps.territory, f.municipality).istatCode;
    facilityIds.set(f.code, await deps.repo.ensureFacility({ ...f, municipalityIstat: istat }));
  }
  const provinceCode = (abbr: string | null): string | null =>
    abbr === null ? null : (deps.territory.provinces.find((p) => p.abbr === abbr)?.code ?? null);
  const operatorIds = await deps.repo.ensureOperators(
    DEMO_OPERATORS.map((o) => ({
      username: o.username,
      fiscalCode: demoFiscalCode(o, deps.territory),
      givenName: o.given,
      familyName: o.family,
      role: o.role,
      facilityId: o.facility === null ? null : (facilityIds.get(o.facility) ?? null),
      provinceCode: provinceCode(o.province),
      email: `${o.username}@salus.example.org`,
    })),
  );
  const client = await deps.pool.connect();
  try {
    await copyCitizens(
      client,
      DEMO_CITIZENS.map((c, i) => ({
        fiscalCode: demoFiscalCode(c, deps.territory),
        healthCardNumber: demoHealthCard(i),
        givenName: c.given,
        familyName: c.family,
        sex: c.sex,
        birthDate: c.birthDate,
        birthPlaceCode: municipalityByName(deps.territory, c.bornIn).cadastralCode,
        residenceIstat: municipalityByName(deps.territory, c.livesIn).istatCode,
        mobilePhone: c.phone,
        email: `${c.username}@example.org`,
        gpId: operatorIds.get(c.gp) ?? null,
        syntheticSeed: null,
      })),
    );
  } finally {
    client.release();
  }
}

/** Username → codice fiscale of the named demo people, for their demo logins. */
export function demoLogins(territory: Territory): Map<string, string> {
  return new Map([...DEMO_CITIZENS, ...DEMO_OPERATORS].map((p) => [p.username, demoFiscalCode(p, territory)]));
}

export type RegistryService = ReturnType<typeof registryService>;
/** The citizen look-ups other modules (campaigns) are handed. */
export type RegistryCitizens = Pick<RegistryService, 'citizenByFiscalCode' | 'citizenById' | 'recordVerifiedPhone'>;
