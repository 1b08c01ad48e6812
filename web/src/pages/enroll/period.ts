// The estimated period, as days: the server gives weeks counted from the
// enrollment (week 1 is the seven days that follow it).
const dayMs = 86_400_000;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function estimatedDays(
  enrolledAt: string,
  weeks: { fromWeek: number; toWeek: number },
): { first: string; last: string } | null {
  const start = Date.parse(enrolledAt);
  if (Number.isNaN(start) || weeks.fromWeek < 1 || weeks.toWeek < weeks.fromWeek) return null;
  return {
    first: isoDay(start + (weeks.fromWeek - 1) * 7 * dayMs),
    last: isoDay(start + (weeks.toWeek * 7 - 1) * dayMs),
  };
}
