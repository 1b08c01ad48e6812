import { useTranslation } from 'react-i18next';
import { Alert } from 'design-react-kit';
import type { ApiError } from '../api/client.ts';
import { UnavailableNotice } from './ServiceUnavailable.tsx';
import { Forbidden } from '../session/Forbidden.tsx';
import { LoginPrompt } from '../session/LoginPrompt.tsx';

interface Props {
  error: ApiError;
  onRetry: () => void;
}

/**
 * Shows an API failure inside a page section: the calm notice when the service
 * is down, a login prompt for 401, and otherwise the server's RFC 7807
 * `detail` (e.g. an invalid filter), which is written for people and says
 * what to change.
 */
export function ApiProblem({ error, onRetry }: Props) {
  const { t } = useTranslation();
  if (error.unavailable) return <UnavailableNotice onRetry={onRetry} />;
  // Not logged in, or the session ended meanwhile: offer the way back in.
  if (error.status === 401) return <LoginPrompt />;
  if (error.status === 403) return <Forbidden detail={error.detail} />;
  return (
    <Alert color="danger" fade={false}>
      <p className="fw-semibold mb-1">{t('errors.request')}</p>
      <p className="mb-0">{error.detail ?? error.title}</p>
    </Alert>
  );
}
