import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Container } from 'design-react-kit';
import { refusalList, refusedForwardsPath } from '../../api/forwarding.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { RefusalCard } from './RefusalCard.tsx';

/**
 * The national refusals waiting for a person (issue 20 item 3): a region operator resends one after a fix, or
 * drops it with a reason. The region's role: its work spans every facility, as the refusals do.
 */
export function RefusedForwardsPage() {
  const { t } = useTranslation();
  usePageTitle(t('refusedForwards.title'));
  return (
    <Container className="my-5">
      <h1>{t('refusedForwards.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'region'} forbidden={t('refusedForwards.regionOnly')}>
        {() => <RefusedForwards />}
      </RequireSession>
    </Container>
  );
}

function RefusedForwards() {
  const { t } = useTranslation();
  const list = useApi(refusedForwardsPath, refusalList);
  // The last decision's message stays above the list, which reloads without the decided refusal.
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <p className="lead">{t('refusedForwards.lead')}</p>
      <div aria-live="polite">
        {done !== null && (
          <Alert color="success" fade={false} role="status" data-testid="refusal-done">
            {done}
          </Alert>
        )}
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' &&
        (list.data.items.length === 0 ? (
          <p data-testid="refusals-none">{t('refusedForwards.none')}</p>
        ) : (
          <>
            <p data-testid="refusals-count">{t('refusedForwards.count', { count: list.data.items.length })}</p>
            <ul className="list-unstyled">
              {list.data.items.map((refusal) => (
                <li key={`${refusal.id}-${String(refusal.attempts)}`}>
                  <RefusalCard
                    refusal={refusal}
                    onDecided={(message) => {
                      setDone(message);
                      list.reload();
                    }}
                  />
                </li>
              ))}
            </ul>
          </>
        ))}
    </>
  );
}
