import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from 'design-react-kit';
import type { Campaign, Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { confirmCode, submitDraft, type DraftInput } from '../../api/enrollment.ts';
import { useFormat } from '../../format.ts';
import { SmsCodeField } from '../../input/SmsCodeField.tsx';
import { checkSmsCode, displayPhone, normalizeSmsCode } from '../../input/phone.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { DemoPhonesHint } from './DemoPhonesHint.tsx';

const codeId = 'enroll-sms-code';
/** The server sends the same code at most this many times in all. */
export const maxSends = 5;

interface Props {
  campaign: Campaign;
  input: DraftInput;
  onEnrolled: (enrolled: Enrolled) => void;
  onEdit: () => void;
}

/**
 * Step 2: the reassurance first (the request is saved, the page may be closed,
 * the SMS finishes the enrollment whenever it arrives), then the code, and
 * "send again", which resends the same code.
 */
export function CodeStep({ campaign, input, onEnrolled, onEdit }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sends, setSends] = useState(1);
  const [resent, setResent] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const check = checkSmsCode(code);
  const context = { t, format, campaign, audience: 'citizen' as const };
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null = failure === null ? null : enrollProblem(context, failure);

  const confirm = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setResent(false);
    if (check !== 'ok') {
      document.getElementById(codeId)?.focus();
      return;
    }
    setBusy(true);
    confirmCode(campaign.code, input.fiscalCode, normalizeSmsCode(code), csrfToken).then(
      (enrolled) => {
        setBusy(false);
        onEnrolled(enrolled);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
        document.getElementById(codeId)?.focus();
      },
    );
  };

  const resend = () => {
    setFailure(null);
    setResent(false);
    setBusy(true);
    submitDraft(campaign.code, input, csrfToken).then(
      () => {
        setBusy(false);
        setSends((n) => n + 1);
        setResent(true);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <>
      <div className="salus-reassure" data-testid="reassure">
        <p className="h5">{t('enroll.code.savedTitle')}</p>
        <p>{t('enroll.code.saved', { phone: displayPhone(input.mobilePhone) })}</p>
        <p className="mb-0">{t('enroll.code.close')}</p>
      </div>
      <DemoPhonesHint />

      <form onSubmit={confirm} noValidate aria-labelledby="code-heading" className="mt-4">
        <h3 id="code-heading" className="h5">
          {t('enroll.code.heading')}
        </h3>
        <div className="row">
          <div className="col-12 col-md-6">
            <SmsCodeField id={codeId} value={code} onChange={setCode} check={check} submitted={submitted} />
          </div>
        </div>
        {problem !== null && <ProblemAlert problem={problem} testId="code-problem" />}
        <Button type="submit" color="primary" className="mt-3" disabled={busy}>
          {t('enroll.code.submit')}
        </Button>
      </form>

      <section aria-labelledby="resend-heading" className="mt-5">
        <h3 id="resend-heading" className="h5">
          {t('enroll.code.notArrived')}
        </h3>
        <p>{t('enroll.code.resendText')}</p>
        <p role="status" data-testid="resend-status">
          {resent ? t('enroll.code.resent', { n: sends, max: maxSends }) : ''}
        </p>
        <div className="d-flex flex-wrap gap-2">
          <Button color="primary" outline onClick={resend} disabled={busy || sends >= maxSends}>
            {t('enroll.code.resend')}
          </Button>
          <Button color="primary" outline onClick={onEdit} disabled={busy}>
            {t('enroll.code.edit')}
          </Button>
        </div>
        <p className="mt-3">
          {t('enroll.code.later')} <Link to={`/riprendi?c=${campaign.code}`}>{t('enroll.code.resumePage')}</Link>
        </p>
      </section>
    </>
  );
}
