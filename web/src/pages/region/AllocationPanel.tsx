import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { campaignList, demoCampaign } from '../../api/campaigns.ts';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { allocationReport, type AllocationReport } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { CampaignPicker } from '../operators/CampaignPicker.tsx';

/**
 * Runs the allocator now for a campaign. It also runs by itself every 5
 * minutes and after every change, so this is for seeing the result at once.
 */
export function AllocationPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const campaigns = useApi('/api/campaigns', campaignList);
  const open = campaigns.status === 'ok' ? campaigns.data.filter((c) => c.open) : [];
  const [chosen, setChosen] = useState<string | null>(null);
  const campaign = chosen ?? open.find((c) => c.code === demoCampaign)?.code ?? open[0]?.code ?? null;
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<AllocationReport | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign: null, audience: 'operator' }, failure);

  const run = () => {
    if (campaign === null) return;
    setBusy(true);
    setFailure(null);
    send('POST', '/api/scheduling/allocate', { csrfToken, body: { campaign }, decoder: allocationReport }).then(
      (answer) => {
        setBusy(false);
        setReport(answer);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <section aria-labelledby="allocation-heading" className="mb-5">
      <h2 id="allocation-heading">{t('region.allocation.heading')}</h2>
      <p>{t('region.allocation.intro')}</p>
      {open.length === 0 && campaigns.status === 'ok' && <p>{t('operatorEnroll.noCampaign')}</p>}
      {open.length > 0 && campaign !== null && (
        <>
          <CampaignPicker id="allocation-campaign" campaigns={open} value={campaign} onChange={setChosen} />
          <Button color="primary" onClick={run} disabled={busy}>
            {busy ? t('region.allocation.running') : t('region.allocation.run')}
          </Button>
        </>
      )}
      {problem !== null && <ProblemAlert problem={problem} />}
      <div role="status" className="mt-3">
        {report !== null && (
          <div data-testid="allocation-report">
            <p className="fw-semibold mb-2">{t('region.allocation.done')}</p>
            <dl className="salus-facts">
              <dt>{t('region.allocation.demand')}</dt>
              <dd>{format.number(report.demand)}</dd>
              <dt>{t('region.allocation.firstDoses')}</dt>
              <dd data-testid="allocated-first">{format.number(report.firstDoses)}</dd>
              <dt>{t('region.allocation.secondDoses')}</dt>
              <dd>{format.number(report.secondDoses)}</dd>
              <dt>{t('region.allocation.unallocated')}</dt>
              <dd>{format.number(report.unallocated)}</dd>
              <dt>{t('region.allocation.inversions')}</dt>
              <dd>{format.number(report.inversions)}</dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}
