import { describe, expect, it } from 'vitest';
import {
  allocate,
  countInversions,
  hasFirstDoseSlot,
  type Centre,
  type Grid,
  type Person,
  type Product,
} from './allocator.ts';

const COMIRNATY: Product = {
  code: 'Comirnaty',
  doses: 2,
  intervalDays: 21,
  windowMaxDays: 42,
  minAge: 12,
  maxAge: null,
};
const VAXZEVRIA: Product = { code: 'Vaxzevria', doses: 2, intervalDays: 84, windowMaxDays: 84, minAge: 18, maxAge: 79 };

function grid(
  centres: readonly Centre[],
  products: readonly Product[],
  days: number,
  perDay: number,
  supplyPerDay: number,
): Grid {
  const capacity = new Map<string, Int32Array>();
  const supply = new Map<string, Int32Array>();
  for (const c of centres)
    for (const p of products) capacity.set(`${c.id}|${p.code}`, new Int32Array(days).fill(perDay));
  for (const c of centres)
    for (const p of products) supply.set(`${c.province}|${p.code}`, new Int32Array(days).fill(supplyPerDay));
  return { capacity, supply, days };
}

const person = (id: number, province = 'MI', age = 85, municipality = 'Milano'): Person => ({
  enrollmentId: id,
  citizenId: id,
  province,
  municipality,
  age,
});

describe('allocate', () => {
  const centres: Centre[] = [
    { id: 1, province: 'MI', municipality: 'Milano' },
    { id: 2, province: 'MI', municipality: 'Rho' },
    { id: 3, province: 'LO', municipality: 'Lodi' },
  ];

  it('books the oldest first on the earliest days, within daily capacity, with dose 2 at the interval', () => {
    const people = Array.from({ length: 30 }, (_, i) => person(i + 1));
    const g = grid(centres, [COMIRNATY], 100, 5, 100);
    const { bookings, unallocated } = allocate({
      people,
      centres,
      products: [COMIRNATY],
      neighbours: new Map(),
      grid: g,
      horizonDays: 60,
    });
    expect(unallocated).toEqual([]);
    const firsts = bookings.filter((b) => b.doseNumber === 1);
    expect(firsts).toHaveLength(30);
    // Two MI centres x 5 doses = 10 first doses a day (dose-2 days are 21 later and do not collide here).
    expect(firsts.filter((b) => b.day === 0)).toHaveLength(10);
    expect(firsts[0]?.person.enrollmentId).toBe(1);
    for (const b of bookings.filter((x) => x.doseNumber === 2)) {
      const first = firsts.find((f) => f.person.enrollmentId === b.person.enrollmentId);
      expect(b.centreId).toBe(first?.centreId);
      expect(b.day - (first?.day ?? 0)).toBeGreaterThanOrEqual(21);
      expect(b.day - (first?.day ?? 0)).toBeLessThanOrEqual(42);
    }
    for (const array of g.capacity.values()) expect(Math.min(...array)).toBeGreaterThanOrEqual(0);
    expect(countInversions(people, bookings)).toBe(0);
  });

  it('books only against supply as well as capacity, reserving dose 2 from future supply', () => {
    const people = Array.from({ length: 6 }, (_, i) => person(i + 1));
    const g = grid(centres, [COMIRNATY], 100, 50, 2);
    const { bookings } = allocate({
      people,
      centres,
      products: [COMIRNATY],
      neighbours: new Map(),
      grid: g,
      horizonDays: 60,
    });
    const perDay = new Map<number, number>();
    for (const b of bookings) perDay.set(b.day, (perDay.get(b.day) ?? 0) + 1);
    for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(2);
    const supply = g.supply.get('MI|Comirnaty');
    expect(supply?.[21]).toBe(0); // the two dose-2 reservations for day 0's first doses
  });

  it('uses a neighbouring province only when the home province has nothing in the horizon', () => {
    const g = grid(centres, [COMIRNATY], 100, 1, 100);
    for (let d = 0; d < 100; d++) {
      const lodi = g.capacity.get('3|Comirnaty');
      if (lodi) lodi[d] = 0;
    }
    const { bookings, unallocated } = allocate({
      people: [person(1, 'LO', 90, 'Lodi')],
      centres,
      products: [COMIRNATY],
      neighbours: new Map([['LO', ['MI']]]),
      grid: g,
      horizonDays: 30,
    });
    expect(unallocated).toEqual([]);
    expect([1, 2]).toContain(bookings[0]?.centreId);
  });

  it('prefers a centre in the person’s own municipality on the same day', () => {
    const g = grid(centres, [COMIRNATY], 100, 5, 100);
    const { bookings } = allocate({
      people: [person(1, 'MI', 88, 'Rho')],
      centres,
      products: [COMIRNATY],
      neighbours: new Map(),
      grid: g,
      horizonDays: 30,
    });
    expect(bookings[0]?.centreId).toBe(2);
  });

  it('respects product age rules (data, not code)', () => {
    const g = grid(centres, [VAXZEVRIA], 200, 5, 100);
    const { bookings, unallocated } = allocate({
      people: [person(1, 'MI', 85)],
      centres,
      products: [VAXZEVRIA],
      neighbours: new Map(),
      grid: g,
      horizonDays: 30,
    });
    expect(bookings).toEqual([]);
    expect(unallocated).toHaveLength(1);
  });

  it('never books a younger person before an older one in the same province', () => {
    const people = Array.from({ length: 400 }, (_, i) =>
      person(i + 1, i % 3 === 0 ? 'LO' : 'MI', 100 - Math.floor(i / 20), i % 2 === 0 ? 'Milano' : 'Rho'),
    );
    const g = grid(centres, [COMIRNATY], 120, 3, 4);
    const { bookings } = allocate({
      people,
      centres,
      products: [COMIRNATY],
      neighbours: new Map([['LO', ['MI']]]),
      grid: g,
      horizonDays: 60,
    });
    expect(bookings.length).toBeGreaterThan(100);
    expect(countInversions(people, bookings)).toBe(0);
  });
});

