import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded.ts';
import { migrateAs } from '../src/db/migrate.ts';
import { APP_ROLE, bootstrapRoles, OWNER_ROLE, prepareDatabase, type RolePasswords } from '../src/db/roles.ts';
import { registryRepository } from '../src/registry/repository.ts';
import { createDb } from '../src/db/database.ts';
import { loadLombardy } from '../src/registry/territory.ts';
import { withDatabase, withUser } from './helpers/db-url.ts';
import { freePort } from './helpers/ports.ts';

export const TEMPLATE_DB = 'salus_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test cluster (database "postgres"): creates and drops databases. */
    adminUrl: string;
    /** The owner role (salus_owner) on the test cluster, database "postgres". */
    ownerUrl: string;
    /** The application's role (salus_app) on the test cluster, database "postgres": what tests connect as. */
    appUrl: string;
    templateDb: string;
  }
}

/**
 * Starts one real PostgreSQL for the whole run (the embedded one, or TEST_DATABASE_URL's
 * server), migrates a template database once, and lets every test file clone it:
 * CREATE DATABASE … TEMPLATE takes ≈100 ms against ≈1 s for migrating from scratch.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: RunningPostgres | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let ownerUrl: string;
  let appUrl: string;
  if (adminUrl === undefined || adminUrl === '') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'salus-test-'));
    chmodSync(dataDir, 0o755); // mkdtemp makes it 0700; PostgreSQL runs as another user

    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), log: () => undefined });
    adminUrl = embedded.adminUrl;
    ownerUrl = withDatabase(embedded.ownerUrl, 'postgres');
    appUrl = withDatabase(embedded.url, 'postgres');
  } else {
    // Another server: the same two roles, with passwords of this run.
    const passwords: RolePasswords = {
      owner: randomBytes(18).toString('base64url'),
      app: randomBytes(18).toString('base64url'),
    };
    await bootstrapRoles(adminUrl, passwords);
    ownerUrl = withUser(adminUrl, OWNER_ROLE, passwords.owner);
    appUrl = withUser(adminUrl, APP_ROLE, passwords.app);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.end();
  await prepareDatabase(adminUrl, TEMPLATE_DB);

  // Migrated as the owner, as Salus does; the tests then run as the application's role.
  await migrateAs(withDatabase(ownerUrl, TEMPLATE_DB));
  const db = createDb({ url: withDatabase(appUrl, TEMPLATE_DB), poolMax: 2 });
  // Reference data every test needs: Lombardy's territory.
  await registryRepository(db.kysely).upsertTerritory(loadLombardy());
  await db.close();

  project.provide('adminUrl', adminUrl);
  project.provide('ownerUrl', ownerUrl);
  project.provide('appUrl', appUrl);
  project.provide('templateDb', TEMPLATE_DB);
  return async () => {
    await embedded?.stop();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  };
}
