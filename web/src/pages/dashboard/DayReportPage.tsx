import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Container, Table } from 'design-react-kit';
import { dayReport } from '../../api/dashboard.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { dayAhead } from '../appointments/labels.ts';
import { Loading } from '../Loading.tsx';
import { countText } from './figures.ts';
import { channelLabel } from './labels.ts';

/** The figures the region announces in the evening, on one printable page. */
export function DayReportPage() {
  const { t } = useTranslation();
  usePageTitle(t('report.title'));
  return (
    <Container className="my-5 salus-report">
      <h1>{t('report.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'region'} forbidden={t('dashboard.regionOnly')}>
        {() => <Report />}
      </RequireSession>
    </Container>
  );
}

function Report() {
  const { t } = useTranslation();
  const format = useFormat();
  const [day, setDay] = useState(dayAhead(0));
  const report = useApi(`/api/dashboard/day-report?day=${encodeURIComponent(day)}`, dayReport);
  return (
    <>
      <div className="salus-no-print mb-4">
        <p>
          <Link to="/regione/cruscotto">{t('report.back')}</Link>
        </p>
        <div className="salus-field salus-narrow mb-3">
          <label htmlFor="report-day" className="form-label">
            {t('report.day')}
          </label>
          <input
            id="report-day"
            type="date"
            className="form-control"
            value={day}
            onChange={(e) => {
              if (e.target.value) setDay(e.target.value);
            }}
          />
        </div>
        <Button
          color="primary"
          onClick={() => {
            window.print();
          }}
        >
          {t('report.print')}
        </Button>
      </div>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ApiProblem error={report.error} onRetry={report.reload} />}
      {report.status === 'ok' && (
        <section aria-labelledby="report-heading" data-testid="day-report">
          <h2 id="report-heading">{t('report.heading', { day: format.weekday(report.data.day) })}</h2>
          <p className="lead" data-testid="report-summary">
            {t('report.summary', {
              total: countText(report.data.enrollmentsTotal, format.number, t('dashboard.hidden')),
            })}
          </p>
          <Table className="salus-report-table">
            <caption>{t('report.caption')}</caption>
            <tbody>
              {report.data.enrollmentsByChannel.map((c) => (
                <tr key={c.channel}>
                  <th scope="row">{t('report.byChannel', { channel: channelLabel(t, c.channel) })}</th>
                  <td>{countText(c.count, format.number, t('dashboard.hidden'))}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('report.enrollmentsTotal')}</th>
                <td>{countText(report.data.enrollmentsTotal, format.number, t('dashboard.hidden'))}</td>
              </tr>
              <tr>
                <th scope="row">{t('report.appointments')}</th>
                <td>{countText(report.data.appointmentsBooked, format.number, t('dashboard.hidden'))}</td>
              </tr>
              <tr>
                <th scope="row">{t('report.doses')}</th>
                <td>{countText(report.data.dosesAdministered, format.number, t('dashboard.hidden'))}</td>
              </tr>
              <tr>
                <th scope="row">{t('report.certificates')}</th>
                <td>{countText(report.data.certificatesIssued, format.number, t('dashboard.hidden'))}</td>
              </tr>
            </tbody>
          </Table>
          <p className="small">{t('report.privacy')}</p>
          <p className="small">
            {t('dashboard.enrollments.suppression', { value: countText(null, format.number, t('dashboard.hidden')) })}
          </p>
        </section>
      )}
    </>
  );
}
