import { useTranslation } from 'react-i18next';
import { Alert } from 'design-react-kit';

/** A 403, in words: who is logged in may not see this. The server's detail says why. */
export function Forbidden({ detail }: { detail?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Alert color="warning" fade={false}>
      <p className="fw-semibold mb-1">{t('auth.forbidden.title')}</p>
      <p className="mb-0">{detail ?? t('auth.forbidden.text')}</p>
    </Alert>
  );
}
