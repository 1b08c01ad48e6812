import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from 'design-react-kit';
import type { Me } from '../api/identity.ts';
import { toApiError } from '../api/client.ts';
import { roleLabel } from '../session/roleLabel.ts';
import { useSession } from '../session/SessionContext.tsx';
import { ActingForSwitcher } from './ActingForSwitcher.tsx';
import { useDisclosure } from './useDisclosure.ts';

const panelId = 'account-menu';

/**
 * Who is logged in, always visible in the header: name, role and, for a
 * delegate, on whose behalf. The panel holds the personal pages, the
 * "acting for" switcher and logout.
 */
export function AccountMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { logout } = useSession();
  const { open, toggle, rootRef, toggleRef } = useDisclosure<HTMLDivElement, HTMLButtonElement>();
  const [leaving, setLeaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const role = me.role === null ? '' : roleLabel(t, me.role);
  const onBehalf = me.actingFor === null ? null : t('auth.onBehalfOf', { name: me.actingFor.name });

  const leave = () => {
    setLeaving(true);
    setFailed(false);
    logout().then(
      () => {
        setLeaving(false);
      },
      (error: unknown) => {
        console.warn('logout failed', toApiError(error));
        setLeaving(false);
        setFailed(true);
      },
    );
  };

  return (
    <div className="salus-user-menu" ref={rootRef}>
      <button
        ref={toggleRef}
        type="button"
        className="btn btn-sm salus-user-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        data-testid="account-toggle"
      >
        <Icon icon="it-user" size="sm" aria-hidden="true" className="salus-user-icon" />
        <span className="salus-user-who">
          <span className="salus-user-name">{me.name}</span>
          <span className="salus-user-role">
            {role}
            {onBehalf !== null && ` · ${onBehalf}`}
          </span>
        </span>
        <Icon icon="it-expand" size="sm" aria-hidden="true" className="salus-user-icon" />
      </button>
      <div id={panelId} className="salus-user-panel" hidden={!open}>
        <p className="salus-user-panel-title mb-0">{me.name}</p>
        <p className="small mb-3">
          {role}
          {onBehalf !== null && (
            <>
              <br />
              <strong>{onBehalf}</strong>
            </>
          )}
        </p>
        <ul className="link-list">
          {me.kind === 'citizen' && (
            <li>
              <Link className="list-item" to="/profilo">
                {t('nav.profile')}
              </Link>
            </li>
          )}
          {me.kind === 'citizen' && (
            <li>
              <Link className="list-item" to="/fascicolo">
                {t('nav.record')}
              </Link>
            </li>
          )}
          {me.role === 'gp' && (
            <li>
              <Link className="list-item" to="/medico">
                {t('nav.patients')}
              </Link>
            </li>
          )}
        </ul>
        {me.kind === 'citizen' && me.canActFor.length > 0 && <ActingForSwitcher me={me} />}
        <button type="button" className="btn btn-primary btn-sm w-100 mt-3" onClick={leave} disabled={leaving}>
          {t('auth.logout')}
        </button>
        {failed && (
          <p role="alert" className="text-danger small mt-2 mb-0">
            {t('auth.logoutFailed')}
          </p>
        )}
      </div>
    </div>
  );
}
