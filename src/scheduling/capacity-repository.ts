import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';

// One allocator at a time, and moves/cancellations take the same lock: two runs at
// once can neither double-book a slot nor over-spend supply.
export const CAPACITY_LOCK = 727_002;

/** Serialises every change of capacity use with the allocator (see allocation.ts). */
export async function lockCapacity(trx: Kysely<SchedulingDb>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CAPACITY_LOCK})`.execute(trx);
}

/** Takes one dose of capacity at a centre and of its province's supply on a day; false if either is used up. */
export async function takeSlot(
  trx: Kysely<SchedulingDb>,
  centreId: number,
  day: string,
  product: string,
): Promise<boolean> {
  const cap = await sql`
    UPDATE centre_capacity SET booked = booked + 1
    WHERE centre_id = ${centreId} AND day = ${day}::date AND product = ${product} AND booked < doses`.execute(trx);
  if (Number(cap.numAffectedRows ?? 0) !== 1) return false;
  const sup = await sql`
    UPDATE vaccine_supply SET booked = booked + 1
    WHERE province_code = (SELECT province_code FROM centres WHERE id = ${centreId})
      AND day = ${day}::date AND product = ${product} AND booked < doses`.execute(trx);
  if (Number(sup.numAffectedRows ?? 0) !== 1) {
    await releaseSlot(trx, centreId, day, product, { supply: false });
    return false;
  }
  return true;
}

/** Gives a dose of capacity (and of supply) back, so the allocator can book the next person in priority. */
export async function releaseSlot(
  trx: Kysely<SchedulingDb>,
  centreId: number,
  day: string,
  product: string,
  options = { supply: true },
): Promise<void> {
  await sql`
    UPDATE centre_capacity SET booked = booked - 1
    WHERE centre_id = ${centreId} AND day = ${day}::date AND product = ${product} AND booked > 0`.execute(trx);
  if (options.supply) {
    await sql`
      UPDATE vaccine_supply SET booked = booked - 1
      WHERE province_code = (SELECT province_code FROM centres WHERE id = ${centreId})
        AND day = ${day}::date AND product = ${product} AND booked > 0`.execute(trx);
  }
}

/** The start time of the next free slot on a centre's day, from its opening hours and parallel lines. */
export async function nextSlotStart(trx: Kysely<SchedulingDb>, centreId: number, day: string): Promise<Date> {
  const { rows } = await sql<{ starts_at: Date }>`
    SELECT ((${day}::date)::timestamp + c.opens_at
            + make_interval(mins => least(
                (coalesce((SELECT sum(booked) FROM centre_capacity
                           WHERE centre_id = c.id AND day = ${day}::date), 1) - 1)::int / c.lines * c.slot_minutes,
                (extract(epoch FROM c.closes_at - c.opens_at) / 60)::int - c.slot_minutes)))
           AT TIME ZONE 'Europe/Rome' AS starts_at
    FROM centres c WHERE c.id = ${centreId}`.execute(trx);
  return rows[0]?.starts_at ?? new Date(`${day}T08:00:00Z`);
}
