import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { countText } from './figures.ts';

/** Enrollments by cohort against the eligible population, and by province. */
export function CoverageSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = (value: number | null) => (value === null ? '–' : `${format.number(Math.round(value * 10) / 10)} %`);
  // A suppressed coverage is a gap in the chart, never a bar at 0.
  const chart = data.cohorts.map((c) => ({ cohort: c.cohort, coverage: c.coveragePercent }));
  const columns = [t('dashboard.coverage.eligible'), t('dashboard.coverage.enrolled'), t('dashboard.coverage.percent')];
  return (
    <section aria-labelledby="dash-coverage" className="mb-5">
      <h2 id="dash-coverage">{t('dashboard.coverage.heading')}</h2>
      <p>{t('dashboard.coverage.intro')}</p>
      <ChartBox>
        <BarChart data={chart} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="cohort" />
          <YAxis domain={[0, 100]} unit="%" />
          <Bar dataKey="coverage" fill={palette[0]} isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <DataTable
        testId="table-cohorts"
        caption={t('dashboard.coverage.cohortCaption')}
        columns={[t('dashboard.coverage.cohort'), t('dashboard.coverage.opensAt'), ...columns]}
        rows={data.cohorts.map((c) => ({
          key: c.cohort,
          cells: [
            c.cohort,
            format.date(c.opensAt),
            countText(c.eligible, format.number, t('dashboard.hidden')),
            countText(c.enrolled, format.number, t('dashboard.hidden')),
            percent(c.coveragePercent),
          ],
        }))}
        csv={{ table: 'cohorts', campaign: data.campaign }}
      />
      <DataTable
        testId="table-provinces"
        caption={t('dashboard.coverage.provinceCaption')}
        columns={[t('dashboard.coverage.province'), ...columns]}
        rows={data.coverageByProvince.map((p) => ({
          key: p.province,
          cells: [
            p.province,
            countText(p.eligible, format.number, t('dashboard.hidden')),
            countText(p.enrolled, format.number, t('dashboard.hidden')),
            percent(p.coveragePercent),
          ],
        }))}
        csv={{ table: 'coverage-by-province', campaign: data.campaign }}
      />
    </section>
  );
}
