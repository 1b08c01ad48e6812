/** The certificates module on a test database, with its own keys and a clock the test moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateRecordEntry } from '../../../src/certificates/from-events.ts';
import { createCertificatesModule, type CertificatesModule } from '../../../src/certificates/index.ts';
import { auditLog } from '../../../src/identity/index.ts';
import { enqueueMessage } from '../../../src/notify/index.ts';
import type { Db } from '../../../src/db/database.ts';

export type TestModule = {
  module: CertificatesModule;
  dataDir: string;
  /** What the services logged, in order. */
  logged: { message: string; details: Record<string, unknown> }[];
  /** What was handed to the FSE, in order (the records module is not part of this test module). */
  filed: CertificateRecordEntry[];
  now(): Date;
  advance(ms: number): void;
  remove(): void;
};

export async function testModule({ kysely: db, pool }: Db): Promise<TestModule> {
  const dataDir = mkdtempSync(join(tmpdir(), 'salus-dcc-module-'));
  // Development keys are backdated one hour, so "now" must stay after that.
  let clock = new Date();
  const logged: TestModule['logged'] = [];
  const filed: CertificateRecordEntry[] = [];
  const module = await createCertificatesModule({
    db,
    pool,
    config: { dataDir, publicUrl: 'http://salus.test' },
    logger: {
      info: (details, message) => {
        logged.push({ message, details });
      },
    },
    audit: auditLog(db),
    outbox: {
      enqueue: async (trx, message) => {
        await enqueueMessage(trx, message);
      },
    },
    storeInRecord: (entry) => {
      filed.push(entry);
      return Promise.resolve();
    },
    now: () => clock,
  });
  return {
    module,
    dataDir,
    logged,
    filed,
    now: () => clock,
    advance: (ms) => {
      clock = new Date(clock.getTime() + ms);
    },
    remove: () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
