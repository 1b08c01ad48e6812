import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { publishByChannel, publishCoverage, publishList, publishPerMinute } from './published.ts';

/**
 * The region's figures, aggregates only: no query here returns a person's data,
 * and breakdowns small enough to identify someone are suppressed.
 */
export function dashboardQueries(db: Kysely<Database>) {
  return {
    async enrollments(campaignCode: string) {
      const byChannel = await sql<{ channel: string; n: number }>`
        SELECT e.channel, count(*)::int AS n FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
        WHERE c.code = ${campaignCode} GROUP BY 1 ORDER BY 1`.execute(db);
      const perMinute = await sql<{ minute: string; channel: string; n: number }>`
        SELECT to_char(date_trunc('minute', e.enrolled_at), 'YYYY-MM-DD"T"HH24:MI"Z"') AS minute, e.channel, count(*)::int AS n
        FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
        WHERE c.code = ${campaignCode} AND e.enrolled_at > now() - interval '60 minutes' GROUP BY 1, 2 ORDER BY 1`.execute(
        db,
      );
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
        SELECT k.label, k.opens_at,
               (SELECT count(*)::int FROM citizens z WHERE z.birth_date < make_date(k.born_to_year + 1, 1, 1)
                  AND (k.born_from_year IS NULL OR z.birth_date >= make_date(k.born_from_year, 1, 1))) AS eligible,
               (SELECT count(*)::int FROM enrollments e WHERE e.cohort_id = k.id) AS enrolled
        FROM campaign_cohorts k JOIN campaigns c ON c.id = k.campaign_id WHERE c.code = ${campaignCode} ORDER BY k.born_to_year`.execute(
        db,
      );
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
        SELECT p.abbr AS province,
               count(z.id)::int AS eligible,
               count(e.id)::int AS enrolled
        FROM campaign_cohorts k JOIN campaigns c ON c.id = k.campaign_id
        JOIN citizens z ON z.birth_date < make_date(k.born_to_year + 1, 1, 1) AND (k.born_from_year IS NULL OR z.birth_date >= make_date(k.born_from_year, 1, 1))
        JOIN municipalities m ON m.istat_code = z.residence_istat JOIN provinces p ON p.code = m.province_code
        LEFT JOIN enrollments e ON e.citizen_id = z.id AND e.campaign_id = c.id
        WHERE c.code = ${campaignCode} AND k.opens_at <= now() GROUP BY 1 ORDER BY 1`.execute(db);
      return publishCoverage(rows.map((r) => ({ province: r.province, eligible: r.eligible, enrolled: r.enrolled })));
    },

    async certificates() {
      const { rows } = await sql<{
        type: string;
        n: number;
      }>`SELECT type, count(*)::int AS n FROM dcc_certificates GROUP BY 1 ORDER BY 1`.execute(db);
      return publishList(
        rows.map((r) => ({ type: r.type, count: r.n })),
        'count',
      );
    },

    /** Which site is primary and whether replication is synchronous (pg_stat_replication on the primary). */
    async database() {
      const self = await sql<{
        recovery: boolean;
        server: string;
      }>`SELECT pg_is_in_recovery() AS recovery, coalesce(inet_server_addr()::text, 'local') || ':' || current_setting('port') AS server`.execute(
        db,
      );
      const replicas = await sql<{ name: string; state: string; sync_state: string; replay_lag_ms: number | null }>`
        SELECT application_name AS name, state, sync_state, (extract(epoch FROM replay_lag) * 1000)::int AS replay_lag_ms FROM pg_stat_replication ORDER BY 1`.execute(
        db,
      );
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
