import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Icon } from 'design-react-kit';
import { loginHref, personalAreaPath } from '../session/login.ts';
import { useDisclosure } from './useDisclosure.ts';

const panelId = 'login-menu';

/** Where to come back after logging in: this page, or the personal area from the home page. */
export function useReturnPath(): string {
  const { pathname, search } = useLocation();
  return pathname === '/' ? personalAreaPath : pathname + search;
}

/** "Accedi", opening the two ways in: as a citizen or as a health worker. */
export function LoginMenu() {
  const { t } = useTranslation();
  const { open, toggle, rootRef, toggleRef } = useDisclosure<HTMLDivElement, HTMLButtonElement>();
  const returnTo = useReturnPath();
  return (
    <div className="salus-user-menu" ref={rootRef}>
      <button
        ref={toggleRef}
        type="button"
        className="btn btn-sm salus-user-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
      >
        <Icon icon="it-user" size="sm" aria-hidden="true" className="salus-user-icon" />
        <span>{t('auth.login')}</span>
        <Icon icon="it-expand" size="sm" aria-hidden="true" className="salus-user-icon" />
      </button>
      <div id={panelId} className="salus-user-panel" hidden={!open}>
        <p className="salus-user-panel-title">{t('auth.loginHow')}</p>
        <ul className="link-list">
          <li>
            <a className="list-item" href={loginHref('citizen', returnTo)}>
              <span className="fw-semibold">{t('auth.asCitizen')}</span>
              <small className="d-block">{t('auth.asCitizenHint')}</small>
            </a>
          </li>
          <li>
            <a className="list-item" href={loginHref('operator', returnTo)}>
              <span className="fw-semibold">{t('auth.asOperator')}</span>
              <small className="d-block">{t('auth.asOperatorHint')}</small>
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}
