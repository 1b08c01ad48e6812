import { useTranslation } from 'react-i18next';

/** A polite status so screen readers hear that content is on its way. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="text-secondary">
      {t('common.loading')}
    </p>
  );
}
