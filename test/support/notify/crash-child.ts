// Test fixture for crash.int.test.ts: a dispatcher in a process of its own, so that the
// test can SIGKILL it between submit_sm and submit_sm_resp. Not part of the platform.
import { Registry } from 'prom-client';
import { createDb } from '../../../src/db/database.ts';
import { createNotifyMetrics } from '../../../src/notify/metrics.ts';
import { createDispatcher } from '../../../src/notify/dispatch/dispatcher.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`crash-child: ${name} is not set`);
  return value;
};

const db = createDb({ url: env('CRASH_DATABASE_URL'), poolMax: 2 });
const dispatcher = createDispatcher({
  db: db.kysely,
  providers: [
    {
      id: 'a',
      host: '127.0.0.1',
      port: Number(env('CRASH_A_PORT')),
      systemId: 'salus-a',
      password: 'pass-a',
      rate: 100,
    },
    {
      id: 'b',
      host: '127.0.0.1',
      port: Number(env('CRASH_B_PORT')),
      systemId: 'salus-b',
      password: 'pass-b',
      rate: 100,
    },
  ],
  sender: 'Salus',
  metrics: createNotifyMetrics(new Registry(), () => Promise.resolve([])),
  // A short lease so that the survivor sees the claims expire within a second of the kill;
  // a long response timeout so that nothing but the kill ends the wait for submit_sm_resp.
  tuning: { leaseMs: 1_000, pollMs: 20, flushMs: 5, responseTimeoutMs: 30_000 },
});
await dispatcher.start();
await dispatcher.waitUntilBound(5_000);
process.stdout.write('bound\n');
