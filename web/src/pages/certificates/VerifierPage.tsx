import { useCallback, useState, type ChangeEvent, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Container } from 'design-react-kit';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { verifyResult, type VerifyResult } from '../../api/certificates.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { CameraScanner, cameraAvailable } from './CameraScanner.tsx';
import { holderOf, verdictCode, verdictDetail, verdictOf, verdictText } from './labels.ts';
import { readQrFromFile } from './qr-image.ts';

type State =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'noCode' }
  | { step: 'done'; result: VerifyResult }
  | { step: 'error'; error: ApiError };

/**
 * The public verifier, as the Italian VerificaC19 app: a QR code from a picture
 * or the camera, checked by the server (signature, trust list, revocation and
 * the Italian rules), and a plain green or red answer with whom it names.
 */
export function VerifierPage() {
  const { t } = useTranslation();
  usePageTitle(t('greenpass.verify.title'));
  const [state, setState] = useState<State>({ step: 'idle' });
  const [camera, setCamera] = useState(false);
  const [pasted, setPasted] = useState('');
  // Public, but a logged-in person's browser sends the session cookie, and then the server wants the token.
  const csrfToken = useCsrfToken();

  const check = useCallback(
    (hc1: string) => {
      setCamera(false);
      setState({ step: 'checking' });
      send('POST', '/api/dcc/verify', {
        csrfToken,
        body: { hc1: hc1.trim(), rules: 'it' },
        decoder: verifyResult,
      }).then(
        (result) => {
          if (result !== null) setState({ step: 'done', result });
        },
        (error: unknown) => {
          setState({ step: 'error', error: toApiError(error) });
        },
      );
    },
    [csrfToken],
  );

  const fromFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setState({ step: 'checking' });
    readQrFromFile(file).then(
      (text) => {
        if (text === null) setState({ step: 'noCode' });
        else check(text);
      },
      () => {
        setState({ step: 'noCode' });
      },
    );
  };

  const fromText = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pasted.trim() !== '') check(pasted);
  };

  return (
    <Container className="my-5">
      <h1>{t('greenpass.verify.title')}</h1>
      <p className="lead">{t('greenpass.verify.lead')}</p>
      <div aria-live="polite">
        {state.step === 'checking' && <p>{t('greenpass.verify.checking')}</p>}
        {state.step === 'noCode' && (
          <Alert color="warning" fade={false} role="alert">
            {t('greenpass.verify.noCode')}
          </Alert>
        )}
        {state.step === 'done' && <Verdict result={state.result} />}
      </div>
      {state.step === 'error' && (
        <ApiProblem
          error={state.error}
          onRetry={() => {
            setState({ step: 'idle' });
          }}
        />
      )}

      <h2 className="h4 mt-4">{t('greenpass.verify.readHeading')}</h2>
      <div className="d-flex flex-wrap gap-3 align-items-end">
        <div>
          <label htmlFor="dcc-image" className="form-label d-block">
            {t('greenpass.verify.upload')}
          </label>
          <input
            id="dcc-image"
            type="file"
            accept="image/*"
            className="form-control"
            onChange={fromFile}
            aria-describedby="dcc-image-hint"
          />
          <small id="dcc-image-hint" className="form-text">
            {t('greenpass.verify.uploadHint')}
          </small>
        </div>
        {cameraAvailable() && !camera && (
          <Button
            color="primary"
            onClick={() => {
              setCamera(true);
            }}
          >
            {t('greenpass.verify.camera')}
          </Button>
        )}
      </div>
      {camera && (
        <CameraScanner
          onCode={check}
          onStop={() => {
            setCamera(false);
          }}
        />
      )}
      <form onSubmit={fromText} className="mt-4">
        <label htmlFor="dcc-text" className="form-label">
          {t('greenpass.verify.paste')}
        </label>
        <textarea
          id="dcc-text"
          className="form-control"
          rows={3}
          value={pasted}
          spellCheck={false}
          onChange={(e) => {
            setPasted(e.target.value);
          }}
        />
        <Button type="submit" color="primary" outline className="mt-2">
          {t('greenpass.verify.check')}
        </Button>
      </form>
      <p className="mt-4">
        <Link to="/certificato">{t('greenpass.retrieve.verifierLink')}</Link>
      </p>
    </Container>
  );
}

function Verdict({ result }: { result: VerifyResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const verdict = verdictOf(result);
  const holder = holderOf(result.payload);
  const detail = verdictDetail(t, result);
  const code = verdictCode(result);
  return (
    <div
      className={`salus-verdict ${result.valid ? 'salus-verdict-valid' : 'salus-verdict-invalid'}`}
      data-testid="verdict"
      role="status"
    >
      <p className="salus-verdict-word">{result.valid ? t('greenpass.verify.valid') : t('greenpass.verify.invalid')}</p>
      {holder !== null && (
        <dl className="salus-dcc-facts mb-2">
          <div>
            <dt>{t('greenpass.fact.holder')}</dt>
            <dd data-testid="verdict-name">{holder.name}</dd>
          </div>
          <div>
            <dt>{t('greenpass.fact.birthDate')}</dt>
            <dd>{format.date(holder.birthDate)}</dd>
          </div>
        </dl>
      )}
      <p className="mb-1" data-testid="verdict-reason">
        {verdictText(t, verdict)}
      </p>
      {detail !== null && (
        <p className="mb-1" data-testid="verdict-detail">
          {detail}
        </p>
      )}
      {code !== null && (
        <p className="small mb-0 text-body-secondary">
          {t('greenpass.verify.technical')} <code>{code}</code>
        </p>
      )}
    </div>
  );
}
