import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { toApiError } from '../../api/client.ts';
import { consent as consentDecoder, setConsent, type Consent } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';

/** The consultation consent: without it no clinician, not even the GP, sees the record. */
export function ConsentSection() {
  const { t } = useTranslation();
  const loaded = useApi('/api/me/records/consent', consentDecoder);
  return (
    <section id="consenso" aria-labelledby="consent-heading" className="mb-5">
      <h2 id="consent-heading">{t('fse.consent.heading')}</h2>
      <p>{t('fse.consent.intro')}</p>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <ApiProblem error={loaded.error} onRetry={loaded.reload} />}
      {loaded.status === 'ok' && <ConsentSwitch initial={loaded.data} />}
    </section>
  );
}

function ConsentSwitch({ initial }: { initial: Consent }) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [current, setCurrent] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = () => {
    setBusy(true);
    setError(null);
    setConsent(!current.active, csrfToken).then(
      (next) => {
        setBusy(false);
        if (next !== null) setCurrent(next);
      },
      (failure: unknown) => {
        setBusy(false);
        const problem = toApiError(failure);
        setError(problem.unavailable ? t('errors.unavailable.text') : (problem.detail ?? problem.title));
      },
    );
  };
  const since = current.since === null ? '' : format.dateTime(current.since);
  return (
    <div className="salus-consent" data-testid="consent">
      <p role="status" className="fw-semibold">
        {current.active
          ? t('fse.consent.active', { since })
          : current.since === null
            ? t('fse.consent.never')
            : t('fse.consent.inactive', { since })}
      </p>
      <Button color="primary" outline={current.active} onClick={change} disabled={busy}>
        {current.active ? t('fse.consent.withdraw') : t('fse.consent.grant')}
      </Button>
      {error !== null && (
        <p role="alert" className="text-danger mt-2">
          {error}
        </p>
      )}
    </div>
  );
}
