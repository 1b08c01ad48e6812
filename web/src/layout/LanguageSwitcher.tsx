import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../i18n.ts';

/**
 * Two plain toggle buttons rather than a dropdown: one click, no hidden menu to
 * open, and each button is announced in its own language (WCAG 3.1.2).
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? i18n.language;

  const label = (language: Language) => (language === 'it' ? t('language.it') : t('language.en'));

  return (
    <div role="group" aria-label={t('language.label')} className="salus-lang-switch">
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="btn btn-sm"
          aria-pressed={current === language}
          onClick={() => {
            void i18n.changeLanguage(language);
          }}
        >
          {label(language)}
        </button>
      ))}
    </div>
  );
}
