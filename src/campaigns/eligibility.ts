export interface Cohort {
  readonly id: number;
  readonly label: string;
  readonly bornFromYear: number | null;
  readonly bornToYear: number;
  readonly opensAt: Date;
}

export type Eligibility =
  | { readonly kind: 'open'; readonly cohort: Cohort }
  | { readonly kind: 'not_yet_open'; readonly cohort: Cohort }
  | { readonly kind: 'not_covered' };

/** Which cohort a birth year falls in, and whether that cohort is open at `now`. */
export function eligibilityFor(birthYear: number, cohorts: readonly Cohort[], now: Date): Eligibility {
  const cohort = cohorts.find(
    (c) => birthYear <= c.bornToYear && (c.bornFromYear === null || birthYear >= c.bornFromYear),
  );
  if (cohort === undefined) return { kind: 'not_covered' };
  return cohort.opensAt.getTime() <= now.getTime() ? { kind: 'open', cohort } : { kind: 'not_yet_open', cohort };
}

/**
 * The period a newly enrolled citizen can expect, from the people ahead of them
 * (older cohorts go first, so everyone born up to their year who enrolled) and the
 * planned weekly capacity. Two doses each: first doses take half the capacity.
 */
export function estimatedWeeks(
  peopleAheadOrSameYear: number,
  plannedWeeklyCapacity: number,
): { fromWeek: number; toWeek: number } {
  const firstDosesPerWeek = Math.max(1, Math.floor(plannedWeeklyCapacity / 2));
  const week = Math.floor(peopleAheadOrSameYear / firstDosesPerWeek);
  return { fromWeek: week + 1, toWeek: week + 2 };
}
