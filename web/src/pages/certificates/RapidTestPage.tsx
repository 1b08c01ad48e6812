import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Container } from 'design-react-kit';
import { counterFile, rapidTestDevices, rapidTestResult, type RapidTestResult } from '../../api/certificates.ts';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, normalizeHealthCard } from '../../input/healthCard.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { FiscalCodeField, HealthCardField } from '../../input/IdentityFields.tsx';

const ids = { cf: 'test-fiscal-code', card: 'test-health-card', device: 'test-device' };
// Abbott Panbio, the test most Lombard pharmacies used in 2021: the list's default.
const COMMON_DEVICE = '1232';

/** A pharmacist records a rapid antigen test; a negative one's Green Pass is printed at the counter. */
export function RapidTestPage() {
  const { t } = useTranslation();
  usePageTitle(t('greenpass.rapid.title'));
  return (
    <Container className="my-5">
      <h1>{t('greenpass.rapid.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'pharmacist'} forbidden={t('pharmacy.pharmacistsOnly')}>
        {() => <RapidTest />}
      </RequireSession>
    </Container>
  );
}

function RapidTest() {
  const { t } = useTranslation();
  const devices = useApi('/api/pharmacy/rapid-test-devices', rapidTestDevices);
  const [done, setDone] = useState<RapidTestResult | null>(null);
  if (done !== null)
    return (
      <Recorded
        result={done}
        onAnother={() => {
          setDone(null);
        }}
      />
    );
  return (
    <>
      <p className="lead">{t('greenpass.rapid.lead')}</p>
      {devices.status === 'loading' && <Loading />}
      {devices.status === 'error' && <ApiProblem error={devices.error} onRetry={devices.reload} />}
      {devices.status === 'ok' && <TestForm devices={devices.data} onDone={setDone} />}
    </>
  );
}

function TestForm({
  devices,
  onDone,
}: {
  devices: { code: string; name: string }[];
  onDone: (result: RapidTestResult) => void;
}) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [cf, setCf] = useState('');
  const [card, setCard] = useState('');
  const [device, setDevice] = useState(
    devices.some((d) => d.code === COMMON_DEVICE) ? COMMON_DEVICE : (devices[0]?.code ?? ''),
  );
  const [result, setResult] = useState<'negative' | 'positive'>('negative');
  // One key per form: a double click or a retry after a lost answer records one test.
  const [requestKey] = useState(() => crypto.randomUUID());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const checks = { cf: checkFiscalCode(cf), card: checkHealthCard(card) };

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (checks.cf !== 'ok' || checks.card !== 'ok') {
      document.getElementById(checks.cf === 'ok' ? ids.card : ids.cf)?.focus();
      return;
    }
    setBusy(true);
    const body = {
      fiscalCode: normalizeFiscalCode(cf),
      healthCardNumber: normalizeHealthCard(card),
      device,
      result,
      requestKey,
    };
    send('POST', '/api/pharmacy/rapid-tests', { csrfToken, body, decoder: rapidTestResult }).then(
      (recorded) => {
        setBusy(false);
        if (recorded !== null) onDone(recorded);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="rapid-form-heading">
      <h2 id="rapid-form-heading" className="h4">
        {t('greenpass.rapid.formHeading')}
      </h2>
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
        <div className="col-12 col-md-6">
          <label htmlFor={ids.device} className="form-label">
            {t('greenpass.rapid.device')}
          </label>
          <select
            id={ids.device}
            className="form-select"
            value={device}
            onChange={(e) => {
              setDevice(e.target.value);
            }}
          >
            {devices.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="col-12 col-md-6">
          <legend className="form-label fs-6">{t('greenpass.rapid.result')}</legend>
          {(['negative', 'positive'] as const).map((value) => (
            <div className="form-check" key={value}>
              <input
                className="form-check-input"
                type="radio"
                name="test-result"
                id={`test-result-${value}`}
                value={value}
                checked={result === value}
                onChange={() => {
                  setResult(value);
                }}
              />
              <label className="form-check-label" htmlFor={`test-result-${value}`}>
                {value === 'negative' ? t('greenpass.rapid.negative') : t('greenpass.rapid.positive')}
              </label>
            </div>
          ))}
        </fieldset>
      </div>
      {failure !== null && (
        <Alert color="danger" fade={false} className="mt-3" role="alert" data-testid="rapid-problem">
          {failure.code === 'certificates.card_mismatch'
            ? t('greenpass.rapid.cardMismatch')
            : (failure.detail ?? failure.title)}
        </Alert>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('greenpass.rapid.submit')}
      </Button>
    </form>
  );
}

function Recorded({ result, onAnother }: { result: RapidTestResult; onAnother: () => void }) {
  const { t } = useTranslation();
  const c = result.certificate;
  return (
    <div data-testid="rapid-recorded">
      {c === null ? (
        <Alert color="info" fade={false} role="status">
          {t('greenpass.rapid.positiveRecorded')}
        </Alert>
      ) : (
        <>
          <Alert color="success" fade={false} role="status">
            <p className="fw-semibold mb-1">{t('greenpass.rapid.ready')}</p>
            <p className="mb-0">{t('greenpass.rapid.readyText')}</p>
          </Alert>
          <img
            src={counterFile(result.testId, 'qr')}
            alt={t('greenpass.rapid.qrAlt')}
            width={280}
            height={280}
            className="salus-dcc-qr d-block my-3"
          />
          <p className="text-break small">
            {t('greenpass.fact.identifier')}: <code>{c.uvci}</code>
          </p>
          <div className="d-flex flex-wrap gap-2">
            <a className="btn btn-primary" href={counterFile(result.testId, 'pdf')} target="_blank" rel="noreferrer">
              {t('greenpass.rapid.printPdf')}
            </a>
            <a className="btn btn-outline-primary" href={counterFile(result.testId, 'qr', true)} download>
              {t('greenpass.rapid.downloadPng')}
            </a>
          </div>
        </>
      )}
      <Button color="primary" outline className="mt-4" onClick={onAnother}>
        {t('greenpass.rapid.another')}
      </Button>
    </div>
  );
}
