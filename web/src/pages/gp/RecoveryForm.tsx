import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { recordRecovery, type RecoveryResult } from '../../api/certificates.ts';
import { toApiError } from '../../api/client.ts';
import { useFormat } from '../../format.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { FormField } from './FormField.tsx';

const id = 'recovery-first-positive';
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// The certificate is valid for 180 days from the first positive test (src/certificates/recovery-dates.ts).
const VALID_DAYS = 180;

const romeToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** "Registra guarigione": the GP records a patient's recovery, and the recovery certificate is issued at once. */
export function RecoveryForm({
  fiscalCode,
  name,
  onCreated,
}: {
  fiscalCode: string;
  name: string;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [date, setDate] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<RecoveryResult | null>(null);

  const today = romeToday();
  const error = !isoDate.test(date)
    ? t('gp.recovery.errors.empty')
    : date > today
      ? t('gp.recovery.errors.future')
      : addDays(date, VALID_DAYS) < today
        ? t('gp.recovery.errors.tooOld', { days: VALID_DAYS })
        : null;
  const shown = submitted ? error : null;

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setDone(null);
    if (error !== null) {
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    recordRecovery(fiscalCode, date, csrfToken).then(
      (recorded) => {
        setBusy(false);
        setDone(recorded);
        setDate('');
        setSubmitted(false);
        onCreated();
      },
      (problem: unknown) => {
        setBusy(false);
        const e = toApiError(problem);
        if (e.code === 'certificates.not_your_patient') setFailure(t('gp.recovery.errors.notPatient'));
        else if (e.code === 'certificates.recovery_date_invalid')
          setFailure(t('gp.recovery.errors.rejected', { days: VALID_DAYS }));
        else setFailure(e.unavailable ? t('errors.unavailable.text') : (e.detail ?? e.title));
      },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="recovery-form-heading"
      className="mb-5"
      data-testid="recovery-form"
    >
      <h3 id="recovery-form-heading" className="h4">
        {t('gp.recovery.heading')}
      </h3>
      <p>{t('gp.recovery.lead')}</p>
      <div className="row g-3">
        <div className="col-12 col-md-6">
          <FormField
            id={id}
            type="date"
            label={t('gp.recovery.date')}
            hint={t('gp.recovery.dateHint')}
            value={date}
            onChange={setDate}
            error={shown}
            inputProps={{ max: today }}
          />
        </div>
      </div>
      {failure !== null && (
        <Alert color="danger" fade={false} role="alert" className="mt-3" data-testid="recovery-problem">
          {failure}
        </Alert>
      )}
      {done !== null && (
        <p role="status" className="mt-3 fw-semibold" data-testid="recovery-recorded">
          {t('gp.recovery.recorded', { name, from: format.date(done.validFrom), until: format.date(done.validUntil) })}
        </p>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('gp.recovery.submit')}
      </Button>
    </form>
  );
}
