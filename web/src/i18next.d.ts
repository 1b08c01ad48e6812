// Types the keys passed to t() against the Italian catalogue: a typo is a compile error.
import 'i18next';
import type it from './locales/it.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof it };
  }
}
