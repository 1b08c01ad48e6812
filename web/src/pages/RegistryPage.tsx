import { useTranslation } from 'react-i18next';
import { Col, Container, Row } from 'design-react-kit';
import { registryStats } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { usePageTitle } from '../layout/usePageTitle.ts';
import { ApiProblem } from './ApiProblem.tsx';
import { Loading } from './Loading.tsx';
import { ServiceUnavailable } from './ServiceUnavailable.tsx';
import { AgeBandTable } from './registry/AgeBandTable.tsx';
import { MunicipalitySearch } from './registry/MunicipalitySearch.tsx';
import { ProvinceTable } from './registry/ProvinceTable.tsx';

export function RegistryPage() {
  const { t } = useTranslation();
  const stats = useApi('/api/registry/stats', registryStats);
  usePageTitle(t('registry.title'));

  // Every section of this page is registry data: if the registry is down the
  // whole page becomes the calm "try again" page.
  if (stats.status === 'error' && stats.error.unavailable) return <ServiceUnavailable onRetry={stats.reload} />;

  return (
    <Container className="my-5">
      <h1>{t('registry.title')}</h1>
      <p className="lead mb-5">{t('registry.lead')}</p>
      {stats.status === 'loading' && <Loading />}
      {stats.status === 'error' && <ApiProblem error={stats.error} onRetry={stats.reload} />}
      {stats.status === 'ok' && (
        <>
          <Row className="gy-5 gx-lg-5 mb-5">
            <Col xs={12} xl={8}>
              <section aria-labelledby="by-province-heading">
                <h2 id="by-province-heading">{t('registry.byProvince.heading')}</h2>
                <ProvinceTable provinces={stats.data.byProvince} />
              </section>
            </Col>
            <Col xs={12} xl={4}>
              <section aria-labelledby="by-age-heading">
                <h2 id="by-age-heading">{t('registry.byAge.heading')}</h2>
                <AgeBandTable bands={stats.data.byAgeBand} />
              </section>
            </Col>
          </Row>
          <MunicipalitySearch provinces={stats.data.byProvince} />
        </>
      )}
    </Container>
  );
}
