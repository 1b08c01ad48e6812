import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Container } from 'design-react-kit';
import { revokeResult } from '../../api/certificates.ts';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';

// The server's shape check (src/certificates/uvci.ts checks the check character too).
const UVCI_SHAPE = /^URN:UVCI:01:[A-Z]{2}:[A-Z0-9/]+#[A-Z0-9/:]$/;

/** A region operator revokes a certificate (fraud, a test recorded for the wrong person). */
export function RevokePage() {
  const { t } = useTranslation();
  usePageTitle(t('greenpass.revoke.title'));
  return (
    <Container className="my-5">
      <h1>{t('greenpass.revoke.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'region'} forbidden={t('greenpass.revoke.regionOnly')}>
        {() => <RevokeForm />}
      </RequireSession>
    </Container>
  );
}

function RevokeForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [uvci, setUvci] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // A revocation cannot be undone: the form first says what it will do, and waits for a yes.
  const [confirming, setConfirming] = useState<string | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming !== null) question.current?.focus();
  }, [confirming]);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    setDone(null);
    const id = uvci.trim().toUpperCase();
    if (!UVCI_SHAPE.test(id)) {
      setError(t('greenpass.revoke.uvciInvalid'));
      document.getElementById('revoke-uvci')?.focus();
      return;
    }
    if (reason.trim() === '') {
      setError(t('greenpass.revoke.reasonEmpty'));
      document.getElementById('revoke-reason')?.focus();
      return;
    }
    setError(null);
    setConfirming(id);
  };

  const revoke = (id: string) => {
    setConfirming(null);
    setBusy(true);
    send('POST', '/api/region/certificates/revocations', {
      csrfToken,
      body: { uvci: id, reason: reason.trim() },
      decoder: revokeResult,
    }).then(
      (result) => {
        setBusy(false);
        if (result === null) return;
        setDone(
          result.alreadyRevoked
            ? t('greenpass.revoke.already', {
                uvci: result.uvci,
                when: format.dateTime(result.revokedAt),
                reason: result.reason,
              })
            : t('greenpass.revoke.done', { uvci: result.uvci }),
        );
        setUvci('');
        setReason('');
      },
      (e: unknown) => {
        setBusy(false);
        setFailure(toApiError(e));
      },
    );
  };

  return (
    <>
      <p className="lead">{t('greenpass.revoke.lead')}</p>
      <form onSubmit={submit} noValidate>
        <div className="salus-field">
          <label htmlFor="revoke-uvci" className="form-label">
            {t('greenpass.revoke.uvci')}
          </label>
          <input
            id="revoke-uvci"
            className={`form-control${error === t('greenpass.revoke.uvciInvalid') ? ' is-invalid' : ''}`}
            value={uvci}
            maxLength={80}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="revoke-uvci-hint"
            onChange={(e) => {
              setUvci(e.target.value);
            }}
          />
          <small id="revoke-uvci-hint" className="form-text">
            {t('greenpass.revoke.uvciHint')}
          </small>
        </div>
        <div className="salus-field mt-3">
          <label htmlFor="revoke-reason" className="form-label">
            {t('greenpass.revoke.reason')}
          </label>
          <textarea
            id="revoke-reason"
            className="form-control"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
        </div>
        <div aria-live="polite">
          {error !== null && (
            <p className="text-danger mt-2" data-testid="revoke-error">
              {error}
            </p>
          )}
        </div>
        {failure !== null && (
          <Alert color="danger" fade={false} className="mt-3" role="alert">
            {failure.status === 404 ? t('greenpass.revoke.unknown') : (failure.detail ?? failure.title)}
          </Alert>
        )}
        {done !== null && (
          <Alert color="success" fade={false} className="mt-3" role="status" data-testid="revoke-done">
            {done}
          </Alert>
        )}
        {confirming === null ? (
          <Button type="submit" color="danger" className="mt-3" disabled={busy}>
            {t('greenpass.revoke.submit')}
          </Button>
        ) : (
          <div
            className="salus-confirm mt-3"
            role="group"
            aria-labelledby="revoke-confirm-title"
            data-testid="revoke-confirm"
          >
            <h2 id="revoke-confirm-title" className="h5" tabIndex={-1} ref={question}>
              {t('greenpass.revoke.confirmTitle', { uvci: confirming })}
            </h2>
            <p>{t('greenpass.revoke.confirmText')}</p>
            <div className="d-flex flex-wrap gap-2">
              <Button
                type="button"
                color="danger"
                onClick={() => {
                  revoke(confirming);
                }}
              >
                {t('greenpass.revoke.confirm')}
              </Button>
              <Button
                type="button"
                color="primary"
                outline
                onClick={() => {
                  setConfirming(null);
                }}
              >
                {t('greenpass.revoke.cancel')}
              </Button>
            </div>
          </div>
        )}
      </form>
    </>
  );
}
