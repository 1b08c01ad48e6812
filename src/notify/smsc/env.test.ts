import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SmppClient } from '../smpp/client.ts';
import { parseSmscEnv, SmscEnvError } from './env.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
// The repository pins Node 24 (type stripping) as a dev dependency; vitest itself may run on another.
const PINNED_NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseSmscEnv(env);
  } catch (error) {
    if (error instanceof SmscEnvError) return error.problems;
    throw error;
  }
  return [];
}

describe('SMSC environment', () => {
  it('has working defaults and treats empty values as unset', () => {
    expect(parseSmscEnv({ SMSC_TPS: '' })).toEqual({
      port: 2775,
      host: '127.0.0.1',
      config: {
        systemId: 'salus',
        password: 'salus',
        tps: 100,
        throttleRate: 0,
        delivery: { tail: [] },
        receiptDelayMs: 500,
        timeScale: 1,
      },
    });
  });

  it('turns the tail variables into one tail bucket', () => {
    const settings = parseSmscEnv({
      SMSC_PORT: '0',
      SMSC_TAIL_P: '0.02',
      SMSC_TAIL_DELAY_MS: '3000000',
      SMSC_TIME_SCALE: '600',
    });
    expect(settings.port).toBe(0);
    expect(settings.config).toMatchObject({ delivery: { tail: [{ p: 0.02, delayMs: 3_000_000 }] }, timeScale: 600 });
  });

  it('names each bad variable with its value and what was expected', () => {
    expect(
      problemsOf({
        SMSC_PORT: '70000',
        SMSC_THROTTLE_RATE: '1.5',
        SMSC_TIME_SCALE: '0',
        SMSC_PASSWORD: 'far-too-long',
      }),
    ).toEqual([
      'SMSC_PORT="70000" is invalid: expected an integer port from 0 to 65535',
      'SMSC_PASSWORD="far-too-long" is invalid: expected at most 8 characters (SMPP 3.4)',
      'SMSC_THROTTLE_RATE="1.5" is invalid: expected a probability from 0 to 1',
      'SMSC_TIME_SCALE="0" is invalid: expected a number > 0 (600 = 50 minutes in 5 s)',
    ]);
  });
});

describe('npm run smsc', () => {
  it('exits with status 2 and names the bad variable', async () => {
    const child = spawn(NODE, [MAIN], { env: { ...process.env, SMSC_TPS: 'fast' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('SMSC_TPS="fast" is invalid: expected messages per second, 0 = unlimited');
  });

  it('serves SMPP and stops cleanly on SIGTERM', async () => {
    const child = spawn(NODE, [MAIN], {
      env: { ...process.env, SMSC_PORT: '0', SMSC_SYSTEM_ID: 'bench', SMSC_PASSWORD: 'pw' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let port = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'smsc: listening') {
        port = entry.port ?? 0;
        break;
      }
    }
    const client = new SmppClient({ host: '127.0.0.1', port, systemId: 'bench', password: 'pw', sourceAddr: 'Salus' });
    client.start();
    await client.waitUntilBound();
    await expect(client.submit({ to: '393331234567', text: 'ciao' })).resolves.toHaveProperty('messageId');
    await client.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
