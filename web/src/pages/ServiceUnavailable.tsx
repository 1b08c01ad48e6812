import { useTranslation } from 'react-i18next';
import { Alert, Button, Container } from 'design-react-kit';
import { usePageTitle } from '../layout/usePageTitle.ts';

interface Props {
  onRetry: () => void;
}

/**
 * The calm page shown when the platform cannot answer (network failure, 5xx,
 * 503 from the waiting room or during a fail-over). It never shows technical
 * details: the citizen only needs to know it is temporary and what to do.
 */
export function ServiceUnavailable({ onRetry }: Props) {
  const { t } = useTranslation();
  usePageTitle(t('errors.unavailable.title'));
  return (
    <Container className="my-5">
      <h1>{t('errors.unavailable.title')}</h1>
      <UnavailableNotice onRetry={onRetry} />
    </Container>
  );
}

/** The same message inside a page section, when the rest of the page still works. */
export function UnavailableNotice({ onRetry }: Props) {
  const { t } = useTranslation();
  return (
    <Alert color="info" fade={false}>
      <p className="mb-3">{t('errors.unavailable.text')}</p>
      <Button color="primary" size="sm" onClick={onRetry}>
        {t('errors.unavailable.retry')}
      </Button>
    </Alert>
  );
}
