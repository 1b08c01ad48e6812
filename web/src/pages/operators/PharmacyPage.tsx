import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Container } from 'design-react-kit';
import { campaignList, demoCampaign, type Campaign, type Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { enrollByOperator } from '../../api/enrollment.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, normalizeHealthCard } from '../../input/healthCard.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { RequireSession } from '../../session/RequireSession.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { EnrolledNotice } from '../enroll/EnrolledNotice.tsx';
import { Loading } from '../Loading.tsx';
import { CampaignPicker } from './CampaignPicker.tsx';
import { DispenseSection } from './DispenseSection.tsx';
import { SmsLanguagePicker, type SmsLanguage } from './SmsLanguagePicker.tsx';
import { FiscalCodeField, HealthCardField } from '../../input/IdentityFields.tsx';

const ids = {
  campaign: 'pharmacy-campaign',
  cf: 'pharmacy-fiscal-code',
  card: 'pharmacy-health-card',
  lang: 'pharmacy-sms-language',
};

/**
 * The pharmacy counter: dispensing e-prescriptions, and enrolling a citizen
 * who presents the health card (no SMS code needed).
 */
export function PharmacyPage() {
  const { t } = useTranslation();
  usePageTitle(t('pharmacy.title'));
  return (
    <Container className="my-5">
      <h1>{t('pharmacy.title')}</h1>
      <p className="lead mb-4">{t('pharmacy.pageLead')}</p>
      <p>
        <Link to="/farmacia/tampone">{t('pharmacy.rapidTestLink')}</Link>
      </p>
      <RequireSession as="operator" allow={(me) => me.role === 'pharmacist'} forbidden={t('pharmacy.pharmacistsOnly')}>
        {() => (
          <>
            <DispenseSection />
            <PharmacyEnroll />
          </>
        )}
      </RequireSession>
    </Container>
  );
}

function PharmacyEnroll() {
  const { t } = useTranslation();
  const campaigns = useApi('/api/campaigns', campaignList);
  return (
    <>
      {campaigns.status === 'loading' && <Loading />}
      {campaigns.status === 'error' && <ApiProblem error={campaigns.error} onRetry={campaigns.reload} />}
      {campaigns.status === 'ok' &&
        (campaigns.data.some((c) => c.open) ? (
          <EnrollForm campaigns={campaigns.data.filter((c) => c.open)} />
        ) : (
          <p>{t('operatorEnroll.noCampaign')}</p>
        ))}
    </>
  );
}

function EnrollForm({ campaigns }: { campaigns: Campaign[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [campaignCode, setCampaignCode] = useState(
    campaigns.some((c) => c.code === demoCampaign) ? demoCampaign : (campaigns[0]?.code ?? ''),
  );
  const [cf, setCf] = useState('');
  const [card, setCard] = useState('');
  // The citizen's choice for their SMS, asked at the counter; Italian unless they ask (issue 17).
  const [lang, setLang] = useState<SmsLanguage>('it');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ who: string; enrolled: Enrolled } | null>(null);
  const checks = { cf: checkFiscalCode(cf), card: checkHealthCard(card) };
  const campaign = campaigns.find((c) => c.code === campaignCode) ?? null;
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign, audience: 'operator' }, failure);

  if (done !== null) {
    return (
      <>
        <EnrolledNotice enrolled={done.enrolled} audience="operator" name={done.who} />
        <Button
          color="primary"
          className="mt-3"
          onClick={() => {
            setDone(null);
          }}
        >
          {t('operatorEnroll.another')}
        </Button>
      </>
    );
  }

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (checks.cf !== 'ok' || checks.card !== 'ok') {
      document.getElementById(checks.cf === 'ok' ? ids.card : ids.cf)?.focus();
      return;
    }
    const fiscalCode = normalizeFiscalCode(cf);
    setBusy(true);
    enrollByOperator(campaignCode, { fiscalCode, healthCardNumber: normalizeHealthCard(card), lang }, csrfToken).then(
      (enrolled) => {
        setBusy(false);
        setCf('');
        setCard('');
        setSubmitted(false);
        setDone({ who: fiscalCode, enrolled });
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="pharmacy-form-heading">
      <h2 id="pharmacy-form-heading" className="h4">
        {t('pharmacy.formHeading')}
      </h2>
      <p>{t('pharmacy.lead')}</p>
      <p>{t('pharmacy.formIntro')}</p>
      <CampaignPicker id={ids.campaign} campaigns={campaigns} value={campaignCode} onChange={setCampaignCode} />
      <div className="row g-4">
        <div className="col-12 col-md-6">
          <FiscalCodeField
            id={ids.cf}
            label={t('pharmacy.fiscalCode')}
            value={cf}
            onChange={setCf}
            check={checks.cf}
            submitted={submitted}
            emptyText={t('pharmacy.fiscalCodeEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <HealthCardField
            id={ids.card}
            label={t('pharmacy.card')}
            value={card}
            onChange={setCard}
            check={checks.card}
            submitted={submitted}
            emptyText={t('pharmacy.cardEmpty')}
          />
        </div>
      </div>
      <SmsLanguagePicker id={ids.lang} value={lang} onChange={setLang} />
      {problem !== null && <ProblemAlert problem={problem} testId="pharmacy-problem" />}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('pharmacy.submit')}
      </Button>
    </form>
  );
}
