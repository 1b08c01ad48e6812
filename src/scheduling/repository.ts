import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SchedulingDb } from './db-types.ts';
import type { Booking, Centre, Grid, Person, Product } from './allocator.ts';

export interface CentreSlots {
  readonly opensAtMinutes: number;
  readonly closesAtMinutes: number;
  readonly slotMinutes: number;
  readonly lines: number;
}

/** SQL of the scheduling module's allocation path: load demand and grid, write bookings. */
export function allocationRepository() {
  return {
    /** Confirmed enrollments without a live first dose, in priority order: oldest first, then enrollment time. */
    async demand(trx: Kysely<SchedulingDb>, campaignId: number, today: string): Promise<Person[]> {
      const { rows } = await sql<{
        enrollment_id: number;
        citizen_id: number;
        province: string;
        municipality: string;
        age: number;
      }>`
        SELECT e.id AS enrollment_id, e.citizen_id, c.residence_province AS province, c.residence_istat AS municipality,
               extract(year FROM age(${today}::date, c.birth_date))::int AS age
        FROM campaigns_enrollments e
        JOIN registry_citizens c ON c.id = e.citizen_id
        WHERE e.campaign_id = ${campaignId} AND e.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.enrollment_id = e.id AND a.dose_number = 1
                          AND a.status IN ('booked', 'checked_in', 'done'))
          AND NOT EXISTS (SELECT 1 FROM vaccinations v WHERE v.citizen_id = e.citizen_id AND v.dose_number = 1)
        ORDER BY c.birth_date, e.enrolled_at, e.id`.execute(trx);
      return rows.map((r) => ({
        enrollmentId: r.enrollment_id,
        citizenId: r.citizen_id,
        province: r.province,
        municipality: r.municipality,
        age: r.age,
      }));
    },

    async centres(trx: Kysely<SchedulingDb>): Promise<(Centre & CentreSlots)[]> {
      const { rows } = await sql<{
        id: number;
        province: string;
        municipality: string;
        opens: number;
        closes: number;
        slot_minutes: number;
        lines: number;
      }>`
        SELECT id, province_code AS province, municipality_istat AS municipality,
               (extract(epoch FROM opens_at) / 60)::int AS opens, (extract(epoch FROM closes_at) / 60)::int AS closes,
               slot_minutes, lines
        FROM centres ORDER BY id`.execute(trx);
      return rows.map((r) => ({
        id: r.id,
        province: r.province,
        municipality: r.municipality,
        opensAtMinutes: r.opens,
        closesAtMinutes: r.closes,
        slotMinutes: r.slot_minutes,
        lines: r.lines,
      }));
    },

    async products(trx: Kysely<SchedulingDb>, codes: readonly string[]): Promise<Product[]> {
      const rows = await trx
        .selectFrom('vaccine_products')
        .selectAll()
        .where('code', 'in', [...codes])
        .orderBy('code')
        .execute();
      return rows.map((r) => ({
        code: r.code,
        doses: r.doses,
        intervalDays: r.interval_days,
        windowMaxDays: r.window_max_days,
        minAge: r.min_age,
        maxAge: r.max_age,
      }));
    },

    async neighbours(trx: Kysely<SchedulingDb>): Promise<Map<string, string[]>> {
      const rows = await trx
        .selectFrom('province_neighbours')
        .selectAll()
        .orderBy('province_code')
        .orderBy('neighbour_code')
        .execute();
      const map = new Map<string, string[]>();
      for (const r of rows) map.set(r.province_code, [...(map.get(r.province_code) ?? []), r.neighbour_code]);
      return map;
    },

    /**
     * Free capacity and supply for `days` days from `start`, plus doses already booked per centre and day (for slot
     * times).
     */
    async grid(
      trx: Kysely<SchedulingDb>,
      start: string,
      days: number,
    ): Promise<{ grid: Grid; bookedPerCentreDay: Map<string, number> }> {
      const capacity = new Map<string, Int32Array>();
      const supply = new Map<string, Int32Array>();
      const bookedPerCentreDay = new Map<string, number>();
      const caps = await sql<{ centre_id: number; d: number; product: string; free: number; booked: number }>`
        SELECT centre_id, (day - ${start}::date) AS d, product, doses - booked AS free, booked
        FROM centre_capacity WHERE day >= ${start}::date AND day < ${start}::date + ${days}::int`.execute(trx);
      for (const r of caps.rows) {
        const key = `${r.centre_id}|${r.product}`;
        let row = capacity.get(key);
        if (row === undefined) capacity.set(key, (row = new Int32Array(days)));
        row[r.d] = r.free;
        bookedPerCentreDay.set(
          `${r.centre_id}|${r.d}`,
          (bookedPerCentreDay.get(`${r.centre_id}|${r.d}`) ?? 0) + r.booked,
        );
      }
      const sups = await sql<{ province_code: string; d: number; product: string; free: number }>`
        SELECT province_code, (day - ${start}::date) AS d, product, doses - booked AS free
        FROM vaccine_supply WHERE day >= ${start}::date AND day < ${start}::date + ${days}::int`.execute(trx);
      for (const r of sups.rows) {
        const key = `${r.province_code}|${r.product}`;
        let row = supply.get(key);
        if (row === undefined) supply.set(key, (row = new Int32Array(days)));
        row[r.d] = r.free;
      }
      return { grid: { capacity, supply, days }, bookedPerCentreDay };
    },

    /**
     * Writes a run's appointments with COPY (1.4 million rows for 700,000 people: COPY
     * measured ≈2× faster than INSERT … unnest).
     */
    async copyAppointments(
      client: pg.PoolClient,
      run: number,
      start: string,
      bookings: readonly Booking[],
      slotMinuteOf: (b: Booking) => number,
    ): Promise<void> {
      const days = new Map<number, string>();
      const dayOf = (d: number): string => {
        let value = days.get(d);
        if (value === undefined)
          days.set(d, (value = new Date(Date.parse(`${start}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10)));
        return value;
      };
      const hhmm = (minute: number): string =>
        `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      // The day and start columns, made once per (day, minute): a few thousand for 1.4 million rows.
      const when = new Map<number, string>();
      const dayAndStart = (d: number, minute: number): string => {
        let value = when.get(d * 1_440 + minute);
        // PostgreSQL reads the zone name, so local clinic times stay right across DST changes.
        if (value === undefined)
          when.set(d * 1_440 + minute, (value = `${dayOf(d)}\t${dayOf(d)} ${hhmm(minute)} Europe/Rome`));
        return value;
      };
      function* lines(): Generator<string> {
        let chunk = '';
        for (const [i, b] of bookings.entries()) {
          chunk +=
            `${b.person.enrollmentId}\t${b.person.citizenId}\t${b.centreId}\t${b.product}\t${b.doseNumber}\t` +
            `${dayAndStart(b.day, slotMinuteOf(b))}\t${run}\n`;
          if (i % 2_000 === 1_999) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk !== '') yield chunk;
      }
      await pipeline(
        Readable.from(lines()),
        client.query(
          copyFrom(
            'COPY appointments (enrollment_id, citizen_id, centre_id, product, dose_number, day, starts_at, ' +
              'allocation_run) FROM STDIN',
          ),
        ),
      );
    },

    /**
     * Adds a run's bookings to the booked counters, each guarded by `booked + n <= doses`, so
     * a bug or a writer that slipped past the lock fails the whole transaction instead of overbooking.
     */
    async bookCounters(
      trx: Kysely<SchedulingDb>,
      start: string,
      bookings: readonly Booking[],
      centreProvince: ReadonlyMap<number, string>,
    ): Promise<void> {
      // Counted per (centre or province, product) in an array by day: 1.4 million bookings counted under string
      // keys of the three took ~1.5-2 s of Node; this takes ~0.2-0.3 s (same 1.4 million, measured apart).
      let days = 0;
      for (const b of bookings) days = Math.max(days, b.day + 1);
      const perCapacity = new Map<number, Map<string, Int32Array>>();
      const perSupply = new Map<string, Map<string, Int32Array>>();
      const row = <K>(m: Map<K, Map<string, Int32Array>>, at: K, product: string): Int32Array => {
        let byProduct = m.get(at);
        if (byProduct === undefined) m.set(at, (byProduct = new Map<string, Int32Array>()));
        let counts = byProduct.get(product);
        if (counts === undefined) byProduct.set(product, (counts = new Int32Array(days)));
        return counts;
      };
      const count = (counts: Int32Array, day: number): void => {
        counts[day] = (counts[day] ?? 0) + 1;
      };
      for (const b of bookings) {
        count(row(perCapacity, b.centreId, b.product), b.day);
        count(row(perSupply, centreProvince.get(b.centreId) ?? '', b.product), b.day);
      }
      const split = <K>(m: Map<K, Map<string, Int32Array>>): [K, number, string, number][] =>
        [...m].flatMap(([at, byProduct]) =>
          [...byProduct].flatMap(([product, counts]) =>
            [...counts].flatMap((n, d) => (n === 0 ? [] : [[at, d, product, n] as [K, number, string, number]])),
          ),
        );
      const caps = split(perCapacity);
      const capResult = await sql`
        UPDATE centre_capacity c SET booked = c.booked + u.n
        FROM unnest(${caps.map((r) => r[0])}::bigint[], ${caps.map((r) => r[1])}::int[],
                    ${caps.map((r) => r[2])}::text[], ${caps.map((r) => r[3])}::int[]) AS u(centre_id, d, product, n)
        WHERE c.centre_id = u.centre_id AND c.day = ${start}::date + u.d AND c.product = u.product
          AND c.booked + u.n <= c.doses`.execute(trx);
      const sups = split(perSupply);
      const supResult = await sql`
        UPDATE vaccine_supply s SET booked = s.booked + u.n
        FROM unnest(${sups.map((r) => r[0])}::text[], ${sups.map((r) => r[1])}::int[],
                    ${sups.map((r) => r[2])}::text[], ${sups.map((r) => r[3])}::int[])
             AS u(province_code, d, product, n)
        WHERE s.province_code = u.province_code AND s.day = ${start}::date + u.d AND s.product = u.product
          AND s.booked + u.n <= s.doses`.execute(trx);
      if (
        Number(capResult.numAffectedRows ?? 0) !== caps.length ||
        Number(supResult.numAffectedRows ?? 0) !== sups.length
      ) {
        throw new Error('capacity or supply changed under the allocator: the run is rolled back');
      }
    },
  };
}

export type AllocationRepository = ReturnType<typeof allocationRepository>;
