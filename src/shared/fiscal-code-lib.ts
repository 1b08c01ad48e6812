import { createRequire } from 'node:module';

/**
 * Typed access to `codice-fiscale-js`. Its published typings declare a default
 * export, but the CommonJS bundle exports `{ CodiceFiscale }`; resolving it here
 * keeps that mismatch in one place.
 */
export interface CodiceFiscaleStatic {
  check(code: string): boolean;
  getCheckCode(partial15: string): string;
  surnameCode(surname: string): string;
  nameCode(name: string): string;
  dateCode(day: number, month: number, year: number, gender: 'M' | 'F'): string;
  getOmocodie(code: string): string[];
}

const require = createRequire(import.meta.url);
const loaded = require('codice-fiscale-js') as { CodiceFiscale: CodiceFiscaleStatic };

export const CodiceFiscale: CodiceFiscaleStatic = loaded.CodiceFiscale;
