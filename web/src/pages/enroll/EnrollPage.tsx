import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Container } from 'design-react-kit';
import { campaign as campaignDecoder, type Campaign, type Enrolled } from '../../api/campaigns.ts';
import type { DraftInput } from '../../api/enrollment.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { CodeStep } from './CodeStep.tsx';
import { DataStep } from './DataStep.tsx';
import { EnrolledNotice } from './EnrolledNotice.tsx';
import { StepIndicator, type Step } from './StepIndicator.tsx';
import { campaignName } from '../campaigns/campaignName.ts';

/** The citizen channel without SPID: data, then the code from the SMS, then the confirmation. */
export function EnrollPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const campaign = useApi(`/api/campaigns/${encodeURIComponent(code)}`, campaignDecoder);
  usePageTitle(t('enroll.title'));
  return (
    <Container className="my-5">
      <p className="mb-3">
        <Link to={`/campagne/${code}`}>{t('enroll.back')}</Link>
      </p>
      <h1>{t('enroll.title')}</h1>
      {campaign.status === 'loading' && <Loading />}
      {campaign.status === 'error' && <ApiProblem error={campaign.error} onRetry={campaign.reload} />}
      {campaign.status === 'ok' &&
        (campaign.data.open ? (
          <Wizard campaign={campaign.data} />
        ) : (
          <Alert color="info" fade={false}>
            {t('enroll.closedNow', { campaign: campaignName(t, campaign.data) })}
          </Alert>
        ))}
    </Container>
  );
}

/**
 * The demo home page's "Iscrivi" links fill the form from the query (?cf=&tessera=&tel=);
 * nothing is sent until the person presses the button, and the SMS code step follows as ever.
 */
function fromQuery(params: URLSearchParams): DraftInput | null {
  const [fiscalCode, healthCardNumber, mobilePhone] = [
    params.get('cf') ?? '',
    params.get('tessera') ?? '',
    params.get('tel') ?? '',
  ];
  return fiscalCode === '' && healthCardNumber === '' && mobilePhone === ''
    ? null
    : { fiscalCode, healthCardNumber, mobilePhone };
}

function Wizard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('data');
  const [input, setInput] = useState<DraftInput | null>(() => fromQuery(params));
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // Each new step is announced by moving focus to its heading (not on the first render).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const headings: Record<Step, string> = {
    data: t('enroll.data.heading'),
    code: t('enroll.code.title'),
    done: t('enroll.done.title'),
  };
  return (
    <>
      <p className="lead">{t('enroll.lead', { campaign: campaignName(t, campaign) })}</p>
      <StepIndicator step={step} />
      <h2 id="step-heading" ref={heading} tabIndex={-1} className="mt-4">
        {headings[step]}
      </h2>
      {step === 'data' && (
        <DataStep
          campaign={campaign}
          initial={input}
          onSubmitted={(sent) => {
            setInput(sent);
            setStep('code');
          }}
        />
      )}
      {step === 'code' && input !== null && (
        <CodeStep
          campaign={campaign}
          input={input}
          onEnrolled={(result) => {
            setEnrolled(result);
            setStep('done');
          }}
          onEdit={() => {
            setStep('data');
          }}
        />
      )}
      {step === 'done' && enrolled !== null && <EnrolledNotice enrolled={enrolled} audience="citizen" titled={false} />}
    </>
  );
}
