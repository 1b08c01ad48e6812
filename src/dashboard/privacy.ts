/**
 * Small-count suppression: a count below the threshold in a breakdown that could
 * identify a person (a cohort of a small municipality) is shown as null. The
 * threshold of 5 follows ISTAT's practice for published tables.
 */
export const SUPPRESS_BELOW = 5;

export function suppress(count: number): number | null {
  return count > 0 && count < SUPPRESS_BELOW ? null : count;
}

/** Coverage in %, or null when either side is suppressed or the base is empty. */
export function coverage(enrolled: number | null, eligible: number | null): number | null {
  if (enrolled === null || eligible === null || eligible === 0) return null;
  return Math.round((1000 * enrolled) / eligible) / 10;
}
