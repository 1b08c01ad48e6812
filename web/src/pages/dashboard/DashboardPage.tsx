import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { dashboard } from '../../api/dashboard.ts';
import { usePolledApi } from '../../api/usePolledApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CoverageSection } from './CoverageSection.tsx';
import { EnrollmentSection } from './EnrollmentSection.tsx';
import { ForwardingSection } from './ForwardingSection.tsx';
import { FseSection } from './FseSection.tsx';
import { CertificatesSection, DatabaseSection } from './PlatformSection.tsx';
import { SchedulingSection } from './SchedulingSection.tsx';
import { SmsSection } from './SmsSection.tsx';

export const dashboardCampaign = 'covid-over80';
/** How often the figures are fetched again. */
export const refreshMs = 5_000;

/** The region's live dashboard: aggregates only, never a person's data. */
export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('dashboard.title'));
  return (
    <Container className="my-5">
      <h1>{t('dashboard.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'region'} forbidden={t('dashboard.regionOnly')}>
        {() => <LiveDashboard />}
      </RequireSession>
    </Container>
  );
}

function LiveDashboard() {
  const { t } = useTranslation();
  const format = useFormat();
  const polled = usePolledApi(`/api/dashboard?campaign=${dashboardCampaign}`, dashboard, refreshMs);
  const data = polled.data;
  return (
    <>
      <p className="lead">{t('dashboard.lead')}</p>
      <p>
        <Link to="/regione/rapporto">{t('dashboard.reportLink')}</Link>
      </p>
      {polled.error !== null && (
        <ApiProblem
          error={polled.error}
          onRetry={() => {
            window.location.reload();
          }}
        />
      )}
      {data === null ? (
        polled.error === null && <Loading />
      ) : (
        <>
          <p data-testid="dashboard-updated">
            {t('dashboard.updated', { time: format.dateTime(data.generatedAt), seconds: refreshMs / 1000 })}
          </p>
          <EnrollmentSection data={data} />
          <CoverageSection data={data} />
          <SchedulingSection data={data} />
          <SmsSection sms={data.sms} campaign={data.campaign} />
          <FseSection fse={data.fse} campaign={data.campaign} />
          <ForwardingSection data={data.nationalForwarding} campaign={data.campaign} />
          <CertificatesSection data={data} />
          <DatabaseSection database={data.database} campaign={data.campaign} />
        </>
      )}
    </>
  );
}
