import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { Campaign } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { submitDraft, type DraftInput } from '../../api/enrollment.ts';
import { useFormat } from '../../format.ts';
import { CheckedField } from '../../input/CheckedField.tsx';
import { fieldMessage } from '../../input/check.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, normalizeHealthCard } from '../../input/healthCard.ts';
import { checkPhone, toE164 } from '../../input/phone.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { FiscalCodeField, HealthCardField } from '../../input/IdentityFields.tsx';

const ids = { cf: 'enroll-fiscal-code', card: 'enroll-health-card', phone: 'enroll-phone' };

interface Props {
  campaign: Campaign;
  /** What the person typed before, when they came back to correct it. */
  initial: DraftInput | null;
  onSubmitted: (input: DraftInput) => void;
}

/**
 * Step 1: codice fiscale, health card and mobile number, checked as they are
 * typed. The server saves a durable draft before any SMS is sent.
 */
export function DataStep({ campaign, initial, onSubmitted }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [cf, setCf] = useState(initial?.fiscalCode ?? '');
  const [card, setCard] = useState(initial?.healthCardNumber ?? '');
  const [phone, setPhone] = useState(initial?.mobilePhone ?? '');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign, audience: 'citizen' }, failure);
  const checks = { cf: checkFiscalCode(cf), card: checkHealthCard(card), phone: checkPhone(phone) };

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    const mobilePhone = toE164(phone);
    const firstWrong = (['cf', 'card', 'phone'] as const).find((field) => checks[field] !== 'ok');
    if (firstWrong !== undefined || mobilePhone === null) {
      document.getElementById(ids[firstWrong ?? 'phone'])?.focus();
      return;
    }
    const input = { fiscalCode: normalizeFiscalCode(cf), healthCardNumber: normalizeHealthCard(card), mobilePhone };
    setBusy(true);
    submitDraft(campaign.code, input, csrfToken).then(
      () => {
        setBusy(false);
        onSubmitted(input);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="step-heading" data-testid="enroll-form">
      <p>{t('enroll.data.intro')}</p>
      <div className="row g-4">
        <div className="col-12 col-md-6">
          <FiscalCodeField
            id={ids.cf}
            label={t('enroll.data.fiscalCode')}
            value={cf}
            onChange={setCf}
            check={checks.cf}
            submitted={submitted}
            emptyText={t('enroll.data.fiscalCodeEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <HealthCardField
            id={ids.card}
            label={t('enroll.data.card')}
            value={card}
            onChange={setCard}
            check={checks.card}
            submitted={submitted}
            emptyText={t('enroll.data.cardEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <CheckedField
            id={ids.phone}
            label={t('enroll.data.phone')}
            hint={t('enroll.data.phoneHint')}
            value={phone}
            onChange={setPhone}
            check={checks.phone}
            error={fieldMessage(checks.phone, submitted, {
              empty: t('enroll.data.phoneEmpty'),
              incomplete: t('enroll.data.phoneShort'),
              invalid: t('enroll.data.phoneInvalid'),
            })}
            okText={t('enroll.data.looksRight')}
            inputMode="tel"
            type="tel"
            autoComplete="tel"
            maxLength={24}
          />
        </div>
      </div>
      <p className="mt-3 text-secondary">{t('enroll.data.privacy')}</p>
      {problem !== null && <ProblemAlert problem={problem} testId="enroll-problem" />}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {busy ? t('enroll.data.sending') : t('enroll.data.submit')}
      </Button>
    </form>
  );
}
