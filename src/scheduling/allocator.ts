/**
 * The priority allocator, in memory: oldest first (ties by enrollment time), each to
 * the earliest day with capacity AND supply at a centre of their province, with the
 * second dose reserved at the same centre at the product's interval. Pure: the
 * caller loads the grid, runs this, and writes the result in one transaction.
 *
 * Fairness by construction: within a residence province, first-dose days never go
 * down along the priority order (`floorDay`), so nobody is booked before an older
 * person who enrolled earlier. That can leave a little capacity unused on early
 * days; the benchmark reports utilisation so the cost is visible.
 */
export interface Person {
  readonly enrollmentId: number;
  readonly citizenId: number;
  readonly province: string;
  readonly municipality: string;
  readonly age: number;
}

export interface Centre {
  readonly id: number;
  readonly province: string;
  readonly municipality: string;
}

export interface Product {
  readonly code: string;
  readonly doses: number;
  readonly intervalDays: number | null;
  readonly windowMaxDays: number | null;
  readonly minAge: number | null;
  readonly maxAge: number | null;
}

export interface Grid {
  /** Free doses per day index, by `${centreId}|${product}`. Mutated as doses are booked. */
  readonly capacity: Map<string, Int32Array>;
  /** Free doses per day index, by `${province}|${product}`. Mutated as doses are booked. */
  readonly supply: Map<string, Int32Array>;
  /** Number of days in the arrays (first-dose horizon plus room for second doses). */
  readonly days: number;
}

export interface Booking {
  readonly person: Person;
  readonly centreId: number;
  readonly product: string;
  readonly doseNumber: number;
  readonly day: number;
}

export interface AllocationInput {
  /** Already in priority order: oldest first, ties by enrollment time. */
  readonly people: readonly Person[];
  readonly centres: readonly Centre[];
  readonly products: readonly Product[];
  readonly neighbours: ReadonlyMap<string, readonly string[]>;
  readonly grid: Grid;
  /** First doses are booked on day indexes below this; neighbours are tried only if none fits. */
  readonly horizonDays: number;
}

export interface AllocationResult {
  readonly bookings: Booking[];
  readonly unallocated: Person[];
}

/** A centre × product pair with its capacity and its province's supply rows, resolved once per run. */
interface Option {
  readonly centre: Centre;
  readonly product: Product;
  readonly cap: Int32Array;
  readonly sup: Int32Array;
  /** Days before this are full: capacity and supply only shrink during a run. */
  cursor: number;
}

export function allocate(input: AllocationInput): AllocationResult {
  // Resolving the grid rows once (not a string-keyed lookup per person) keeps 700,000 people under a second.
  const options = new Map<string, Option[]>();
  for (const centre of input.centres) {
    for (const product of input.products) {
      const cap = input.grid.capacity.get(`${centre.id}|${product.code}`);
      const sup = input.grid.supply.get(`${centre.province}|${product.code}`);
      if (cap === undefined || sup === undefined) continue;
      options.set(centre.province, [...(options.get(centre.province) ?? []), { centre, product, cap, sup, cursor: 0 }]);
    }
  }
  const floorDay = new Map<string, number>();
  const bookings: Booking[] = [];
  const unallocated: Person[] = [];

  const feasible = (option: Option, from: number): number | null => {
    const { cap, sup } = option;
    for (let day = Math.max(from, option.cursor); day < input.horizonDays; day++) {
      if ((cap[day] ?? 0) <= 0 || (sup[day] ?? 0) <= 0) {
        if (day >= option.cursor) option.cursor = day + 1;
        continue;
      }
      if (secondDoseDay(cap, sup, option.product, day) !== null) return day;
    }
    return null;
  };

  for (const person of input.people) {
    const floor = floorDay.get(person.province) ?? 0;
    let best = null as { option: Option; day: number } | null;
    for (const province of [person.province, ...(input.neighbours.get(person.province) ?? [])]) {
      for (const option of options.get(province) ?? []) {
        const { minAge, maxAge } = option.product;
        if ((minAge !== null && person.age < minAge) || (maxAge !== null && person.age > maxAge)) continue;
        const day = feasible(option, floor);
        if (day === null) continue;
        if (best === null || day < best.day || (day === best.day && prefer(option.centre, best.option.centre, person)))
          best = { option, day };
      }
      if (best !== null) break; // neighbouring provinces only when the home province has nothing in the horizon
    }
    if (best === null) {
      unallocated.push(person);
      continue;
    }
    const { option, day } = best;
    take(option.cap, option.sup, day);
    bookings.push({ person, centreId: option.centre.id, product: option.product.code, doseNumber: 1, day });
    const second = secondDoseDay(option.cap, option.sup, option.product, day);
    if (second !== null && option.product.doses > 1) {
      take(option.cap, option.sup, second);
      bookings.push({ person, centreId: option.centre.id, product: option.product.code, doseNumber: 2, day: second });
    }
    floorDay.set(person.province, day);
  }
  return { bookings, unallocated };
}

/**
 * Whether anyone could be booked at all: some centre has, for some product, a day within the horizon with capacity
 * and its province's supply, and a day for the second dose. Ages are not looked at, so a true may still book nobody;
 * a false means that no person of any age can be booked, whatever the demand.
 */
export function hasFirstDoseSlot(input: Omit<AllocationInput, 'people' | 'neighbours'>): boolean {
  for (const centre of input.centres) {
    for (const product of input.products) {
      const cap = input.grid.capacity.get(`${centre.id}|${product.code}`);
      const sup = input.grid.supply.get(`${centre.province}|${product.code}`);
      if (cap === undefined || sup === undefined) continue;
      for (let day = 0; day < input.horizonDays; day++) {
        if ((cap[day] ?? 0) > 0 && (sup[day] ?? 0) > 0 && secondDoseDay(cap, sup, product, day) !== null) return true;
      }
    }
  }
  return false;
}

/** The first day in the product's window for dose 2 with capacity and supply; for one-dose products, the same day. */
function secondDoseDay(cap: Int32Array, sup: Int32Array, product: Product, firstDay: number): number | null {
  if (product.doses < 2 || product.intervalDays === null) return firstDay;
  const last = firstDay + (product.windowMaxDays ?? product.intervalDays);
  for (let day = firstDay + product.intervalDays; day <= last && day < cap.length; day++) {
    if ((cap[day] ?? 0) > 0 && (sup[day] ?? 0) > 0) return day;
  }
  return null;
}

function take(cap: Int32Array, sup: Int32Array, day: number): void {
  cap[day] = (cap[day] ?? 0) - 1;
  sup[day] = (sup[day] ?? 0) - 1;
}

/** Same day: a centre in the person's own municipality first, as "nearest" without coordinates. */
function prefer(candidate: Centre, current: Centre, person: Person): boolean {
  return candidate.municipality === person.municipality && current.municipality !== person.municipality;
}

/**
 * Priority inversions: people who got an earlier first-dose day than someone older
 * (earlier in the priority order) of the same province. Must be 0.
 */
export function countInversions(people: readonly Person[], bookings: readonly Booking[]): number {
  const firstDay = new Map<number, number>();
  for (const b of bookings) if (b.doseNumber === 1) firstDay.set(b.person.enrollmentId, b.day);
  const latestSoFar = new Map<string, number>();
  let inversions = 0;
  for (const person of people) {
    const day = firstDay.get(person.enrollmentId);
    if (day === undefined) continue;
    const latest = latestSoFar.get(person.province) ?? -1;
    if (day < latest) inversions++;
    latestSoFar.set(person.province, Math.max(latest, day));
  }
  return inversions;
}
