import { sql } from 'kysely';
import { ownTables, type Db } from '../db/tables.ts';
import type { DashboardReads } from './db-types.ts';
import { publishByChannel, publishCoverage, publishList, publishPerMinute } from './published.ts';

/**
 * The region's figures, aggregates only: no query here returns a person's data,
 * and breakdowns small enough to identify someone are suppressed. All the dashboard's SQL, over the views the
 * owners of the counted tables publish (db-types.ts).
 */
export function dashboardQueries<All extends DashboardReads>(handle: Db<All>) {
  const db = ownTables<DashboardReads, All>(handle);
  return {
    async enrollments(campaignCode: string) {
      const byChannel = await sql<{ channel: string; n: number }>`
        SELECT e.channel, count(*)::int AS n FROM campaigns_enrollment_facts e
        WHERE e.campaign_code = ${campaignCode} GROUP BY 1 ORDER BY 1`.execute(db);
      const perMinute = await sql<{ minute: string; channel: string; n: number }>`
        SELECT to_char(date_trunc('minute', e.enrolled_at), 'YYYY-MM-DD"T"HH24:MI"Z"') AS minute, e.channel,
               count(*)::int AS n
        FROM campaigns_enrollment_facts e
        WHERE e.campaign_code = ${campaignCode} AND e.enrolled_at > now() - interval '60 minutes'
        GROUP BY 1, 2 ORDER BY 1`.execute(db);
      const { total, byChannel: shown } = publishByChannel(
        byChannel.rows.map((r) => ({ channel: r.channel, count: r.n })),
      );
      return {
        total,
        byChannel: shown,
        perMinute: publishPerMinute(perMinute.rows.map((r) => ({ minute: r.minute, channel: r.channel, count: r.n }))),
      };
    },

    /** Enrollments by cohort against the cohort's eligible population in the registry. */
    async cohorts(campaignCode: string) {
      const { rows } = await sql<{ label: string; eligible: number; enrolled: number; opens_at: Date }>`
        SELECT k.label, k.opens_at, k.eligible, k.enrolled FROM campaigns_cohort_coverage k
        WHERE k.campaign_code = ${campaignCode} ORDER BY k.born_to_year`.execute(db);
      return publishCoverage(
        rows.map((r) => ({
          cohort: r.label,
          opensAt: r.opens_at.toISOString(),
          eligible: r.eligible,
          enrolled: r.enrolled,
        })),
      );
    },

    /** Enrollment coverage by province for a cohort: smaller areas, so suppression matters here. */
    async coverageByProvince(campaignCode: string) {
      const { rows } = await sql<{ province: string; eligible: number; enrolled: number }>`
        SELECT province, eligible, enrolled FROM campaigns_province_coverage
        WHERE campaign_code = ${campaignCode} ORDER BY 1`.execute(db);
      return publishCoverage(rows.map((r) => ({ province: r.province, eligible: r.eligible, enrolled: r.enrolled })));
    },

    async certificates() {
      const { rows } = await sql<{
        type: string;
        n: number;
      }>`SELECT type, count(*)::int AS n FROM certificates_issued GROUP BY 1 ORDER BY 1`.execute(db);
      return publishList(
        rows.map((r) => ({ type: r.type, count: r.n })),
        'count',
      );
    },

    /** The day's figures for the evening report (Europe/Rome days). */
    async day(day: string) {
      const rome = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE 'Europe/Rome')::date = ${day}::date`;
      const { rows } = await sql<{ channel: string; n: number }>`
        SELECT channel, count(*)::int AS n FROM campaigns_enrollment_facts WHERE ${rome('enrolled_at')}
        GROUP BY 1 ORDER BY 1`.execute(db);
      const doses = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM scheduling_doses WHERE ${rome('administered_at')}`.execute(db);
      const booked = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM scheduling_bookings WHERE ${rome('created_at')} AND status <> 'moved'`.execute(
        db,
      );
      const certs = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM certificates_issued WHERE ${rome('issued_at')}`.execute(db);
      return {
        byChannel: rows.map((x) => ({ channel: x.channel, count: x.n })),
        booked: booked.rows[0]?.n ?? 0,
        doses: doses.rows[0]?.n ?? 0,
        certificates: certs.rows[0]?.n ?? 0,
      };
    },

    /** Which site is primary and whether replication is synchronous (pg_stat_replication on the primary). */
    async database() {
      const self = await sql<{
        recovery: boolean;
        server: string;
      }>`SELECT pg_is_in_recovery() AS recovery,
                coalesce(inet_server_addr()::text, 'local') || ':' || current_setting('port') AS server`.execute(db);
      const replicas = await sql<{ name: string; state: string; sync_state: string; replay_lag_ms: number | null }>`
        SELECT application_name AS name, state, sync_state,
               (extract(epoch FROM replay_lag) * 1000)::int AS replay_lag_ms
        FROM pg_stat_replication ORDER BY 1`.execute(db);
      const mode = await sql<{ names: string }>`SELECT current_setting('synchronous_standby_names') AS names`.execute(
        db,
      );
      return {
        primary: self.rows[0]?.recovery === false,
        server: self.rows[0]?.server ?? 'unknown',
        synchronousStandbyNames: mode.rows[0]?.names ?? '',
        replicas: replicas.rows.map((r) => ({
          name: r.name,
          state: r.state,
          syncState: r.sync_state,
          replayLagMs: r.replay_lag_ms,
        })),
      };
    },
  };
}

export type DashboardQueries = ReturnType<typeof dashboardQueries>;
