// i18next set-up. Italian is the platform's language and the default; English
// is a choice the user makes with the header switcher, remembered per browser.
// The browser's own language is deliberately not used: a public-administration
// service answers in Italian unless asked otherwise.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import it from './locales/it.json';
import en from './locales/en.json';

export const languages = ['it', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'it';
export const storageKey = 'salus.lang';

export function isLanguage(value: unknown): value is Language {
  return languages.some((language) => language === value);
}

/** Reads the saved choice; storage can be missing or blocked (private mode). */
export function savedLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  try {
    const saved = storage?.getItem(storageKey);
    return isLanguage(saved) ? saved : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not remembering is acceptable; failing to switch is not.
  }
}

/** Locale for Intl number formatting, e.g. 1.234.567 in Italian. */
export function numberLocale(language: string): string {
  return language === 'en' ? 'en-GB' : 'it-IT';
}

export async function initI18n(): Promise<typeof i18next> {
  const storage = typeof window === 'undefined' ? undefined : window.localStorage;
  i18next.on('languageChanged', (language) => {
    if (!isLanguage(language) || typeof document === 'undefined') return;
    // <html lang> drives screen-reader pronunciation and hyphenation (WCAG 3.1.1).
    document.documentElement.lang = language;
    rememberLanguage(language);
  });
  await i18next.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng: savedLanguage(storage),
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    interpolation: { escapeValue: false }, // React already escapes.
    returnNull: false,
  });
  return i18next;
}
