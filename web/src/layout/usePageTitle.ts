import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Each page gets its own document title (WCAG 2.4.2), in the current language. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const site = t('app.name');
  useEffect(() => {
    document.title = title === site ? site : `${title} · ${site}`;
  }, [title, site]);
}
