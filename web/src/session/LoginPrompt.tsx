import { useTranslation } from 'react-i18next';
import { useReturnPath } from '../layout/LoginMenu.tsx';
import { loginHref, type LoginAs } from './login.ts';

interface Props {
  /** The kind of login this page needs; both are offered when it is not known. */
  as?: LoginAs;
}

/** Shown where a page needs a login (nobody is logged in, or the session ended): the way in, coming back here. */
export function LoginPrompt({ as }: Props) {
  const { t } = useTranslation();
  const returnTo = useReturnPath();
  return (
    // A plain box rather than the kit's Callout, whose serif text and link
    // colours would override the buttons' own.
    <div className="salus-login-prompt">
      <p className="h5 mb-2">{t('auth.required.title')}</p>
      <p>{t('auth.required.text')}</p>
      <div className="d-flex flex-wrap gap-2">
        {as !== 'operator' && (
          <a className="btn btn-primary" href={loginHref('citizen', returnTo)}>
            {t('auth.loginAsCitizen')}
          </a>
        )}
        {as !== 'citizen' && (
          <a
            className={as === 'operator' ? 'btn btn-primary' : 'btn btn-outline-primary'}
            href={loginHref('operator', returnTo)}
          >
            {t('auth.loginAsOperator')}
          </a>
        )}
      </div>
    </div>
  );
}
