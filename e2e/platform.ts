// Where the e2e tests find a running Salus. By default they start the real
// platform (server + fresh database + built web app) through the shared test
// helper. SALUS_E2E_BASE_URL points them at a server that is already running
// instead (a dev server, a staging site), which the tests then only read from.
import type { Db } from '../src/db/database.ts';
import { decode, type Decoder } from '../web/src/api/decode.ts';

export interface E2ePlatform {
  baseUrl: string;
  /** The database of the platform the tests started; absent against an external server. */
  db?: Db;
  close(): Promise<void>;
}

export async function startE2ePlatform(options: { demoCitizens?: number } = {}): Promise<E2ePlatform> {
  const external = process.env.SALUS_E2E_BASE_URL;
  if (external) {
    return {
      baseUrl: external.replace(/\/$/, ''),
      close: () => Promise.resolve(),
    };
  }
  const { startTestPlatform } = await import('../test/helpers/platform.ts');
  return startTestPlatform(options);
}

/**
 * GETs a document straight from the API, to compare the page with, checked
 * with the same decoders the web app uses.
 */
export async function apiGet<T>(platform: E2ePlatform, path: string, decoder: Decoder<T>): Promise<T> {
  const response = await fetch(platform.baseUrl + path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return decode(decoder, await response.json());
}
