import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../api/identity.ts';
import { ActingForSwitcher } from '../../layout/ActingForSwitcher.tsx';

/**
 * Delegates: whoever a citizen has delegated sees and manages this record for them,
 * by choosing whom they act for (the same switcher as in the account menu).
 * Delegations themselves are given and revoked on the profile page.
 */
export function DelegatesSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <section id="delegati" aria-labelledby="delegates-heading" className="mb-5">
      <h2 id="delegates-heading">{t('fse.delegates.heading')}</h2>
      <p>
        {me.actingFor === null ? t('fse.delegates.intro') : t('fse.delegates.actingFor', { name: me.actingFor.name })}
      </p>
      {me.canActFor.length > 0 && (
        <div className="salus-fse-acting-for">
          <ActingForSwitcher me={me} labelId="fse-acting-for-label" />
        </div>
      )}
      {me.actingFor === null && (
        <p className="mt-3">
          <Link to="/profilo">{t('fse.delegates.manage')}</Link>
        </p>
      )}
    </section>
  );
}
