import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { toApiError } from '../../api/client.ts';
import { setHidden, type FseDocument } from '../../api/records.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';

/** Oscuramento: hides a document from every clinician (its older and newer versions too), or shows it again. */
export function HideButton({ document, onChanged }: { document: FseDocument; onChanged: () => void }) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = () => {
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
  return (
    <>
      <Button
        color="primary"
        outline
        size="sm"
        disabled={busy}
        onClick={toggle}
        aria-label={document.hidden ? t('fse.documents.showLabel', { title: document.title }) : t('fse.documents.hideLabel', { title: document.title })}
      >
        {document.hidden ? t('fse.documents.show') : t('fse.documents.hide')}
      </Button>
      {error !== null && (
        <span role="alert" className="text-danger small">
          {error}
        </span>
      )}
    </>
  );
}
