import { ownTables, type Db } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import { insertCapacityAndSupply, insertCentres, insertNeighbours, insertProducts } from './seed-repository.ts';
import { apportion } from '../shared/random.ts';
import type { Territory } from '../registry/index.ts';

/**
 * Product rules are data: interval and window between doses, and age limits, as
 * applied in Italy in 2021 (AIFA). Manufacturer and product codes are the EU DCC value sets.
 */
export const PRODUCTS = [
  {
    code: 'Comirnaty',
    name: 'Comirnaty (Pfizer-BioNTech)',
    manufacturer: 'ORG-100030215',
    medicinal_product: 'EU/1/20/1528',
    doses: 2,
    interval_days: 21,
    window_max_days: 42,
    min_age: 12,
    max_age: null,
  },
  {
    code: 'Spikevax',
    name: 'Spikevax (Moderna)',
    manufacturer: 'ORG-100031184',
    medicinal_product: 'EU/1/20/1507',
    doses: 2,
    interval_days: 28,
    window_max_days: 42,
    min_age: 12,
    max_age: null,
  },
  {
    code: 'Vaxzevria',
    name: 'Vaxzevria (AstraZeneca)',
    manufacturer: 'ORG-100001699',
    medicinal_product: 'EU/1/21/1529',
    doses: 2,
    interval_days: 28,
    window_max_days: 84,
    min_age: 60,
    max_age: null,
  },
  {
    code: 'Jcovden',
    name: 'Jcovden (Janssen)',
    manufacturer: 'ORG-100001417',
    medicinal_product: 'EU/1/20/1525',
    doses: 1,
    interval_days: null,
    window_max_days: null,
    min_age: 18,
    max_age: null,
  },
] as const;

// Lombardy's provinces that share a border (by abbreviation).
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  VA: ['CO', 'MI'],
  CO: ['VA', 'LC', 'MB', 'MI', 'SO'],
  SO: ['CO', 'LC', 'BG', 'BS'],
  LC: ['CO', 'SO', 'BG', 'MB'],
  MB: ['CO', 'LC', 'BG', 'MI'],
  BG: ['LC', 'SO', 'BS', 'CR', 'MI', 'MB'],
  BS: ['BG', 'SO', 'CR', 'MN'],
  MI: ['VA', 'CO', 'MB', 'BG', 'CR', 'LO', 'PV'],
  LO: ['MI', 'CR', 'PV'],
  CR: ['MI', 'LO', 'BG', 'BS', 'MN'],
  MN: ['BS', 'CR'],
  PV: ['MI', 'LO'],
};

export async function seedProductsAndNeighbours<All extends SchedulingDb>(
  handle: Db<All>,
  territory: Territory,
): Promise<void> {
  const db = ownTables<SchedulingDb, All>(handle);
  await insertProducts(
    db,
    PRODUCTS.map((p) => ({ ...p })),
  );
  const code = new Map(territory.provinces.map((p) => [p.abbr, p.code]));
  const rows = Object.entries(NEIGHBOURS).flatMap(([p, list]) =>
    list.map((n) => ({ province_code: code.get(p) ?? '', neighbour_code: code.get(n) ?? '' })),
  );
  await insertNeighbours(db, rows);
}

/**
 * About `count` centres ("hub") spread over provinces by population, one per large
 * municipality. The first Milano centre is the demo hub the vaccinator works at.
 */
export async function seedCentres<All extends SchedulingDb>(
  handle: Db<All>,
  territory: Territory,
  count: number,
  hubFacilityId: number | null,
): Promise<void> {
  const db = ownTables<SchedulingDb, All>(handle);
  const provinces = territory.provinces;
  const population = provinces.map((p) =>
    territory.municipalities.filter((m) => m.provinceCode === p.code).reduce((s, m) => s + m.population, 0),
  );
  const perProvince = apportion(count - provinces.length, population).map((n) => n + 1);
  const rows = provinces.flatMap((province, i) => {
    const towns = territory.municipalities
      .filter((m) => m.provinceCode === province.code)
      .sort((a, b) => b.population - a.population);
    return Array.from({ length: perProvince[i] ?? 1 }, (_, k) => {
      const town = towns[k % towns.length] ?? towns[0];
      const isHub = province.abbr === 'MI' && k === 0;
      return {
        code: isHub ? 'HUB-MI-001' : `CV-${province.abbr}-${String(k + 1).padStart(2, '0')}`,
        name: isHub
          ? 'Centro vaccinale Fiera Milano City'
          : `Centro vaccinale ${town?.name ?? province.name}${k >= towns.length ? ` ${k + 1}` : ''}`,
        facility_id: isHub ? hubFacilityId : null,
        municipality_istat: town?.istatCode ?? '',
        province_code: province.code,
        opens_at: '08:00',
        closes_at: '20:00',
        slot_minutes: 10,
        lines: isHub ? 20 : 6,
      };
    });
  });
  await insertCentres(db, rows);
}

/**
 * Capacity per centre and day (split over the given products) and daily supply per
 * province at `supplyShare` of the province's capacity, for `days` days from `start`.
 */
export async function seedCapacityAndSupply<All extends SchedulingDb>(
  handle: Db<All>,
  options: {
    start: string;
    days: number;
    dosesPerLinePerDay: number;
    products: readonly string[];
    supplyShare: number;
  },
): Promise<void> {
  const db = ownTables<SchedulingDb, All>(handle);
  await insertCapacityAndSupply(db, options);
}
