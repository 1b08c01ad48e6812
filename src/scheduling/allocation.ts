import type { Kysely } from 'kysely';
import type pg from 'pg';
import { kyselyOnClient } from '../db/single-connection.ts';
import type { SchedulingDb } from './db-types.ts';
import { lockCapacity } from './capacity-repository.ts';
import { allocate, countInversions, type Booking } from './allocator.ts';
import type { AllocationRepository } from './repository.ts';

export interface AllocationOptions {
  /** First bookable day (YYYY-MM-DD); normally tomorrow. */
  readonly startDay: string;
  /** First doses are booked within this many days; neighbours are tried only past it. */
  readonly horizonDays: number;
}

export interface AllocationReport {
  readonly run: number;
  readonly demand: number;
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
    const people = await repo.demand(trx, campaign.id, options.startDay);
    const centres = await repo.centres(trx);
    const products = await repo.products(trx, campaign.products);
    const neighbours = await repo.neighbours(trx);
    const longestWindow = Math.max(0, ...products.map((p) => p.windowMaxDays ?? 0));
    const { grid, bookedPerCentreDay } = await repo.grid(
      trx,
      options.startDay,
      options.horizonDays + longestWindow + 1,
    );
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
