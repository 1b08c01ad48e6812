import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * The sections of "Il mio fascicolo". One item per line: a section of this page is
 * an anchor ("#documenti"), a page of its own a route ("/fascicolo/…"), so adding
 * one is a one-line edit.
 */
export function FascicoloNav() {
  const { t } = useTranslation();
  const items: { to: string; label: string }[] = [
    { to: '#documenti', label: t('fse.nav.documents') },
    { to: '#ricette', label: t('fse.nav.prescriptions') },
    { to: '#esenzioni', label: t('fse.nav.exemptions') },
    { to: '#esami', label: t('fse.nav.lab') },
    { to: '#vaccinazioni', label: t('fse.nav.vaccinations') },
    { to: '#consenso', label: t('fse.nav.consent') },
    { to: '#accessi', label: t('fse.nav.accesses') },
    { to: '#delegati', label: t('fse.nav.delegates') },
    { to: '/fascicolo/certificati', label: t('fse.nav.certificates') },
  ];
  return (
    <nav aria-label={t('fse.nav.label')} className="salus-fse-nav">
      <ul className="link-list">
        {items.map((item) => (
          <li key={item.to}>
            {item.to.startsWith('#') ? (
              <a className="list-item" href={item.to}>
                {item.label}
              </a>
            ) : (
              <Link className="list-item" to={item.to}>
                {item.label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
