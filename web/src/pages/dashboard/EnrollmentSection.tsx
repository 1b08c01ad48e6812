import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { channelLabel } from './labels.ts';
import { channels, countText, perMinuteRows, runningTotals } from './figures.ts';

/** Enrollments by channel: the running total and the last hour minute by minute. */
export function EnrollmentSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { enrollments, campaign } = data;
  const perMinute = perMinuteRows(enrollments.perMinute);
  const running = runningTotals(enrollments);
  const minuteLabel = (minute: string) => format.time(minute);
  const lines = channels.map((channel, index) => ({
    channel,
    name: channelLabel(t, channel),
    color: palette[index] ?? '#000',
  }));
  return (
    <section aria-labelledby="dash-enrollments" className="mb-5">
      <h2 id="dash-enrollments">{t('dashboard.enrollments.heading')}</h2>
      <p className="lead" data-testid="enrollments-total">
        {enrollments.total === null
          ? t('dashboard.enrollments.totalSuppressed', { value: countText(null, format.number, t('dashboard.hidden')) })
          : t('dashboard.enrollments.total', { count: enrollments.total })}
      </p>
      <DataTable
        testId="table-by-channel"
        caption={t('dashboard.enrollments.byChannelCaption')}
        columns={[t('dashboard.enrollments.channel'), t('dashboard.enrollments.count')]}
        rows={enrollments.byChannel.map((c) => ({
          key: c.channel,
          cells: [channelLabel(t, c.channel), countText(c.count, format.number, t('dashboard.hidden'))],
        }))}
        csv={{ table: 'enrollments-by-channel', campaign }}
      />
      <div className="row g-4">
        <div className="col-12 col-xl-6">
          <h3 className="h5">{t('dashboard.enrollments.runningHeading')}</h3>
          <ChartBox>
            <LineChart data={running} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="minute" tickFormatter={minuteLabel} />
              <YAxis allowDecimals={false} />
              <Legend />
              {lines.map((l) => (
                <Line
                  key={l.channel}
                  type="monotone"
                  dataKey={l.channel}
                  name={l.name}
                  stroke={l.color}
                  dot={running.length < 3}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ChartBox>
        </div>
        <div className="col-12 col-xl-6">
          <h3 className="h5">{t('dashboard.enrollments.perMinuteHeading')}</h3>
          <ChartBox>
            <BarChart data={perMinute} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="minute" tickFormatter={minuteLabel} />
              <YAxis allowDecimals={false} />
              <Legend />
              {lines.map((l) => (
                <Bar
                  key={l.channel}
                  dataKey={l.channel}
                  name={l.name}
                  stackId="m"
                  fill={l.color}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ChartBox>
        </div>
      </div>
      <DataTable
        caption={t('dashboard.enrollments.perMinuteCaption')}
        columns={[t('dashboard.enrollments.minute'), ...lines.map((l) => l.name)]}
        rows={perMinute.map((row) => ({
          key: row.minute,
          cells: [
            minuteLabel(row.minute),
            ...channels.map((c) => countText(row[c], format.number, t('dashboard.hidden'))),
          ],
        }))}
        csv={{ table: 'enrollments-per-minute', campaign }}
        collapsed
      />
      <p className="small">
        {t('dashboard.enrollments.suppression', { value: countText(null, format.number, t('dashboard.hidden')) })}
      </p>
    </section>
  );
}
