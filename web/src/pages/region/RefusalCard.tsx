import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Alert, Button } from 'design-react-kit';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { decisionResult, refusedForwardsPath, type Refusal } from '../../api/forwarding.ts';
import { useFormat } from '../../format.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';

/** The national operations in words (each key written out so the i18n test sees it). */
function operationLabel(t: TFunction, operation: string): string {
  switch (operation) {
    case 'create':
      return t('refusedForwards.operations.create');
    case 'validate-and-create':
      return t('refusedForwards.operations.validate-and-create');
    case 'replace':
      return t('refusedForwards.operations.replace');
    case 'validate-and-replace':
      return t('refusedForwards.operations.validate-and-replace');
    case 'delete':
      return t('refusedForwards.operations.delete');
    case 'metadata':
      return t('refusedForwards.operations.metadata');
    default:
      return operation;
  }
}

/** One refusal: what, from where, when, the national error, and the two decisions. */
export function RefusalCard({ refusal, onDecided }: { refusal: Refusal; onDecided: (message: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const unknown = t('refusedForwards.unknown');
  const headingId = `refusal-${refusal.id}`;
  const reasonId = `refusal-${refusal.id}-reason`;

  const decide = (action: 'resend' | 'drop', body: object) => {
    setBusy(true);
    setFailure(null);
    send('POST', `${refusedForwardsPath}/${refusal.id}/${action}`, {
      csrfToken,
      body: { attempts: refusal.attempts, ...body },
      decoder: decisionResult,
    }).then(
      (result) => {
        setBusy(false);
        if (result === null) return;
        const message =
          result.action === 'resend'
            ? t('refusedForwards.resent', { id: refusal.identificativoDoc })
            : t('refusedForwards.dropped', { id: refusal.identificativoDoc, reason: result.reason ?? '' });
        onDecided(
          result.alreadyDone
            ? `${message} ${t('refusedForwards.already', { when: format.dateTime(result.resolvedAt) })}`
            : message,
        );
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };
  const drop = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setReasonError(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setReasonError(false);
    decide('drop', { reason: reason.trim() });
  };

  const error = refusal.nationalError;
  const rows: [string, string][] = [
    [
      t('refusedForwards.type'),
      [refusal.documentType, refusal.hl7Type].filter((v) => v !== null).join(' · ') || unknown,
    ],
    [t('refusedForwards.operation'), operationLabel(t, refusal.operation)],
    [
      t('refusedForwards.facility'),
      [refusal.facility, refusal.facilityId].filter((v) => v !== null).join(' · ') || unknown,
    ],
    [t('refusedForwards.acceptedAt'), format.dateTime(refusal.acceptedAt)],
    [
      t('refusedForwards.errorType'),
      `${error.status === null ? '' : `HTTP ${String(error.status)} `}${error.type ?? ''}`.trim() || unknown,
    ],
    [t('refusedForwards.errorTitle'), error.title ?? unknown],
    [t('refusedForwards.errorDetail'), error.detail ?? unknown],
  ];
  return (
    <article className="card card-bg shadow-sm mb-4" aria-labelledby={headingId} data-testid="refusal">
      <div className="card-body">
        <h2 className="h5 text-break" id={headingId}>
          {t('refusedForwards.document', { id: refusal.identificativoDoc })}
        </h2>
        <dl className="row mb-3">
          {rows.map(([label, value]) => (
            <div className="col-12 col-md-6 mb-2" key={label}>
              <dt>{label}</dt>
              <dd className="text-break mb-0">{value}</dd>
            </div>
          ))}
        </dl>
        {failure !== null && (
          <Alert color="danger" fade={false} role="alert">
            {failure.status === 409 ? t('refusedForwards.conflict') : (failure.detail ?? failure.title)}
          </Alert>
        )}
        <div className="mb-3">
          <Button
            color="primary"
            disabled={busy}
            onClick={() => {
              decide('resend', {});
            }}
            aria-describedby={`${headingId}-resend-hint`}
          >
            {t('refusedForwards.resend')}
          </Button>
          <small id={`${headingId}-resend-hint`} className="form-text d-block">
            {t('refusedForwards.resendHint')}
          </small>
        </div>
        <form onSubmit={drop} noValidate>
          <label htmlFor={reasonId} className="form-label">
            {t('refusedForwards.reason')}
          </label>
          <textarea
            id={reasonId}
            className={`form-control${reasonError ? ' is-invalid' : ''}`}
            rows={2}
            maxLength={500}
            value={reason}
            aria-invalid={reasonError}
            aria-describedby={reasonError ? `${reasonId}-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
          {reasonError && (
            <p className="text-danger mt-1" id={`${reasonId}-error`}>
              {t('refusedForwards.reasonEmpty')}
            </p>
          )}
          <Button color="danger" outline type="submit" className="mt-2" disabled={busy}>
            {t('refusedForwards.drop')}
          </Button>
        </form>
      </div>
    </article>
  );
}
