import { useTranslation } from 'react-i18next';
import { Alert, Container } from 'design-react-kit';
import { citizenProfile, type Me } from '../api/identity.ts';
import { useApi } from '../api/useApi.ts';
import { usePageTitle } from '../layout/usePageTitle.ts';
import { RequireSession } from '../session/RequireSession.tsx';
import { ApiProblem } from './ApiProblem.tsx';
import { Loading } from './Loading.tsx';
import { CitizenDetails } from './people/CitizenDetails.tsx';
import { AccessLogSection } from './profile/AccessLogSection.tsx';
import { DelegationsSection } from './profile/DelegationsSection.tsx';

/** A citizen's own page: their registry data, their delegates, and who has looked at their data. */
export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('profile.title'));
  return (
    <Container className="my-5">
      <h1>{t('profile.title')}</h1>
      <RequireSession as="citizen" allow={(me) => me.kind === 'citizen'} forbidden={t('profile.citizensOnly')}>
        {/* Keyed by whom the page is about: switching "acting for" starts it afresh. */}
        {(me) => <ProfileContent key={me.actingFor?.fiscalCode ?? 'self'} me={me} />}
      </RequireSession>
    </Container>
  );
}

function ProfileContent({ me }: { me: Me }) {
  const { t } = useTranslation();
  const subject = me.actingFor ?? { fiscalCode: me.fiscalCode ?? '', name: me.name ?? '' };
  return (
    <>
      {me.actingFor === null ? (
        <p className="lead mb-5">{t('profile.lead')}</p>
      ) : (
        <Alert color="info" fade={false} className="mb-5">
          {t('profile.actingFor', { name: me.actingFor.name })}
        </Alert>
      )}
      <PersonalData fiscalCode={subject.fiscalCode} name={me.actingFor === null ? null : subject.name} />
      {/* Only for oneself: a delegate may not name further delegates for someone else. */}
      {me.actingFor === null && <DelegationsSection />}
      <AccessLogSection subjectName={me.actingFor === null ? null : subject.name} />
    </>
  );
}

function PersonalData({ fiscalCode, name }: { fiscalCode: string; name: string | null }) {
  const { t } = useTranslation();
  const profile = useApi(`/api/citizens/${encodeURIComponent(fiscalCode)}`, citizenProfile);
  return (
    <section aria-labelledby="personal-data-heading" className="mb-5">
      <h2 id="personal-data-heading">
        {name === null ? t('profile.data.heading') : t('profile.data.headingFor', { name })}
      </h2>
      {profile.status === 'loading' && <Loading />}
      {profile.status === 'error' && <ApiProblem error={profile.error} onRetry={profile.reload} />}
      {profile.status === 'ok' && <CitizenDetails profile={profile.data} />}
    </section>
  );
}
