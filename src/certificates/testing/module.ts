/** The certificates module on a test database, with its own keys and a clock the test moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificatesModule, type CertificatesModule } from '../module.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type TestModule = {
  module: CertificatesModule;
  dataDir: string;
  /** What the services logged, in order. */
  logged: { message: string; details: Record<string, unknown> }[];
  now(): Date;
  advance(ms: number): void;
  remove(): void;
};

export async function testModule(db: Kysely<Database>): Promise<TestModule> {
  const dataDir = mkdtempSync(join(tmpdir(), 'salus-dcc-module-'));
  // Development keys are backdated one hour, so "now" must stay after that.
  let clock = new Date();
  const logged: TestModule['logged'] = [];
  const module = await createCertificatesModule({
    db,
    config: { dataDir },
    logger: { info: (details, message) => { logged.push({ message, details }); } },
    now: () => clock,
  });
  return {
    module,
    dataDir,
    logged,
    now: () => clock,
    advance: (ms) => { clock = new Date(clock.getTime() + ms); },
    remove: () => { rmSync(dataDir, { recursive: true, force: true }); },
  };
}
