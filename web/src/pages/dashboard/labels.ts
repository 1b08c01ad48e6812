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

/** An age against the SLA, to the minute: "3 h 12 min", "45 min", "24 h". */
export function hoursMinutesText(seconds: number, formatNumber: (n: number) => string): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${formatNumber(minutes)} min`;
  return minutes % 60 === 0 ? `${formatNumber(hours)} h` : `${formatNumber(hours)} h ${formatNumber(minutes % 60)} min`;
}

/** Why a forward to the national Gateway failed (src/fse2/forward/types.ts' causes, and "refused"). */
export function forwardCauseLabel(t: TFunction, cause: string): string {
  switch (cause) {
    case 'unreachable':
      return t('dashboard.forwarding.cause.unreachable');
    case 'timeout':
      return t('dashboard.forwarding.cause.timeout');
    case 'server_error':
      return t('dashboard.forwarding.cause.server_error');
    case 'throttled':
      return t('dashboard.forwarding.cause.throttled');
    case 'bad_answer':
      return t('dashboard.forwarding.cause.bad_answer');
    case 'refused':
      return t('dashboard.forwarding.cause.refused');
    default:
      return cause;
  }
}
