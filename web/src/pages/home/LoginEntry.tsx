import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { loginHref, personalAreaPath } from '../../session/login.ts';
import { useSession } from '../../session/SessionContext.tsx';

/**
 * The home page's way into the personal area. Logins are plain links to the
 * server's /auth/login (the provider's pages are not part of this app); a
 * citizen comes back to their profile, an operator to the page for their role.
 */
export function LoginEntry() {
  const { t } = useTranslation();
  const { state, me } = useSession();
  // Nothing until /api/me answers, so a logged-in person never sees "Accedi" flash.
  if (state.status === 'loading') return null;
  if (me !== null) {
    return (
      <div className="d-flex flex-wrap gap-3 mt-4">
        <Link className="btn btn-primary" to={personalAreaPath}>
          {t('home.login.goToArea')}
        </Link>
      </div>
    );
  }
  return (
    <div className="d-flex flex-wrap gap-3 mt-4">
      <a className="btn btn-primary" href={loginHref('citizen', '/profilo')}>
        {t('auth.loginAsCitizen')}
      </a>
      <a className="btn btn-outline-primary" href={loginHref('operator', personalAreaPath)}>
        {t('auth.loginAsOperator')}
      </a>
    </div>
  );
}
