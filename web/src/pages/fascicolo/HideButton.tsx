import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { toApiError } from '../../api/client.ts';
import { setHidden, type FseDocument } from '../../api/records.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';

/**
 * Oscuramento: hides a document from every clinician (its older and newer versions too), or shows it again.
 * Hiding first says what it will do and waits for a yes; showing again needs no confirmation.
 */
export function HideButton({ document, onChanged }: { document: FseDocument; onChanged: () => void }) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const toggle = () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    setHidden(document.id, !document.hidden, csrfToken).then(
      () => {
        setBusy(false);
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        const problem = toApiError(failure);
        setError(problem.unavailable ? t('errors.unavailable.text') : (problem.detail ?? problem.title));
      },
    );
  };
  const titleId = `hide-confirm-${document.id}`;
  return (
    <>
      {confirming ? (
        <div className="salus-confirm w-100" role="group" aria-labelledby={titleId} data-testid="hide-confirm">
          <p id={titleId} className="fw-semibold mb-1" tabIndex={-1} ref={question}>
            {t('fse.documents.hideConfirmTitle', { title: document.title })}
          </p>
          <p className="small mb-2">{t('fse.documents.hideConfirmText')}</p>
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" size="sm" onClick={toggle}>
              {t('fse.documents.hideConfirm')}
            </Button>
            <Button
              color="primary"
              outline
              size="sm"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t('fse.documents.hideCancel')}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          color="primary"
          outline
          size="sm"
          disabled={busy}
          onClick={
            document.hidden
              ? toggle
              : () => {
                  setConfirming(true);
                }
          }
          aria-label={
            document.hidden
              ? t('fse.documents.showLabel', { title: document.title })
              : t('fse.documents.hideLabel', { title: document.title })
          }
        >
          {document.hidden ? t('fse.documents.show') : t('fse.documents.hide')}
        </Button>
      )}
      {error !== null && (
        <span role="alert" className="text-danger small">
          {error}
        </span>
      )}
    </>
  );
}
