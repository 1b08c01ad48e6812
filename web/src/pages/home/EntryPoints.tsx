import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, Col, Row } from 'design-react-kit';

interface Entry {
  id: string;
  title: string;
  text: string;
  /** Which demo account to use, in words; null when no login is needed. */
  account: ReactNode;
  link: ReactNode;
}

function Account({ username }: { username: string }) {
  return <code>{username}</code>;
}

/**
 * Demo mode: one-click entry points into each part of Salus, each saying which
 * demo account to log in with (the password is in the table below).
 */
export function EntryPoints() {
  const { t } = useTranslation();
  // Listed explicitly (not looped over key names) so the i18n check can see every key.
  const entries: Entry[] = [
    {
      id: 'enroll',
      title: t('home.entry.enroll.title'),
      text: t('home.entry.enroll.text'),
      account: (
        <>
          {t('home.entry.enroll.account')} <Account username="maria.brambilla" />
        </>
      ),
      link: <Link to="/campagne/covid-over80">{t('home.entry.enroll.link')}</Link>,
    },
    {
      id: 'phones',
      title: t('home.entry.phones.title'),
      text: t('home.entry.phones.text'),
      account: t('home.entry.noLogin'),
      link: <Link to="/telefoni">{t('home.entry.phones.link')}</Link>,
    },
    {
      id: 'gp',
      title: t('home.entry.gp.title'),
      text: t('home.entry.gp.text'),
      account: <Account username="mmg.colombo" />,
      link: <Link to="/medico">{t('home.entry.gp.link')}</Link>,
    },
    {
      id: 'pharmacy',
      title: t('home.entry.pharmacy.title'),
      text: t('home.entry.pharmacy.text'),
      account: <Account username="farm.galli" />,
      link: <Link to="/farmacia">{t('home.entry.pharmacy.link')}</Link>,
    },
    {
      id: 'centre',
      title: t('home.entry.centre.title'),
      text: t('home.entry.centre.text'),
      account: <Account username="vacc.ferrari" />,
      link: <Link to="/centro">{t('home.entry.centre.link')}</Link>,
    },
    {
      id: 'dashboard',
      title: t('home.entry.dashboard.title'),
      text: t('home.entry.dashboard.text'),
      account: <Account username="regione.fontana" />,
      link: <Link to="/regione/cruscotto">{t('home.entry.dashboard.link')}</Link>,
    },
    {
      id: 'fse',
      title: t('home.entry.fse.title'),
      text: t('home.entry.fse.text'),
      account: <Account username="maria.brambilla" />,
      link: (
        <>
          <Link to="/fascicolo">{t('home.entry.fse.link')}</Link> ·{' '}
          <a href="/fhir/R4/metadata">{t('home.entry.fse.api')}</a>
        </>
      ),
    },
    {
      id: 'verifier',
      title: t('home.entry.verifier.title'),
      text: t('home.entry.verifier.text'),
      account: t('home.entry.noLogin'),
      link: (
        <>
          <Link to="/verifica">{t('home.entry.verifier.link')}</Link> ·{' '}
          <Link to="/certificato">{t('home.entry.verifier.retrieve')}</Link>
        </>
      ),
    },
  ];
  return (
    <section aria-labelledby="entry-heading" className="mb-5 salus-entry-points" data-testid="entry-points">
      <h2 id="entry-heading">{t('home.entry.heading')}</h2>
      <p>{t('home.entry.intro')}</p>
      <Row tag="ul" className="list-unstyled g-4">
        {entries.map((entry) => (
          <Col tag="li" key={entry.id} xs={12} md={6} xl={4} data-testid={`entry-${entry.id}`}>
            <Card tag="div" rounded shadow="sm" fullHeight borderTop>
              <h3 className="it-card-title h5">{entry.title}</h3>
              <div className="it-card-body">
                <p className="it-card-text">{entry.text}</p>
                <p className="it-card-text">
                  <span className="fw-semibold">{t('home.entry.account')}</span> {entry.account}
                </p>
                <p className="mb-0">{entry.link}</p>
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}
