import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Container, Table } from 'design-react-kit';
import { campaignList, demoCampaign, type Campaign } from '../../api/campaigns.ts';
import { withQuery } from '../../api/client.ts';
import { patientPage, type PatientPage } from '../../api/identity.ts';
import { gpPatients } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { PageLinks, pagesFor, readPage } from '../../layout/PageLinks.tsx';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { GpStanding } from './GpStanding.tsx';
import { campaignName } from '../campaigns/campaignName.ts';

const pageSize = 20;

/** A GP's patient list, paged in the URL (?page=2). */
export function GpPage() {
  const { t } = useTranslation();
  usePageTitle(t('gp.title'));
  return (
    <Container className="my-5">
      <h1>{t('gp.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'gp'} forbidden={t('gp.gpsOnly')}>
        {() => <PatientList />}
      </RequireSession>
    </Container>
  );
}

function PatientList() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const page = readPage(params.get('page'));
  const patients = useApi(
    withQuery('/api/gp/patients', { limit: pageSize, offset: (page - 1) * pageSize }),
    patientPage,
  );
  // The same page of the same list (both ordered by name), with each record's consultation consent.
  const records = useApi(
    withQuery('/api/records/gp/patients', { limit: pageSize, offset: (page - 1) * pageSize }),
    gpPatients,
  );
  const consent = new Map(records.status === 'ok' ? records.data.items.map((p) => [p.fiscalCode, p.consent]) : []);
  const campaigns = useApi('/api/campaigns', campaignList);
  // The campaign a GP enrolls patients in: the demo one when open, else the first open one.
  const open = campaigns.status === 'ok' ? campaigns.data.filter((c) => c.open) : [];
  const campaign = open.find((c) => c.code === demoCampaign) ?? open[0] ?? null;
  return (
    <>
      <p className="lead">{t('gp.lead')}</p>
      {campaign !== null && <p>{t('gp.enroll.intro', { campaign: campaignName(t, campaign) })}</p>}
      <p role="status" className="fw-semibold" data-testid="patient-count">
        {patients.status === 'ok' ? t('gp.count', { count: patients.data.total }) : ''}
      </p>
      {patients.status === 'loading' && <Loading />}
      {patients.status === 'error' && <ApiProblem error={patients.error} onRetry={patients.reload} />}
      {patients.status === 'ok' && (
        <>
          <PatientTable patients={patients.data} campaign={campaign} consent={consent} />
          <PageLinks
            label={t('gp.pager')}
            page={page}
            pages={pagesFor(patients.data.total, pageSize)}
            hrefFor={(target) => (target > 1 ? `?page=${String(target)}` : '?')}
          />
        </>
      )}
    </>
  );
}

function PatientTable({
  patients,
  campaign,
  consent,
}: {
  patients: PatientPage;
  campaign: Campaign | null;
  consent: Map<string, boolean>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (patients.items.length === 0) return <p>{t('gp.none')}</p>;
  return (
    <TableScroller label={t('gp.caption')}>
      <Table striped className="salus-table">
        <caption>{t('gp.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gp.columns.name')}</th>
            <th scope="col">{t('gp.columns.fiscalCode')}</th>
            <th scope="col">{t('gp.columns.birthDate')}</th>
            <th scope="col">{t('gp.columns.record')}</th>
            {campaign !== null && <th scope="col">{t('gp.columns.enroll')}</th>}
          </tr>
        </thead>
        <tbody>
          {patients.items.map((patient) => (
            <tr key={patient.fiscalCode}>
              <th scope="row">
                <Link to={`/medico/assistiti/${encodeURIComponent(patient.fiscalCode)}`}>
                  {patient.familyName} {patient.givenName}
                </Link>
              </th>
              <td>
                <code>{patient.fiscalCode}</code>
              </td>
              <td>{format.date(patient.birthDate)}</td>
              <td>
                {consent.has(patient.fiscalCode)
                  ? consent.get(patient.fiscalCode) === true
                    ? t('gp.record.consented')
                    : t('gp.record.noConsent')
                  : ''}
              </td>
              {campaign !== null && (
                <td>
                  <GpStanding
                    campaign={campaign}
                    standing={patient.campaigns.find((c) => c.campaign === campaign.code)}
                    fiscalCode={patient.fiscalCode}
                    name={`${patient.givenName} ${patient.familyName}`}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
