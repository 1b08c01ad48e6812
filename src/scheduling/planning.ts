import type { Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { lockCapacity } from './capacity-repository.ts';
import {
  bookedCapacity,
  bookedSupply,
  capacityRows,
  centreByCode,
  dosesPerDay,
  listCentres,
  listProducts,
  perProvinceWeek,
  provinceByAbbr,
  supplyRows,
  upsertCapacity,
  upsertSupply,
} from './planning-repository.ts';

/** Region operators: capacity per centre and day, deliveries per province and day, and the overview. */
export function planningService(deps: { db: Kysely<SchedulingDb>; onChanged: () => Promise<void> }) {
  return {
    centres: () => listCentres(deps.db),

    products: () => listProducts(deps.db),

    async capacity(centreCode: string, from: string, to: string) {
      const rows = await capacityRows(deps.db, centreCode, from, to);
      return rows;
    },

    /** Sets a centre's doses for a day; never below what is already booked. */
    async setCapacity(centreCode: string, day: string, product: string, doses: number): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const centre = await centreByCode(trx, centreCode);
        if (centre === undefined) throw notFound('scheduling.centre_unknown', `Unknown centre ${centreCode}.`);
        const current = await bookedCapacity(trx, centre.id, day, product);
        if (current !== undefined && doses < current.booked)
          throw conflict(
            'scheduling.below_booked',
            `${current.booked} doses are already booked that day; capacity cannot go below that.`,
          );
        await upsertCapacity(trx, centre.id, day, product, doses);
      });
      await deps.onChanged();
    },

    async supply(provinceAbbr: string, from: string, to: string) {
      return supplyRows(deps.db, provinceAbbr, from, to);
    },

    /** Records doses delivered to a province for a day; never below what is already booked. */
    async setSupply(provinceAbbr: string, day: string, product: string, doses: number): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const province = await provinceByAbbr(trx, provinceAbbr);
        if (province === undefined) throw notFound('scheduling.province_unknown', `Unknown province ${provinceAbbr}.`);
        const current = await bookedSupply(trx, province.code, day, product);
        if (current !== undefined && doses < current.booked)
          throw conflict(
            'scheduling.below_booked',
            `${current.booked} doses are already booked that day; supply cannot go below that.`,
          );
        await upsertSupply(trx, province.code, day, product, doses);
      });
      await deps.onChanged();
    },

    /** Booked against capacity and supply per province and week, and doses given per day: aggregates only. */
    async overview(from: string, weeks: number) {
      const perWeek = await perProvinceWeek(deps.db, from, weeks);
      const perDay = await dosesPerDay(deps.db);
      return { perProvinceWeek: perWeek, dosesPerDay: perDay };
    },
  };
}

export type PlanningService = ReturnType<typeof planningService>;
