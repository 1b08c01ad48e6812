import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, Container } from 'design-react-kit';
import { campaignList, demoCampaign, type Campaign, type Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { confirmCode } from '../../api/enrollment.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { SmsCodeField } from '../../input/SmsCodeField.tsx';
import { checkSmsCode, normalizeSmsCode } from '../../input/phone.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { EnrolledNotice } from './EnrolledNotice.tsx';
import { FiscalCodeField } from '../../input/IdentityFields.tsx';
import { campaignName } from '../campaigns/campaignName.ts';

const ids = { cf: 'resume-fiscal-code', code: 'resume-code', campaign: 'resume-campaign' };

/**
 * "Resume": the SMS came late, or on another day. The codice fiscale and the
 * code confirm the draft saved when the data were sent; nothing else is typed.
 */
export function ResumePage() {
  const { t } = useTranslation();
  usePageTitle(t('resume.title'));
  const campaigns = useApi('/api/campaigns', campaignList);
  return (
    <Container className="my-5">
      <h1>{t('resume.title')}</h1>
      <p className="lead">{t('resume.lead')}</p>
      {campaigns.status === 'loading' && <Loading />}
      {campaigns.status === 'error' && <ApiProblem error={campaigns.error} onRetry={campaigns.reload} />}
      {campaigns.status === 'ok' && <ResumeForm campaigns={campaigns.data.filter((c) => c.open)} />}
    </Container>
  );
}

function ResumeForm({ campaigns }: { campaigns: Campaign[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [params] = useSearchParams();
  const wanted = params.get('c') ?? demoCampaign;
  const [campaignCode, setCampaignCode] = useState(
    campaigns.some((c) => c.code === wanted) ? wanted : (campaigns[0]?.code ?? ''),
  );
  const [cf, setCf] = useState('');
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const checks = { cf: checkFiscalCode(cf), code: checkSmsCode(code) };
  const campaign = campaigns.find((c) => c.code === campaignCode) ?? null;
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign, audience: 'citizen' }, failure);

  if (enrolled !== null) return <EnrolledNotice enrolled={enrolled} audience="citizen" />;
  if (campaign === null) return <p>{t('resume.noCampaign')}</p>;

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (checks.cf !== 'ok' || checks.code !== 'ok') {
      document.getElementById(checks.cf === 'ok' ? ids.code : ids.cf)?.focus();
      return;
    }
    setBusy(true);
    confirmCode(campaign.code, normalizeFiscalCode(cf), normalizeSmsCode(code), csrfToken).then(
      (result) => {
        setBusy(false);
        setEnrolled(result);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('resume.title')} data-testid="resume-form">
      <div className="row g-4">
        {campaigns.length > 1 && (
          <div className="col-12">
            <div className="salus-field">
              <label htmlFor={ids.campaign} className="form-label">
                {t('resume.campaign')}
              </label>
              <select
                id={ids.campaign}
                className="form-select"
                value={campaignCode}
                onChange={(e) => {
                  setCampaignCode(e.target.value);
                }}
              >
                {campaigns.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <div className="col-12 col-md-6">
          <FiscalCodeField
            id={ids.cf}
            label={t('enroll.data.fiscalCode')}
            hint={t('resume.fiscalCodeHint')}
            value={cf}
            onChange={setCf}
            check={checks.cf}
            submitted={submitted}
            emptyText={t('enroll.data.fiscalCodeEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <SmsCodeField id={ids.code} value={code} onChange={setCode} check={checks.code} submitted={submitted} />
        </div>
      </div>
      {problem !== null && <ProblemAlert problem={problem} testId="resume-problem" />}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('resume.submit')}
      </Button>
      <p className="mt-4">{t('resume.noSms', { campaign: campaignName(t, campaign) })}</p>
    </form>
  );
}
