import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { NationalForwardingSection } from '../../api/forwarding.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { forwardCauseLabel, hoursMinutesText } from './labels.ts';

/**
 * "Inoltro nazionale" (issue 20 item 5): the changes waiting for the national Gateway, the oldest one's age
 * against the 24 h SLA, the failures by cause, the permanent refusals, and the CDA2 → FHIR conversion failures.
 */
export function ForwardingSection({ data, campaign }: { data: NationalForwardingSection | null; campaign: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (data === null) {
    return (
      <section aria-labelledby="dash-forwarding" className="mb-5">
        <h2 id="dash-forwarding">{t('dashboard.forwarding.heading')}</h2>
        <p>{t('dashboard.forwarding.none')}</p>
      </section>
    );
  }
  const hm = (seconds: number) => hoursMinutesText(seconds, format.number);
  const age = data.oldest?.ageSeconds ?? 0;
  const withinSla = age < data.slaSeconds;
  const causes = data.failuresByCause.map((c) => ({ ...c, label: forwardCauseLabel(t, c.cause) }));
  const summary: [string, string][] = [
    [t('dashboard.forwarding.backlog'), format.number(data.backlog)],
    [t('dashboard.forwarding.oldestAge'), data.oldest === null ? '–' : hm(data.oldest.ageSeconds)],
    [t('dashboard.forwarding.sla'), hm(data.slaSeconds)],
    [t('dashboard.forwarding.overSla'), format.number(data.overSla)],
    [t('dashboard.forwarding.refused'), format.number(data.refused)],
  ];
  return (
    <section aria-labelledby="dash-forwarding" className="mb-5">
      <h2 id="dash-forwarding">{t('dashboard.forwarding.heading')}</h2>
      <p className="lead" data-testid="forwarding-backlog">
        {t('dashboard.forwarding.backlogText', { count: data.backlog })}
      </p>
      {data.oldest === null ? (
        <p data-testid="forwarding-oldest">{t('dashboard.forwarding.noneWaiting')}</p>
      ) : (
        <>
          <p data-testid="forwarding-oldest">
            {t('dashboard.forwarding.oldest', {
              when: format.dateTime(data.oldest.acceptedAt),
              age: hm(data.oldest.ageSeconds),
              sla: hm(data.slaSeconds),
            })}
          </p>
          <label htmlFor="forwarding-sla-meter" className="form-label d-block">
            {t('dashboard.forwarding.meter', { age: hm(age), sla: hm(data.slaSeconds) })}
          </label>
          <meter
            id="forwarding-sla-meter"
            className="w-100 mb-2"
            min={0}
            max={data.slaSeconds}
            low={data.slaSeconds / 2}
            high={(data.slaSeconds * 3) / 4}
            optimum={0}
            value={Math.min(age, data.slaSeconds)}
          />
        </>
      )}
      <p className={withinSla ? 'fw-semibold text-success' : 'fw-semibold text-danger'} data-testid="forwarding-sla">
        {withinSla ? t('dashboard.forwarding.withinSla') : t('dashboard.forwarding.breached')}
      </p>
      <p>
        <Link to="/regione/inoltri-rifiutati" data-testid="forwarding-refused-link">
          {t('dashboard.forwarding.refusedLink', { count: data.refused })}
        </Link>
      </p>
      <DataTable
        testId="table-forwarding-summary"
        caption={t('dashboard.forwarding.caption')}
        columns={[t('dashboard.figure'), t('dashboard.value')]}
        rows={summary.map(([label, value]) => ({ key: label, cells: [label, value] }))}
        csv={{ table: 'national-forwarding-summary', campaign }}
      />
      <h3 className="h5" id="dash-forwarding-causes">
        {t('dashboard.forwarding.causesHeading')}
      </h3>
      {causes.length > 0 && (
        <ChartBox height={60 + causes.length * 36}>
          <BarChart layout="vertical" data={causes} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={150} />
            <Bar dataKey="items" name={t('dashboard.forwarding.items')} fill={palette[3]} isAnimationActive={false} />
          </BarChart>
        </ChartBox>
      )}
      <DataTable
        testId="table-forwarding-causes"
        caption={t('dashboard.forwarding.causesCaption')}
        columns={[
          t('dashboard.forwarding.cause.heading'),
          t('dashboard.forwarding.items'),
          t('dashboard.forwarding.tries'),
        ]}
        rows={causes.map((c) => ({
          key: c.cause,
          cells: [c.label, format.number(c.items), format.number(c.tries)],
        }))}
        csv={{ table: 'national-forwarding-failures-by-cause', campaign }}
      />
      {/* CDA2 -> FHIR conversion failures: counts by type from the fse2 face (conversionFailureSummary). */}
      <h3 className="h5" id="dash-forwarding-conversions">
        {t('dashboard.forwarding.conversionsHeading')}
      </h3>
      {data.conversionFailures === null ? (
        <p data-testid="forwarding-conversions">{t('dashboard.forwarding.conversionsUnavailable')}</p>
      ) : data.conversionFailures.byType.length === 0 ? (
        <p data-testid="forwarding-conversions">{t('dashboard.forwarding.conversionsNone')}</p>
      ) : (
        <DataTable
          testId="table-forwarding-conversions"
          caption={t('dashboard.forwarding.conversionsCaption')}
          columns={[t('dashboard.forwarding.docType'), t('dashboard.forwarding.failures')]}
          rows={data.conversionFailures.byType.map((c) => ({
            key: c.type,
            cells: [c.type, format.number(c.failures)],
          }))}
          csv={{ table: 'national-forwarding-conversion-failures-by-type', campaign }}
        />
      )}
    </section>
  );
}
