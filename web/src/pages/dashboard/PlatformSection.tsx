import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/dashboard.ts';
import { useFormat } from '../../format.ts';
import { ChartBox, palette } from './ChartBox.tsx';
import { DataTable } from './DataTable.tsx';
import { countText } from './figures.ts';
import { certificateTypeLabel, durationText } from './labels.ts';

/** Green Pass certificates by type, and the waiting room when one is reported. */
export function CertificatesSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rooms = data.waitroom?.rooms ?? [];
  const certificates = data.certificates.map((c) => ({ ...c, label: certificateTypeLabel(t, c.type) }));
  return (
    <>
      <section aria-labelledby="dash-certificates" className="mb-5">
        <h2 id="dash-certificates">{t('dashboard.certificates.heading')}</h2>
        {data.certificates.length > 0 && (
          <ChartBox height={200}>
            <BarChart data={certificates} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Bar dataKey="count" fill={palette[4]} isAnimationActive={false} />
            </BarChart>
          </ChartBox>
        )}
        <DataTable
          testId="table-certificates"
          caption={t('dashboard.certificates.caption')}
          columns={[t('dashboard.certificates.type'), t('dashboard.certificates.count')]}
          rows={certificates.map((c) => ({
            key: c.type,
            cells: [c.label, countText(c.count, format.number, t('dashboard.hidden'))],
          }))}
          csv={{ table: 'certificates', campaign: data.campaign }}
        />
      </section>
      {rooms.length > 0 && (
        <section aria-labelledby="dash-waitroom" className="mb-5">
          <h2 id="dash-waitroom">{t('dashboard.waitroom.heading')}</h2>
          <DataTable
            caption={t('dashboard.waitroom.caption')}
            columns={[
              t('dashboard.waitroom.campaign'),
              t('dashboard.waitroom.waiting'),
              t('dashboard.waitroom.rate'),
              t('dashboard.waitroom.wait'),
            ]}
            rows={rooms.map((r) => ({
              key: r.campaign,
              cells: [
                r.campaign,
                format.number(r.waiting),
                format.number(r.admittedLastMinute),
                durationText(r.estimatedWaitSeconds, format.number),
              ],
            }))}
            csv={{ table: 'waitroom-rooms', campaign: data.campaign }}
          />
        </section>
      )}
    </>
  );
}

/** Database health: which server is primary, its replicas, and whether replication is synchronous. */
export function DatabaseSection({ database, campaign }: { database: Dashboard['database']; campaign: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const synchronous =
    database.synchronousStandbyNames.trim() !== '' &&
    database.replicas.some((r) => r.syncState === 'sync' || r.syncState === 'quorum');
  return (
    <section aria-labelledby="dash-database" className="mb-5">
      <h2 id="dash-database">{t('dashboard.database.heading')}</h2>
      <ul data-testid="database-summary">
        <li>
          {t('dashboard.database.server', { server: database.server })}{' '}
          <strong>{database.primary ? t('dashboard.database.primary') : t('dashboard.database.standby')}</strong>
        </li>
        <li>{synchronous ? t('dashboard.database.synchronous') : t('dashboard.database.notSynchronous')}</li>
      </ul>
      <DataTable
        caption={t('dashboard.database.caption')}
        columns={[
          t('dashboard.database.replica'),
          t('dashboard.database.state'),
          t('dashboard.database.sync'),
          t('dashboard.database.lag'),
        ]}
        rows={database.replicas.map((r) => ({
          key: r.name,
          cells: [r.name, r.state, r.syncState, r.replayLagMs === null ? '–' : `${format.number(r.replayLagMs)} ms`],
        }))}
        csv={{ table: 'database-replicas', campaign }}
      />
    </section>
  );
}
