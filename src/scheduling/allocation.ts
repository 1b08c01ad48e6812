import type { Kysely } from 'kysely';
import type pg from 'pg';
import { kyselyOnClient } from '../db/single-connection.ts';
import type { SchedulingDb } from './db-types.ts';
import { lockCapacity } from './capacity-repository.ts';
import { allocate, countInversions, hasFirstDoseSlot, type Booking } from './allocator.ts';
import type { AllocationRepository } from './repository.ts';

export interface AllocationOptions {
  /** First bookable day (YYYY-MM-DD); normally tomorrow. */
  readonly startDay: string;
  /** First doses are booked within this many days; neighbours are tried only past it. */
  readonly horizonDays: number;
  /**
   * Return at once, without reading the people, when no first dose can be booked anywhere (the background runs
   * requested after enrollments; a run asked for by the region always reads them, to report the demand).
   */
  readonly skipWithoutSlot?: boolean;
}

export interface AllocationReport {
  readonly run: number;
  /** People without a live first dose; null when a run with skipWithoutSlot found no free slot. */
  readonly demand: number | null;
  readonly firstDoses: number;
  readonly secondDoses: number;
  readonly unallocated: number;
  readonly inversions: number;
  /** Where a run's time goes: reading, computing in Node, the COPY, the counters, the rest (SMS job) and COMMIT. */
  readonly timings: {
    readonly loadMs: number;
    readonly allocateMs: number;
    readonly copyMs: number;
    readonly countersMs: number;
    readonly commitMs: number;
  };
}

/**
 * One incremental run for a campaign: books only people without a live first dose
 * (new enrollments, cancellations, no-shows), never touches existing appointments,
 * and queues the appointment SMS job in the same transaction.
 */
export async function runAllocation(
  pool: pg.Pool,
  repo: AllocationRepository,
  campaign: { id: number; products: readonly string[] },
  options: AllocationOptions,
  afterWrite?: (trx: Kysely<SchedulingDb>, bookings: number) => Promise<void>,
): Promise<AllocationReport> {
  const client = await pool.connect();
  const trx = kyselyOnClient<SchedulingDb>(client);
  try {
    await client.query('BEGIN');
    const t0 = performance.now();
    await lockCapacity(trx);
    const centres = await repo.centres(trx);
    const products = await repo.products(trx, campaign.products);
    const longestWindow = Math.max(0, ...products.map((p) => p.windowMaxDays ?? 0));
    const { grid, bookedPerCentreDay } = await repo.grid(
      trx,
      options.startDay,
      options.horizonDays + longestWindow + 1,
    );
    // With every slot taken (demand above supply, as in 2021) a run can book nobody: reading the whole backlog of
    // people without a first dose, which the surge makes longer every few seconds, would be work for nothing. In an
    // opening-day run without capacity it was 140 ms a run, about 7% of PostgreSQL's CPU (ADR 0033).
    if (
      options.skipWithoutSlot === true &&
      !hasFirstDoseSlot({ centres, products, grid, horizonDays: options.horizonDays })
    ) {
      await client.query('COMMIT');
      return noSlotReport(performance.now() - t0);
    }
    const people = await repo.demand(trx, campaign.id, options.startDay);
    const neighbours = await repo.neighbours(trx);
    const t1 = performance.now();
    const { bookings, unallocated } = allocate({
      people,
      centres,
      products,
      neighbours,
      grid,
      horizonDays: options.horizonDays,
    });
    const t2 = performance.now();
    const slots = new Map(centres.map((c) => [c.id, c]));
    const taken = new Map(bookedPerCentreDay);
    const minuteOf = (b: Booking): number => {
      const centre = slots.get(b.centreId);
      if (centre === undefined) return 0;
      const key = `${b.centreId}|${b.day}`;
      const index = taken.get(key) ?? 0;
      taken.set(key, index + 1);
      const minute = centre.opensAtMinutes + Math.floor(index / centre.lines) * centre.slotMinutes;
      // More doses than slots (capacity set above opening hours): the last slot takes the rest.
      return Math.min(minute, centre.closesAtMinutes - centre.slotMinutes);
    };
    const run = Date.now();
    await repo.copyAppointments(client, run, options.startDay, bookings, minuteOf);
    const t3 = performance.now();
    await repo.bookCounters(trx, options.startDay, bookings, new Map(centres.map((c) => [c.id, c.province])));
    const t4 = performance.now();
    await afterWrite?.(trx, bookings.length);
    await client.query('COMMIT');
    const t5 = performance.now();
    return {
      run,
      demand: people.length,
      firstDoses: bookings.filter((b) => b.doseNumber === 1).length,
      secondDoses: bookings.filter((b) => b.doseNumber === 2).length,
      unallocated: unallocated.length,
      inversions: countInversions(people, bookings),
      timings: {
        loadMs: Math.round(t1 - t0),
        allocateMs: Math.round(t2 - t1),
        copyMs: Math.round(t3 - t2),
        countersMs: Math.round(t4 - t3),
        commitMs: Math.round(t5 - t4),
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function noSlotReport(loadMs: number): AllocationReport {
  return {
    run: Date.now(),
    demand: null,
    firstDoses: 0,
    secondDoses: 0,
    unallocated: 0,
    inversions: 0,
    timings: { loadMs: Math.round(loadMs), allocateMs: 0, copyMs: 0, countersMs: 0, commitMs: 0 },
  };
}
