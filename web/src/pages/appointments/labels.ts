import type { TFunction } from 'i18next';

/** "Prima dose", "Seconda dose"… (literal keys, so the i18n check sees each). */
export function doseLabel(t: TFunction, dose: number): string {
  if (dose === 1) return t('appointments.dose1');
  if (dose === 2) return t('appointments.dose2');
  return t('appointments.doseN', { n: dose });
}

/** The appointment states the API reports, in words; unknown ones as they are. */
export function statusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'booked':
      return t('appointments.status.booked');
    case 'checked_in':
      return t('appointments.status.checkedIn');
    case 'done':
      return t('appointments.status.done');
    case 'no_show':
      return t('appointments.status.noShow');
    case 'cancelled':
      return t('appointments.status.cancelled');
    case 'moved':
      return t('appointments.status.moved');
    default:
      return status;
  }
}

/** Tomorrow (or `days` ahead) as YYYY-MM-DD in Lombardy, for date inputs' min. */
export function dayAhead(days: number, now = new Date()): string {
  const rome = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const base = Date.parse(`${rome}T00:00:00Z`);
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}
