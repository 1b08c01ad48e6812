import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { countText, provinceWeekLabel } from './figures.ts';

/** Appointments booked against capacity and supply per province and week, and doses given per day. */
export function SchedulingSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const weeks = data.scheduling.perProvinceWeek.map((row) => ({ ...row, label: provinceWeekLabel(row) }));
  return (
    <section aria-labelledby="dash-scheduling" className="mb-5">
      <h2 id="dash-scheduling">{t('dashboard.scheduling.heading')}</h2>
      <p>{t('dashboard.scheduling.intro')}</p>
      <ChartBox height={300}>
        <BarChart data={weeks} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          {/* Capacity and supply run to thousands, bookings to tens: each scale has its own axis. */}
          <YAxis
            yAxisId="doses"
            allowDecimals={false}
            label={{ value: t('dashboard.scheduling.dosesAxis'), angle: -90, position: 'insideLeft' }}
          />
          <YAxis
            yAxisId="booked"
            orientation="right"
            allowDecimals={false}
            stroke={palette[0]}
            label={{ value: t('dashboard.scheduling.bookedAxis'), angle: 90, position: 'insideRight' }}
          />
          <Legend />
          <Bar
            yAxisId="booked"
            dataKey="booked"
            name={t('dashboard.scheduling.bookedRight')}
            fill={palette[0]}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="doses"
            dataKey="capacity"
            name={t('dashboard.scheduling.capacity')}
            fill={palette[1]}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="doses"
            dataKey="supply"
            name={t('dashboard.scheduling.supply')}
            fill={palette[2]}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartBox>
      <DataTable
        testId="table-province-week"
        caption={t('dashboard.scheduling.weekCaption')}
        columns={[
          t('dashboard.scheduling.province'),
          t('dashboard.scheduling.week'),
          t('dashboard.scheduling.booked'),
          t('dashboard.scheduling.capacity'),
          t('dashboard.scheduling.bookedPercent'),
          t('dashboard.scheduling.supply'),
        ]}
        rows={data.scheduling.perProvinceWeek.map((r) => ({
          key: `${r.province}-${r.week}`,
          cells: [
            r.province,
            format.date(r.week),
            countText(r.booked, format.number, t('dashboard.hidden')),
            format.number(r.capacity),
            r.bookedPercent === null ? '–' : `${format.number(r.bookedPercent)} %`,
            format.number(r.supply),
          ],
        }))}
        csv={{ table: 'appointments-by-province-week', campaign: data.campaign }}
        collapsed
      />
      <h3 className="h5">{t('dashboard.scheduling.dosesHeading')}</h3>
      <ChartBox>
        <BarChart data={data.scheduling.dosesPerDay} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Bar dataKey="doses" fill={palette[1]} isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <DataTable
        testId="table-doses"
        caption={t('dashboard.scheduling.dosesCaption')}
        columns={[t('dashboard.scheduling.day'), t('dashboard.scheduling.doses')]}
        rows={data.scheduling.dosesPerDay.map((r) => ({
          key: r.day,
          cells: [format.date(r.day), countText(r.doses, format.number, t('dashboard.hidden'))],
        }))}
        csv={{ table: 'doses-per-day', campaign: data.campaign }}
      />
    </section>
  );
}
