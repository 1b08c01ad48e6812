import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { Campaign, Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { enrollByOperator } from '../../api/enrollment.ts';
import { useFormat } from '../../format.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';

interface Props {
  campaign: Campaign;
  fiscalCode: string;
  name: string;
}

/**
 * Enrolls one patient from the GP's list: the GP is authenticated and the
 * patient is on their list, so no code is needed. The answer replaces the button.
 */
export function GpEnrollButton({ campaign, fiscalCode, name }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Enrolled | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign, audience: 'operator' }, failure);

  const enroll = () => {
    setBusy(true);
    setFailure(null);
    enrollByOperator(campaign.code, { fiscalCode }, csrfToken).then(
      (enrolled) => {
        setBusy(false);
        setDone(enrolled);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <div data-testid={`gp-enroll-${fiscalCode}`}>
      {/* After an "info" answer (already enrolled, group not open) trying again cannot help. */}
      {done === null && problem?.tone !== 'info' && (
        <Button
          color="primary"
          size="sm"
          outline
          onClick={enroll}
          disabled={busy}
          aria-label={t('gp.enroll.label', { name })}
        >
          {t('gp.enroll.button')}
        </Button>
      )}
      <div role="status" className="small mt-1">
        {done !== null && (
          <>
            <span className="fw-semibold d-block">{t('gp.enroll.done')}</span>
            {t('gp.enroll.period', { from: done.estimatedWeeks.fromWeek, to: done.estimatedWeeks.toWeek })}
          </>
        )}
        {problem !== null && (
          <>
            <span className="fw-semibold d-block">{problem.title}</span>
            {problem.text}
          </>
        )}
      </div>
    </div>
  );
}
