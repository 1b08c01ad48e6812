import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { demoInfo, registryStats } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { usePageTitle } from '../layout/usePageTitle.ts';
import { ApiProblem } from './ApiProblem.tsx';
import { Loading } from './Loading.tsx';
import { ServiceCards } from './home/ServiceCards.tsx';
import { RegistryFigures } from './home/RegistryFigures.tsx';
import { DemoAccounts } from './home/DemoAccounts.tsx';
import { DemoCandidates } from './home/DemoCandidates.tsx';
import { LoginEntry } from './home/LoginEntry.tsx';
import { EntryPoints } from './home/EntryPoints.tsx';

/**
 * The explanation is static and always shown; the live sections load on their
 * own, so a registry outage degrades one section instead of the whole page.
 */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('app.name'));
  const stats = useApi('/api/registry/stats', registryStats);
  const demo = useApi('/api/demo', demoInfo);

  return (
    <>
      <div className="salus-hero py-5 mb-5">
        <Container>
          <h1 className="mb-3">{t('home.title')}</h1>
          <p className="lead mb-0">{t('home.lead')}</p>
          <LoginEntry />
        </Container>
      </div>
      <Container>
        {demo.status === 'ok' && demo.data.enabled && <EntryPoints />}
        <ServiceCards />

        <section aria-labelledby="figures-heading" className="mb-5">
          <h2 id="figures-heading">{t('home.figures.heading')}</h2>
          <p>{t('home.figures.intro')}</p>
          {stats.status === 'loading' && <Loading />}
          {stats.status === 'error' && <ApiProblem error={stats.error} onRetry={stats.reload} />}
          {stats.status === 'ok' && <RegistryFigures stats={stats.data} />}
        </section>

        {/* Outside demo mode there is no section at all. If /api/demo fails the
            section is left out too: the figures above already tell the user. */}
        {demo.status === 'ok' && demo.data.enabled && (
          <section aria-labelledby="demo-heading" className="mb-5">
            <h2 id="demo-heading">{t('home.demo.heading')}</h2>
            <p>{t('home.demo.intro')}</p>
            <DemoAccounts accounts={demo.data.accounts} password={demo.data.password} />
            <p className="mt-3">
              {t('home.demo.phones')} <Link to="/telefoni">{t('home.demo.phonesLink')}</Link>
            </p>
          </section>
        )}
        {demo.status === 'ok' && demo.data.enabled && <DemoCandidates people={demo.data.notEnrolled} />}

        <section aria-labelledby="more-heading" className="mb-5">
          <h2 id="more-heading">{t('home.more.heading')}</h2>
          <ul className="salus-links">
            <li>
              <Link to="/campagne/covid-over80">{t('home.more.campaign')}</Link>
            </li>
            <li>
              <Link to="/registry">{t('home.more.registry')}</Link>
            </li>
            <li>
              <a href="/docs">{t('home.more.api')}</a>
            </li>
          </ul>
        </section>
      </Container>
    </>
  );
}
