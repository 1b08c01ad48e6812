import { useTranslation } from 'react-i18next';
import { Callout, CalloutText, CalloutTitle } from 'design-react-kit';
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
    <Callout color="note" className="salus-callout">
      <CalloutTitle>{t('auth.required.title')}</CalloutTitle>
      <CalloutText>{t('auth.required.text')}</CalloutText>
      <div className="d-flex flex-wrap gap-2 mt-3">
        {as !== 'operator' && (
          <a className="btn btn-primary" href={loginHref('citizen', returnTo)}>
            {t('auth.loginAsCitizen')}
          </a>
        )}
        {as !== 'citizen' && (
          <a className={as === 'operator' ? 'btn btn-primary' : 'btn btn-outline-primary'} href={loginHref('operator', returnTo)}>
            {t('auth.loginAsOperator')}
          </a>
        )}
      </div>
    </Callout>
  );
}
