import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { FseSection as Fse } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { classLabel } from '../fascicolo/labels.ts';
import { countText } from './figures.ts';
import { durationText } from './labels.ts';

/** FSE ingestion: the oldest unprocessed document against the 24-hour SLA, backlog and failures. */
export function FseSection({ fse, campaign }: { fse: Fse | null; campaign: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const duration = (s: number | null) => durationText(s, format.number);
  if (fse === null) {
    return (
      <section aria-labelledby="dash-fse" className="mb-5">
        <h2 id="dash-fse">{t('dashboard.fse.heading')}</h2>
        <p>{t('dashboard.fse.none')}</p>
      </section>
    );
  }
  const slaHours = fse.slaSeconds / 3600;
  const withinSla = fse.oldestPendingSeconds < fse.slaSeconds;
  const rows: [string, string][] = [
    [t('dashboard.fse.oldest'), duration(fse.oldestPendingSeconds)],
    [t('dashboard.fse.sla'), duration(fse.slaSeconds)],
    [t('dashboard.fse.pending'), format.number(fse.pending)],
    [t('dashboard.fse.flagged'), format.number(fse.flagged)],
    [t('dashboard.fse.processed'), format.number(fse.last24h.processed)],
    [t('dashboard.fse.breaches'), format.number(fse.last24h.breaches)],
    [t('dashboard.fse.p99'), duration(fse.last24h.p99Seconds)],
  ];
  return (
    <section aria-labelledby="dash-fse" className="mb-5">
      <h2 id="dash-fse">{t('dashboard.fse.heading')}</h2>
      <p className={withinSla ? 'fw-semibold text-success' : 'fw-semibold text-danger'} data-testid="fse-sla">
        {withinSla ? t('dashboard.fse.withinSla') : t('dashboard.fse.breached')}
      </p>
      <ChartBox height={140}>
        <BarChart
          layout="vertical"
          data={[{ name: t('dashboard.fse.oldest'), hours: fse.oldestPendingSeconds / 3600 }]}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, Math.max(slaHours * 1.25, fse.oldestPendingSeconds / 3600)]} unit=" h" />
          <YAxis type="category" dataKey="name" width={160} />
          <ReferenceLine x={slaHours} stroke={palette[3]} strokeWidth={2} label="SLA 24 h" />
          <Bar dataKey="hours" fill={withinSla ? palette[1] : palette[3]} isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <h3 className="h5" id="dash-fse-hourly">
        {t('dashboard.fse.perHour')}
      </h3>
      <ChartBox height={200}>
        <BarChart
          data={fse.processedPerHour.map((h) => ({ label: format.time(h.hour), documents: h.documents }))}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" interval={3} />
          <YAxis allowDecimals={false} />
          <Bar dataKey="documents" name={t('dashboard.fse.documents')} fill={palette[0]} isAnimationActive={false} />
        </BarChart>
      </ChartBox>
      <p data-testid="fse-per-hour">
        {t('dashboard.fse.perHourSummary', {
          count: fse.processedPerHour.reduce((sum, h) => sum + h.documents, 0),
          last: fse.processedPerHour.at(-1)?.documents ?? 0,
        })}
      </p>
      <DataTable
        caption={t('dashboard.fse.caption')}
        columns={[t('dashboard.figure'), t('dashboard.value')]}
        rows={rows.map(([label, value]) => ({ key: label, cells: [label, value] }))}
        csv={{ table: 'fse-summary', campaign }}
      />
      <DataTable
        testId="table-fse-classes"
        caption={t('dashboard.fse.classesCaption')}
        columns={[t('dashboard.fse.docClass'), t('dashboard.fse.documents')]}
        rows={fse.documentsByClass.map((c) => ({
          key: c.docClass,
          cells: [classLabel(t, c.docClass), countText(c.documents, format.number, t('dashboard.hidden'))],
        }))}
        csv={{ table: 'fse-documents-by-class', campaign }}
      />
    </section>
  );
}
