// Response shapes of the region dashboard (src/dashboard/index.ts, figures.ts,
// and the modules' own sections: sms from src/notify, fse from src/records).
// Aggregates only: no field here can carry a person's data. A null count is a
// small count the server suppressed (1 to 4), or a larger one hidden so that a
// total cannot give a small one back (src/dashboard/privacy.ts).
import { array, boolean, nullable, number, object, string, type Decoded, type Decoder } from './decode.ts';
import { nationalForwardingSection } from './forwarding.ts';

/** A section that a deployment may leave out (e.g. no SMS module): null when absent. */
function optional<T>(inner: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === undefined || value === null ? null : inner(value, path));
}

const channelCount = object({ channel: string, count: nullable(number) });

const smsSection = object({
  lanes: array(
    object({
      lane: string,
      queued: number,
      oldestAgeSeconds: number,
      submitting: number,
      unknown: number,
      deadLetters: number,
    }),
  ),
  providers: array(object({ id: string, state: string, rate: number, inFlight: number })),
  latencyLastHour: array(
    object({
      provider: string,
      lane: string,
      delivered: number,
      queuedToSubmittedP99Seconds: optional(number),
      queuedToDeliveredP99Seconds: optional(number),
    }),
  ),
  /** Failovers between providers, when the notify module reports them. */
  failovers: optional(number),
});
export type SmsSection = Decoded<typeof smsSection>;

const fseSection = object({
  slaSeconds: number,
  pending: number,
  flagged: number,
  oldestPendingSeconds: number,
  last24h: object({
    processed: number,
    breaches: number,
    p50Seconds: nullable(number),
    p95Seconds: nullable(number),
    p99Seconds: nullable(number),
  }),
  documentsByClass: array(object({ docClass: string, documents: nullable(number) })),
  processedPerHour: array(object({ hour: string, documents: number })),
});
export type FseSection = Decoded<typeof fseSection>;

const waitroomSection = object({
  rooms: array(
    object({
      campaign: string,
      active: boolean,
      waiting: number,
      admittedLastMinute: number,
      estimatedWaitSeconds: number,
      admitted: number,
    }),
  ),
});
export type WaitroomSection = Decoded<typeof waitroomSection>;

export const dashboard = object({
  generatedAt: string,
  campaign: string,
  enrollments: object({
    /** Every channel's enrollments: published by the server, as the hidden cells cannot be added up. */
    total: nullable(number),
    byChannel: array(channelCount),
    perMinute: array(object({ minute: string, channel: string, count: nullable(number) })),
  }),
  cohorts: array(
    object({
      cohort: string,
      opensAt: string,
      eligible: nullable(number),
      enrolled: nullable(number),
      coveragePercent: nullable(number),
    }),
  ),
  coverageByProvince: array(
    object({
      province: string,
      eligible: nullable(number),
      enrolled: nullable(number),
      coveragePercent: nullable(number),
    }),
  ),
  scheduling: object({
    perProvinceWeek: array(
      object({
        province: string,
        week: string,
        capacity: number,
        booked: nullable(number),
        supply: number,
        bookedPercent: nullable(number),
      }),
    ),
    dosesPerDay: array(object({ day: string, doses: nullable(number) })),
  }),
  certificates: array(object({ type: string, count: nullable(number) })),
  database: object({
    primary: boolean,
    server: string,
    synchronousStandbyNames: string,
    replicas: array(object({ name: string, state: string, syncState: string, replayLagMs: nullable(number) })),
  }),
  sms: optional(smsSection),
  fse: optional(fseSection),
  waitroom: optional(waitroomSection),
  nationalForwarding: optional(nationalForwardingSection),
});
export type Dashboard = Decoded<typeof dashboard>;

export const dayReport = object({
  day: string,
  enrollmentsByChannel: array(channelCount),
  enrollmentsTotal: nullable(number),
  appointmentsBooked: nullable(number),
  dosesAdministered: nullable(number),
  certificatesIssued: nullable(number),
});
export type DayReport = Decoded<typeof dayReport>;

/** The CSV export of one of the dashboard's tables. */
export function exportHref(table: string, campaign: string): string {
  return `/api/dashboard/export/${encodeURIComponent(table)}.csv?campaign=${encodeURIComponent(campaign)}`;
}
