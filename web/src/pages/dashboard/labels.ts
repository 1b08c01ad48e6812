import type { TFunction } from 'i18next';

/** Enrollment channels in words (each key written out so the i18n test sees it). */
export function channelLabel(t: TFunction, channel: string): string {
  switch (channel) {
    case 'citizen':
      return t('dashboard.channel.citizen');
    case 'pharmacist':
      return t('dashboard.channel.pharmacist');
    case 'gp':
      return t('dashboard.channel.gp');
    default:
      return channel;
  }
}

/** Green Pass types (the DCC's v/t/r) in words. */
export function certificateTypeLabel(t: TFunction, type: string): string {
  switch (type) {
    case 'v':
      return t('dashboard.certificates.types.v');
    case 't':
      return t('dashboard.certificates.types.t');
    case 'r':
      return t('dashboard.certificates.types.r');
    default:
      return type;
  }
}

/** SMS lanes in words. */
export function laneLabel(t: TFunction, lane: string): string {
  switch (lane) {
    case 'otp':
      return t('dashboard.sms.lane.otp');
    case 'appointment':
      return t('dashboard.sms.lane.appointment');
    case 'reminder':
      return t('dashboard.sms.lane.reminder');
    case 'bulk':
      return t('dashboard.sms.lane.bulk');
    default:
      return lane;
  }
}

/** Seconds as a short duration: "42 s", "3 min", "5,2 h". */
export function durationText(seconds: number | null, formatNumber: (n: number) => string): string {
  if (seconds === null) return '–';
  if (seconds < 120) return `${formatNumber(Math.round(seconds))} s`;
  if (seconds < 7_200) return `${formatNumber(Math.round(seconds / 60))} min`;
  return `${formatNumber(Math.round(seconds / 360) / 10)} h`;
}
