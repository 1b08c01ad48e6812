import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { certificateList, holderFile } from '../../api/certificates.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CertificateCard } from './CertificateCard.tsx';

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
      {list.status === 'ok' && list.data.length === 0 && (
        <p data-testid="no-certificates">{t('greenpass.mine.none')}</p>
      )}
      {list.status === 'ok' && list.data.length > 0 && (
        <ul className="list-unstyled">
          {list.data.map((c) => (
            <li key={c.uvci} className="mb-4">
              <CertificateCard
                certificate={c}
                files={{
                  qr: holderFile(c.uvci, 'qr'),
                  pngDownload: holderFile(c.uvci, 'qr', true),
                  pdfDownload: holderFile(c.uvci, 'pdf', true),
                }}
              />
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
