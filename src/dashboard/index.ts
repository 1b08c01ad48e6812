import { stringify } from 'csv-stringify/sync';
import { Type } from 'typebox';
import type { Db } from '../db/tables.ts';
import type { DashboardReads } from './db-types.ts';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { notFound } from '../shared/errors.ts';
import { dashboardQueries } from './figures.ts';
import { publishDayReport, publishList, publishProvinceWeeks, type ProvinceWeek } from './published.ts';
import { sectionTables } from './tables.ts';

/** A module's own section of the dashboard (SMS lanes, waiting room, FSE ingestion…). */
export interface DashboardSource {
  readonly section: string;
  figures(): Promise<Record<string, unknown>>;
}

export interface DashboardDeps<All extends DashboardReads> {
  /** Any handle holding the views the dashboard reads (the composition root's). */
  readonly db: Db<All>;
  readonly overview: (
    from: string,
    weeks: number,
  ) => Promise<{ perProvinceWeek: ProvinceWeek[]; dosesPerDay: { day: string; doses: number }[] }>;
  readonly sources: readonly DashboardSource[];
  readonly today: () => string;
}

const CampaignQuery = Type.Object(
  { campaign: Type.String({ pattern: '^[a-z0-9-]{3,40}$', default: 'covid-over80' }) },
  { additionalProperties: false },
);

/** A module's section, with its tables of people's counts suppressed (FSE documents by class). */
async function sectionFigures(source: DashboardSource): Promise<Record<string, unknown>> {
  const figures = await source.figures();
  const byClass = figures.documentsByClass;
  if (source.section !== 'fse' || !Array.isArray(byClass)) return figures;
  return {
    ...figures,
    documentsByClass: publishList(byClass as { docClass: string; documents: number }[], 'documents'),
  };
}

/**
 * The region's live dashboard data (region operators only): aggregates from every
 * module, each table exportable as CSV, and the day's figures for the evening report.
 */
export function createDashboardModule<All extends DashboardReads>(deps: DashboardDeps<All>) {
  const q = dashboardQueries(deps.db);

  const all = async (campaign: string) => {
    const [enrollments, cohorts, coverageByProvince, scheduling, certificates, database] = await Promise.all([
      q.enrollments(campaign),
      q.cohorts(campaign),
      q.coverageByProvince(campaign),
      deps.overview(deps.today(), 6),
      q.certificates(),
      q.database(),
    ]);
    const extra: Record<string, Record<string, unknown>> = {};
    for (const source of deps.sources) extra[source.section] = await sectionFigures(source);
    const published = {
      perProvinceWeek: publishProvinceWeeks(scheduling.perProvinceWeek),
      dosesPerDay: publishList(scheduling.dosesPerDay, 'doses'),
    };
    return {
      generatedAt: new Date().toISOString(),
      campaign,
      enrollments,
      cohorts,
      coverageByProvince,
      scheduling: published,
      certificates,
      database,
      ...extra,
    };
  };

  /** Every exportable table by name, as arrays of flat rows. */
  const tables = async (campaign: string): Promise<Record<string, object[]>> => {
    const d = await all(campaign);
    const flat: Record<string, object[]> = {
      'enrollments-by-channel': d.enrollments.byChannel,
      'enrollments-per-minute': d.enrollments.perMinute,
      cohorts: d.cohorts,
      'coverage-by-province': d.coverageByProvince,
      'appointments-by-province-week': d.scheduling.perProvinceWeek,
      'doses-per-day': d.scheduling.dosesPerDay,
      certificates: d.certificates,
      ...sectionTables('database', d.database),
    };
    for (const source of deps.sources) Object.assign(flat, sectionTables(source.section, await sectionFigures(source)));
    return flat;
  };

  return {
    all,
    registerRoutes(app: TypedApp): void {
      const policy = { config: { policy: rolesAccess('region') } };
      app.get('/api/dashboard', { ...policy, schema: { tags: ['dashboard'], querystring: CampaignQuery } }, (r) =>
        all(r.query.campaign),
      );
      app.get(
        '/api/dashboard/export/:table',
        {
          ...policy,
          schema: {
            tags: ['dashboard'],
            params: Type.Object({ table: Type.String({ pattern: '^[a-z0-9-]{2,60}\\.csv$' }) }),
            querystring: CampaignQuery,
          },
        },
        async (r, reply) => {
          const name = r.params.table.replace(/\.csv$/, '');
          const rows = (await tables(r.query.campaign))[name];
          if (rows === undefined) throw notFound('dashboard.table_unknown', `There is no table "${name}" to export.`);
          const csv = stringify(rows, {
            header: true,
            columns: rows.length > 0 ? Object.keys(rows[0] ?? {}) : ['empty'],
          });
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(csv);
        },
      );
      app.get(
        '/api/dashboard/day-report',
        {
          ...policy,
          schema: {
            tags: ['dashboard'],
            querystring: Type.Object({ day: Type.Optional(Type.String({ format: 'date' })) }),
          },
        },
        async (r) => {
          const day = r.query.day ?? deps.today();
          return publishDayReport({ day, ...(await q.day(day)) });
        },
      );
    },
  };
}