describe('countInversions', () => {
  it('counts a younger person booked before an older one', () => {
    const older = person(1);
    const younger = person(2);
    const bookings = [
      { person: older, centreId: 1, product: 'Comirnaty', doseNumber: 1, day: 5 },
      { person: younger, centreId: 1, product: 'Comirnaty', doseNumber: 1, day: 3 },
    ];
    expect(countInversions([older, younger], bookings)).toBe(1);
  });
});

describe('hasFirstDoseSlot', () => {
  const centres: Centre[] = [{ id: 1, province: 'MI', municipality: 'Milano' }];
  // What allocate books for one 85-year-old on the same grid, to show that the answer holds.
  const bookingsOfOne = (g: Grid) =>
    allocate({ people: [person(1)], centres, products: [COMIRNATY], neighbours: new Map(), grid: g, horizonDays: 60 })
      .bookings;

  it('is false when every slot is taken or has no supply, or its second dose has no day: nobody can be booked', () => {
    expect(
      hasFirstDoseSlot({
        centres,
        products: [COMIRNATY],
        grid: grid(centres, [COMIRNATY], 90, 0, 100),
        horizonDays: 60,
      }),
    ).toBe(false);
    expect(
      hasFirstDoseSlot({ centres, products: [COMIRNATY], grid: grid(centres, [COMIRNATY], 90, 5, 0), horizonDays: 60 }),
    ).toBe(false);
    expect(
      hasFirstDoseSlot({ centres: [], products: [COMIRNATY], grid: grid([], [COMIRNATY], 90, 5, 5), horizonDays: 60 }),
    ).toBe(false);
    // Capacity only in the first 10 days: the second dose (21-42 days later) has nowhere to go.
    const early = grid(centres, [COMIRNATY], 90, 0, 100);
    early.capacity.get('1|Comirnaty')?.fill(5, 0, 10);
    expect(hasFirstDoseSlot({ centres, products: [COMIRNATY], grid: early, horizonDays: 60 })).toBe(false);
    expect(bookingsOfOne(early)).toEqual([]);
  });

  it('is true as soon as one first dose and its second can be booked, whatever the ages', () => {
    const last = grid(centres, [COMIRNATY], 90, 0, 100);
    last.capacity.get('1|Comirnaty')?.fill(1, 59, 90);
    expect(hasFirstDoseSlot({ centres, products: [COMIRNATY], grid: last, horizonDays: 60 })).toBe(true);
    expect(bookingsOfOne(last)).toHaveLength(2);
    // Past the horizon it does not count.
    expect(hasFirstDoseSlot({ centres, products: [COMIRNATY], grid: last, horizonDays: 59 })).toBe(false);
  });
});
