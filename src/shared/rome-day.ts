/**
 * Calendar days as Lombardy lives them. A UTC date is a day behind from midnight to
 * 01:00 (02:00 in summer) in Rome: "today" read from toISOString() would file a
 * dose, an enrollment or an appointment at 00:30 under yesterday.
 */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day (YYYY-MM-DD) in Rome at `at`, plus `plus` days. */
export function romeDay(at: Date, plus = 0): string {
  const day = formatter.format(at);
  if (plus === 0) return day;
  return new Date(Date.parse(`${day}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
}
