import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Card, Col, Container, Row } from 'design-react-kit';
import { campaign as campaignDecoder, type Campaign } from '../../api/campaigns.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CohortList } from './CohortList.tsx';
import { SpidEnroll } from './SpidEnroll.tsx';
import { campaignName } from './campaignName.ts';

/** A campaign: who may enroll and when, the three ways to enroll, and why there is no hurry. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const campaign = useApi(`/api/campaigns/${encodeURIComponent(code)}`, campaignDecoder);
  const name = campaign.status === 'ok' ? campaignName(t, campaign.data) : t('campaign.title');
  usePageTitle(name);
  return (
    <Container className="my-5">
      <p className="salus-eyebrow mb-1">{t('campaign.title')}</p>
      <h1>{name}</h1>
      {campaign.status === 'loading' && <Loading />}
      {campaign.status === 'error' && <ApiProblem error={campaign.error} onRetry={campaign.reload} />}
      {campaign.status === 'ok' && <CampaignDetails campaign={campaign.data} />}
    </Container>
  );
}

function CampaignDetails({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notYet = !campaign.open && Date.parse(campaign.opensAt) > Date.now();
  return (
    <>
      <p className="lead mb-5">{t('campaign.lead')}</p>
      {!campaign.open && (
        <Alert color="info" fade={false}>
          {notYet ? t('campaign.opensOn', { date: format.dateTime(campaign.opensAt) }) : t('campaign.closed')}
        </Alert>
      )}
      <section aria-labelledby="cohorts-heading" className="mb-5">
        <h2 id="cohorts-heading">{t('campaign.cohorts.heading')}</h2>
        <p>{t('campaign.cohorts.intro')}</p>
        <CohortList cohorts={campaign.cohorts} />
      </section>

      <section aria-labelledby="how-heading" className="mb-5">
        <h2 id="how-heading" className="mb-4">
          {t('campaign.how.heading')}
        </h2>
        <Row tag="ul" className="list-unstyled g-4">
          <Col tag="li" xs={12} lg={4}>
            <Card tag="div" rounded shadow="sm" fullHeight borderTop>
              <h3 className="it-card-title h5">{t('campaign.how.online.title')}</h3>
              <div className="it-card-body">
                <p className="it-card-text">{t('campaign.how.online.text')}</p>
                {campaign.open && (
                  <Link className="btn btn-primary" to={`/adesione/${campaign.code}`}>
                    {t('campaign.how.online.start')}
                  </Link>
                )}
              </div>
            </Card>
          </Col>
          <Col tag="li" xs={12} lg={4}>
            <Card tag="div" rounded shadow="sm" fullHeight borderTop>
              <h3 className="it-card-title h5">{t('campaign.how.spid.title')}</h3>
              <div className="it-card-body">
                <SpidEnroll campaign={campaign} />
              </div>
            </Card>
          </Col>
          <Col tag="li" xs={12} lg={4}>
            <Card tag="div" rounded shadow="sm" fullHeight borderTop>
              <h3 className="it-card-title h5">{t('campaign.how.operators.title')}</h3>
              <div className="it-card-body">
                <p className="it-card-text">{t('campaign.how.operators.text')}</p>
              </div>
            </Card>
          </Col>
        </Row>
        <p className="mt-4">
          {t('campaign.how.resumeIntro')} <Link to={`/riprendi?c=${campaign.code}`}>{t('campaign.how.resume')}</Link>
        </p>
      </section>

      <section aria-labelledby="hurry-heading" className="mb-5">
        <h2 id="hurry-heading">{t('campaign.hurry.heading')}</h2>
        <p>{t('campaign.hurry.text')}</p>
        <p>{t('campaign.hurry.products', { products: campaign.products.join(', ') })}</p>
      </section>
    </>
  );
}
