import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Container } from 'design-react-kit';
import { citizenProfile } from '../../api/identity.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { useSession } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CitizenDetails } from '../people/CitizenDetails.tsx';
import { PatientRecord } from './PatientRecord.tsx';

const isGp = (role: string | null | undefined) => role === 'gp';

/** One patient's registry data and FSE, for their GP. Reading them is recorded in the patient's access log. */
export function PatientPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { fiscalCode = '' } = useParams();
  return (
    <Container className="my-5">
      <p className="mb-3">
        <Link to="/medico">{t('patient.back')}</Link>
      </p>
      {isGp(me?.role) ? (
        <PatientData fiscalCode={fiscalCode} />
      ) : (
        <>
          <PatientHeading name={null} />
          <RequireSession as="operator" allow={(who) => isGp(who.role)} forbidden={t('gp.gpsOnly')}>
            {() => null}
          </RequireSession>
        </>
      )}
    </Container>
  );
}

/** The patient's name is the page's heading once known. */
function PatientHeading({ name }: { name: string | null }) {
  const { t } = useTranslation();
  usePageTitle(name ?? t('patient.title'));
  return (
    <>
      <p className="salus-eyebrow mb-1">{t('patient.title')}</p>
      <h1>{name ?? t('patient.title')}</h1>
    </>
  );
}

function PatientData({ fiscalCode }: { fiscalCode: string }) {
  const { t } = useTranslation();
  const profile = useApi(`/api/citizens/${encodeURIComponent(fiscalCode)}`, citizenProfile);
  const name = profile.status === 'ok' ? `${profile.data.givenName} ${profile.data.familyName}` : null;
  return (
    <>
      <PatientHeading name={name} />
      {profile.status === 'loading' && <Loading />}
      {profile.status === 'error' && <ApiProblem error={profile.error} onRetry={profile.reload} />}
      {profile.status === 'ok' && (
        <section aria-labelledby="patient-data-heading" className="mt-4 mb-5">
          <h2 id="patient-data-heading" className="h3">
            {t('patient.data')}
          </h2>
          <p>{t('patient.logged')}</p>
          <CitizenDetails profile={profile.data} />
        </section>
      )}
      {profile.status === 'ok' && <PatientRecord fiscalCode={fiscalCode} />}
    </>
  );
}
