import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { Container } from 'design-react-kit';
import { usePageTitle } from '../layout/usePageTitle.ts';
import { useSession } from '../session/SessionContext.tsx';
import { LoginPrompt } from '../session/LoginPrompt.tsx';
import { ApiProblem } from './ApiProblem.tsx';
import { Loading } from './Loading.tsx';

/**
 * Where logins from the home page come back to: it sends each person to the
 * page for their role, so one "Accedi come operatore" link serves every role.
 */
export function PersonalAreaPage() {
  const { t } = useTranslation();
  const session = useSession();
  usePageTitle(t('area.title'));
  const me = session.me;
  if (me?.kind === 'citizen') return <Navigate to="/profilo" replace />;
  if (me?.role === 'gp') return <Navigate to="/medico" replace />;
  if (me?.role === 'pharmacist') return <Navigate to="/farmacia" replace />;
  if (me?.role === 'vaccinator') return <Navigate to="/centro" replace />;
  if (me?.role === 'region') return <Navigate to="/regione/capacita" replace />;
  return (
    <Container className="my-5">
      <h1>{t('area.title')}</h1>
      {session.state.status === 'loading' && <Loading />}
      {session.state.status === 'error' && (
        <ApiProblem
          error={session.state.error}
          onRetry={() => {
            void session.reload();
          }}
        />
      )}
      {session.state.status === 'ok' && me === null && <LoginPrompt />}
      {me !== null && <p className="lead">{t('area.noPages', { name: me.name ?? '' })}</p>}
      <p>
        <Link to="/fascicolo/certificati">{t('area.certificates')}</Link>
      </p>
    </Container>
  );
}
