import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startPlatform } from '../../src/platform.ts';
import { DEMO_CITIZENS, demoHealthCard } from '../../src/registry/demo.ts';
import { loginAs } from '../../test/helpers/browserless-login.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { benchDatabase } from '../lib/postgres.ts';

/**
 * e2e/greenpass.e2e.test.ts's pharmacy step, timed on the API the page calls: a pharmacist records a negative rapid
 * test and the answer carries the signed certificate. Returns each request's time (ms).
 */
export async function rapidTestCertificateTimes(runs: number): Promise<number[]> {
  const database = await benchDatabase('timings-dcc');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-bench-timings-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const platform = await startPlatform(
    loadConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATABASE_URL: database.url,
      SALUS_DATA_DIR: dataDir,
      SALUS_DEMO: 'true',
      SALUS_DEMO_CITIZENS: '50',
      SALUS_DEMO_TODAY: '0',
      LOG_LEVEL: 'silent',
    }),
    pino({ level: 'silent' }),
  );
  try {
    const accounts = (
      (await (await fetch(`${baseUrl}/api/demo`)).json()) as {
        accounts: { username: string; fiscalCode: string | null }[];
      }
    ).accounts;
    const username = 'giuseppe.locatelli';
    const fiscalCode = accounts.find((a) => a.username === username)?.fiscalCode ?? '';
    const healthCardNumber = demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === username));
    const pharmacist = await loginAs(baseUrl, 'farm.galli', { as: 'operator' });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/pharmacy/rapid-tests`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: pharmacist.jar.header(),
          'x-csrf-token': pharmacist.csrf,
        },
        body: JSON.stringify({
          fiscalCode,
          healthCardNumber,
          device: '1232',
          result: 'negative',
          requestKey: randomUUID(),
        }),
      });
      const body = (await response.json()) as { certificate: { uvci: string } | null };
      times.push(performance.now() - started);
      if (response.status !== 201 || body.certificate === null) {
        throw new Error(`rapid test answered ${response.status} without a certificate: ${JSON.stringify(body)}`);
      }
    }
    return times;
  } finally {
    await platform.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
