import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Container } from 'design-react-kit';
import { citizenProfile } from '../../api/identity.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CitizenDetails } from '../people/CitizenDetails.tsx';

/** One patient's registry data, for their GP. Reading it is recorded in the patient's access log. */
export function PatientPage() {
  const { t } = useTranslation();
  const { fiscalCode = '' } = useParams();
  usePageTitle(t('patient.title'));
  return (
    <Container className="my-5">
      <p className="mb-3">
        <Link to="/medico">{t('patient.back')}</Link>
      </p>
      <h1>{t('patient.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'gp'} forbidden={t('gp.gpsOnly')}>
        {() => <PatientData fiscalCode={fiscalCode} />}
      </RequireSession>
    </Container>
  );
}

function PatientData({ fiscalCode }: { fiscalCode: string }) {
  const { t } = useTranslation();
  const profile = useApi(`/api/citizens/${encodeURIComponent(fiscalCode)}`, citizenProfile);
  if (profile.status === 'loading') return <Loading />;
  if (profile.status === 'error') return <ApiProblem error={profile.error} onRetry={profile.reload} />;
  const { givenName, familyName } = profile.data;
  return (
    <section aria-labelledby="patient-data-heading">
      <h2 id="patient-data-heading">{t('patient.data', { name: `${givenName} ${familyName}` })}</h2>
      <p>{t('patient.logged')}</p>
      <CitizenDetails profile={profile.data} />
    </section>
  );
}
