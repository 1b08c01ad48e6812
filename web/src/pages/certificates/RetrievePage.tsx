import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Container } from 'design-react-kit';
import { retrieveCertificate, type RetrievalResult } from '../../api/certificates.ts';
import { toApiError } from '../../api/client.ts';
import { CheckedField } from '../../input/CheckedField.tsx';
import { fieldMessage } from '../../input/check.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, normalizeHealthCard } from '../../input/healthCard.ts';
import { checkRetrievalCode, normalizeRetrievalCode, retrievalCodeLength } from '../../input/retrievalCode.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { CertificateCard } from './CertificateCard.tsx';
import { FiscalCodeField, HealthCardField } from '../../input/IdentityFields.tsx';

const ids = { cf: 'retrieve-fiscal-code', card: 'retrieve-health-card', code: 'retrieve-code' } as const;

/** "URN:UVCI:01:IT:ABC…#Q" → "certificazione-verde-ABC…", as the API names its downloads. */
const fileName = (uvci: string): string =>
  `certificazione-verde-${(uvci.split(':').pop() ?? 'dcc').replace(/#.*/, '')}`;

/** The Green Pass without SPID: codice fiscale, health card and the code received by SMS. */
export function RetrievePage() {
  const { t } = useTranslation();
  usePageTitle(t('greenpass.retrieve.title'));
  const [found, setFound] = useState<RetrievalResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <Container className="my-5">
      <h1 ref={heading} tabIndex={-1}>
        {t('greenpass.retrieve.title')}
      </h1>
      {found === null ? (
        <>
          <p className="lead">{t('greenpass.retrieve.lead')}</p>
          <p>
            {t('greenpass.retrieve.spidHint')}{' '}
            <Link to="/fascicolo/certificati">{t('greenpass.retrieve.spidLink')}</Link>
          </p>
          <RetrieveForm
            onFound={(result) => {
              setFound(result);
              heading.current?.focus();
            }}
          />
        </>
      ) : (
        <>
          <Alert color="success" fade={false} role="status">
            {t('greenpass.retrieve.found')}
          </Alert>
          <CertificateCard
            certificate={found.certificate}
            files={{
              qr: `data:image/png;base64,${found.qrPng}`,
              pngDownload: `data:image/png;base64,${found.qrPng}`,
              pdfDownload: `data:application/pdf;base64,${found.pdf}`,
              fileName: fileName(found.certificate.uvci),
            }}
          />
          <Button
            color="primary"
            outline
            className="mt-4"
            onClick={() => {
              setFound(null);
            }}
          >
            {t('greenpass.retrieve.another')}
          </Button>
        </>
      )}
      <p className="mt-4">
        {t('greenpass.mine.verifyHint')} <Link to="/verifica">{t('greenpass.mine.verifyLink')}</Link>
      </p>
    </Container>
  );
}

function RetrieveForm({ onFound }: { onFound: (result: RetrievalResult) => void }) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [cf, setCf] = useState('');
  const [card, setCard] = useState('');
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const checks = {
    [ids.cf]: checkFiscalCode(cf),
    [ids.card]: checkHealthCard(card),
    [ids.code]: checkRetrievalCode(code),
  };

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    const wrong = ([ids.cf, ids.card, ids.code] as const).find((id) => checks[id] !== 'ok');
    if (wrong !== undefined) {
      document.getElementById(wrong)?.focus();
      return;
    }
    setBusy(true);
    retrieveCertificate(
      {
        fiscalCode: normalizeFiscalCode(cf),
        healthCardNumber: normalizeHealthCard(card),
        code: normalizeRetrievalCode(code),
      },
      csrfToken,
    ).then(
      (result) => {
        setBusy(false);
        if (result !== null) onFound(result);
      },
      (error: unknown) => {
        setBusy(false);
        const problem = toApiError(error);
        if (problem.status === 404) setFailure(t('greenpass.retrieve.noMatch'));
        else if (problem.status === 429)
          setFailure(
            t('greenpass.retrieve.tooMany', { count: Math.max(1, Math.ceil((problem.retryAfterSeconds ?? 900) / 60)) }),
          );
        else setFailure(problem.unavailable ? t('errors.unavailable.text') : (problem.detail ?? problem.title));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="retrieve-form-heading">
      <h2 id="retrieve-form-heading" className="h4">
        {t('greenpass.retrieve.formHeading')}
      </h2>
      <div className="row g-4">
        <div className="col-12 col-md-6">
          <FiscalCodeField
            id={ids.cf}
            label={t('enroll.data.fiscalCode')}
            value={cf}
            onChange={setCf}
            check={checks[ids.cf]}
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
            check={checks[ids.card]}
            submitted={submitted}
            emptyText={t('enroll.data.cardEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <CheckedField
            id={ids.code}
            label={t('greenpass.retrieve.code')}
            hint={t('greenpass.retrieve.codeHint')}
            value={code}
            onChange={setCode}
            check={checks[ids.code]}
            error={fieldMessage(checks[ids.code], submitted, {
              empty: t('greenpass.retrieve.codeEmpty'),
              incomplete: t('greenpass.retrieve.codeShort', { count: normalizeRetrievalCode(code).length }),
              invalid: t('greenpass.retrieve.codeInvalid'),
            })}
            okText={t('enroll.data.looksRight')}
            inputMode="text"
            maxLength={retrievalCodeLength + 4}
            autoCapitalize="characters"
            autoComplete="one-time-code"
          />
        </div>
      </div>
      {failure !== null && (
        <Alert color="danger" fade={false} className="mt-3" role="alert" data-testid="retrieve-problem">
          {failure}
        </Alert>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('greenpass.retrieve.submit')}
      </Button>
    </form>
  );
}
