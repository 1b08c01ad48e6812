import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { certificateList, holderFile, type CertificateSummary } from '../../api/certificates.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { certificateFacts, certificateTitle } from './labels.ts';

/** "Le mie certificazioni verdi": the holder's (or their delegator's) certificates, with the QR code, PNG and PDF. */
export function MyCertificatesPage() {
  const { t } = useTranslation();
  usePageTitle(t('greenpass.mine.title'));
  return (
    <Container className="my-5">
      <h1>{t('greenpass.mine.title')}</h1>
      <RequireSession as="citizen" allow={(me) => me.kind === 'citizen'} forbidden={t('greenpass.mine.citizensOnly')}>
        {(me) => <CertificateList whose={me.actingFor?.name ?? null} />}
      </RequireSession>
    </Container>
  );
}

function CertificateList({ whose }: { whose: string | null }) {
  const { t } = useTranslation();
  const list = useApi('/api/me/certificates', certificateList);
  return (
    <>
      <p className="lead">{whose === null ? t('greenpass.mine.lead') : t('greenpass.mine.leadFor', { name: whose })}</p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && list.data.length === 0 && <p data-testid="no-certificates">{t('greenpass.mine.none')}</p>}
      {list.status === 'ok' && list.data.length > 0 && (
        <ul className="list-unstyled">
          {list.data.map((c) => (
            <li key={c.uvci} className="mb-4">
              <CertificateCard certificate={c} />
            </li>
          ))}
        </ul>
      )}
      <p className="mt-4">
        {t('greenpass.mine.verifyHint')} <Link to="/verifica">{t('greenpass.mine.verifyLink')}</Link>
      </p>
    </>
  );
}

function CertificateCard({ certificate: c }: { certificate: CertificateSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = certificateTitle(t, c);
  const headingId = `dcc-${c.uvci.replace(/[^A-Z0-9]/gi, '')}`;
  const facts: [string, string][] = [
    [t('greenpass.fact.holder'), c.holder.name],
    [t('greenpass.fact.birthDate'), format.date(c.holder.birthDate)],
    ...certificateFacts(t, format, c),
    [t('greenpass.fact.issuedAt'), format.dateTime(c.issuedAt)],
    [t('greenpass.fact.identifier'), c.uvci],
  ];
  return (
    <article className="salus-dcc-card card shadow-sm" aria-labelledby={headingId} data-testid="certificate">
      <div className="card-body d-flex flex-wrap gap-4">
        <img src={holderFile(c.uvci, 'qr')} alt={t('greenpass.mine.qrAlt', { what: title })} width={240} height={240} className="salus-dcc-qr" data-testid="certificate-qr" />
        <div className="flex-grow-1">
          <h2 id={headingId} className="h4">{title}</h2>
          {c.revoked && (
            <p className="badge bg-danger fs-6" data-testid="revoked">
              {t('greenpass.mine.revoked')}
            </p>
          )}
          <dl className="salus-dcc-facts">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd className="text-break">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="d-flex flex-wrap gap-2">
            <a className="btn btn-primary" href={holderFile(c.uvci, 'qr', true)} download aria-label={t('greenpass.mine.downloadPngLabel', { what: title })}>
              {t('greenpass.mine.downloadPng')}
            </a>
            <a className="btn btn-outline-primary" href={holderFile(c.uvci, 'pdf', true)} download aria-label={t('greenpass.mine.downloadPdfLabel', { what: title })}>
              {t('greenpass.mine.downloadPdf')}
            </a>
          </div>
        </div>
      </div>
    </article>
  );
}
