import { useTranslation } from 'react-i18next';

/** A polite status so screen readers hear that content is on its way (`data-loading`: browser tests wait it out). */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="text-secondary" data-loading="">
      {t('common.loading')}
    </p>
  );
}
