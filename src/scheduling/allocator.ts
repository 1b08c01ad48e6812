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

export function allocate(input: AllocationInput): AllocationResult {
  const byProvince = new Map<string, Centre[]>();
  for (const c of input.centres) byProvince.set(c.province, [...(byProvince.get(c.province) ?? []), c]);
  const cursors = new Map<string, number>();
  const floorDay = new Map<string, number>();
  const bookings: Booking[] = [];
  const unallocated: Person[] = [];

  const feasible = (centre: Centre, product: Product, from: number): number | null => {
    const cap = input.grid.capacity.get(`${centre.id}|${product.code}`);
    const sup = input.grid.supply.get(`${centre.province}|${product.code}`);
    if (cap === undefined || sup === undefined) return null;
    const key = `${centre.id}|${product.code}`;
    let day = Math.max(from, cursors.get(key) ?? 0);
    for (; day < input.horizonDays; day++) {
      if ((cap[day] ?? 0) <= 0 || (sup[day] ?? 0) <= 0) {
        // Capacity and supply only shrink during a run: a day that is full now stays full.
        if (day >= (cursors.get(key) ?? 0)) cursors.set(key, day + 1);
        continue;
      }
      if (secondDoseDay(cap, sup, product, day) !== null) return day;
    }
    return null;
  };

  for (const person of input.people) {
    const floor = floorDay.get(person.province) ?? 0;
    const products = input.products.filter((p) => (p.minAge === null || person.age >= p.minAge) && (p.maxAge === null || person.age <= p.maxAge));
    let best = null as { centre: Centre; product: Product; day: number } | null;
    for (const scope of [byProvince.get(person.province) ?? [], ...(input.neighbours.get(person.province) ?? []).map((p) => byProvince.get(p) ?? [])]) {
      for (const centre of scope) {
        for (const product of products) {
          const day = feasible(centre, product, floor);
          if (day === null) continue;
          if (best === null || day < best.day || (day === best.day && prefer(centre, best.centre, person))) best = { centre, product, day };
        }
      }
      if (best !== null) break; // neighbouring provinces only when the home province has nothing in the horizon
    }
    if (best === null) {
      unallocated.push(person);
      continue;
    }
    const { centre, product, day } = best;
    const cap = input.grid.capacity.get(`${centre.id}|${product.code}`);
    const sup = input.grid.supply.get(`${centre.province}|${product.code}`);
    if (cap === undefined || sup === undefined) throw new Error('feasible() found a day on a missing grid row');
    take(cap, sup, day);
    bookings.push({ person, centreId: centre.id, product: product.code, doseNumber: 1, day });
    const second = secondDoseDay(cap, sup, product, day);
    if (second !== null && product.doses > 1) {
      take(cap, sup, second);
      bookings.push({ person, centreId: centre.id, product: product.code, doseNumber: 2, day: second });
    }
    floorDay.set(person.province, day);
  }
  return { bookings, unallocated };
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
