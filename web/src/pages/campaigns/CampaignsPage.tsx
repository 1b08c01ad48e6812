import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { campaignList } from '../../api/campaigns.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { campaignName } from './campaignName.ts';

/** Every vaccination campaign, open or planned. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('campaigns.title'));
  const campaigns = useApi('/api/campaigns', campaignList);
  return (
    <Container className="my-5">
      <h1>{t('campaigns.title')}</h1>
      <p className="lead">{t('campaigns.lead')}</p>
      {campaigns.status === 'loading' && <Loading />}
      {campaigns.status === 'error' && <ApiProblem error={campaigns.error} onRetry={campaigns.reload} />}
      {campaigns.status === 'ok' &&
        (campaigns.data.length === 0 ? (
          <p>{t('campaigns.none')}</p>
        ) : (
          <ul className="salus-links">
            {campaigns.data.map((c) => (
              <li key={c.code}>
                <Link to={`/campagne/${c.code}`}>{campaignName(t, c)}</Link>{' '}
                <span className="text-secondary">
                  {c.open
                    ? t('campaigns.open')
                    : Date.parse(c.opensAt) > Date.now()
                      ? t('campaigns.opensOn', { date: format.dateTime(c.opensAt) })
                      : t('campaigns.closed')}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </Container>
  );
}
