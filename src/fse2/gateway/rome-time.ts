/**
 * Italian wall-clock times to instants. The national DTO dates (yyyyMMddHHmmss) and CDA times without a zone are
 * local times in Italy; Europe/Rome is +01:00 in winter and +02:00 from the last Sunday of March to the last Sunday
 * of October, so a fixed +01:00 put every summer date one hour late. The offset comes from the platform's time zone
 * database through Intl (ICU), never from a hand-written rule.
 */
const ROME = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const DAY_MS = 86_400_000;

/** Rome's wall clock minus UTC at the instant `utcMs`, in milliseconds (3 600 000 or 7 200 000 since 1980). */
function romeOffsetAt(utcMs: number): number {
  const part: Record<string, number> = {};
  for (const p of ROME.formatToParts(new Date(utcMs))) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day ?? 1, part.hour, part.minute, part.second);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which Rome's clocks read the given wall time (month 1-12), or null when the fields are no date.
 * As Temporal's "compatible" disambiguation: in the autumn hour that happens twice the first (summer) one is taken;
 * a time skipped in spring is read with the offset before the change (02:30 becomes 03:30 summer time).
 */
export function romeWallClock(year: number, month: number, day: number, h = 0, mi = 0, s = 0): Date | null {
  const wall = Date.UTC(year, month - 1, day, h, mi, s);
  const check = new Date(wall);
  if (
    Number.isNaN(wall) ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return null; // 2024-02-30, 25:00: Date.UTC would roll these over silently
  }
  // Offsets a day before and after cover both sides of any change of that day (Rome changes at most once a day).
  const before = romeOffsetAt(wall - DAY_MS);
  const after = romeOffsetAt(wall + DAY_MS);
  const fits = [wall - before, wall - after].filter((utc) => romeOffsetAt(utc) === wall - utc).sort((a, b) => a - b);
  return new Date(fits[0] ?? wall - before);
}
