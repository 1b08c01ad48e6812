import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts';
import type { SmsSection as Sms } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { durationText, laneLabel } from './labels.ts';

/** The SMS outbox: queue depth per lane, provider states, p99 latencies and failovers. */
export function SmsSection({ sms, campaign }: { sms: Sms | null; campaign: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const duration = (s: number | null) => durationText(s, format.number);
  return (
    <section aria-labelledby="dash-sms" className="mb-5">
      <h2 id="dash-sms">{t('dashboard.sms.heading')}</h2>
      {sms === null ? (
        <p>{t('dashboard.sms.none')}</p>
      ) : (
        <>
          {sms.failovers !== null && (
            <p data-testid="sms-failovers">{t('dashboard.sms.failovers', { count: sms.failovers })}</p>
          )}
          <ChartBox height={220}>
            <BarChart data={sms.lanes.map((l) => ({ ...l, label: laneLabel(t, l.lane) }))} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Legend />
              <Bar dataKey="queued" name={t('dashboard.sms.queued')} fill={palette[0]} isAnimationActive={false} />
              <Bar dataKey="deadLetters" name={t('dashboard.sms.dead')} fill={palette[3]} isAnimationActive={false} />
            </BarChart>
          </ChartBox>
          <DataTable
            caption={t('dashboard.sms.lanesCaption')}
            columns={[
              t('dashboard.sms.lane.heading'),
              t('dashboard.sms.queued'),
              t('dashboard.sms.oldest'),
              t('dashboard.sms.submitting'),
              t('dashboard.sms.dead'),
            ]}
            rows={sms.lanes.map((l) => ({
              key: l.lane,
              cells: [
                laneLabel(t, l.lane),
                format.number(l.queued),
                duration(l.oldestAgeSeconds),
                format.number(l.submitting),
                format.number(l.deadLetters),
              ],
            }))}
            csv={{ table: 'sms-lanes', campaign }}
          />
          <DataTable
            caption={t('dashboard.sms.providersCaption')}
            columns={[
              t('dashboard.sms.provider'),
              t('dashboard.sms.state'),
              t('dashboard.sms.rate'),
              t('dashboard.sms.inFlight'),
            ]}
            rows={sms.providers.map((p) => ({
              key: p.id,
              cells: [p.id.toUpperCase(), p.state, format.number(p.rate), format.number(p.inFlight)],
            }))}
            csv={{ table: 'sms-providers', campaign }}
          />
          <DataTable
            caption={t('dashboard.sms.latencyCaption')}
            columns={[
              t('dashboard.sms.provider'),
              t('dashboard.sms.lane.heading'),
              t('dashboard.sms.delivered'),
              t('dashboard.sms.submitP99'),
              t('dashboard.sms.deliverP99'),
            ]}
            rows={sms.latencyLastHour.map((l) => ({
              key: `${l.provider}-${l.lane}`,
              cells: [
                l.provider.toUpperCase(),
                laneLabel(t, l.lane),
                format.number(l.delivered),
                duration(l.queuedToSubmittedP99Seconds),
                duration(l.queuedToDeliveredP99Seconds),
              ],
            }))}
            csv={{ table: 'sms-latency-last-hour', campaign }}
          />
        </>
      )}
    </section>
  );
}
