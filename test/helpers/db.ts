import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/database.ts';
import { OWNER_ROLE } from '../../src/db/roles.ts';
import { withDatabase } from './db-url.ts';

export interface TestDatabase {
  /** The application's role (salus_app), as Salus runs: rows only, owns nothing. */
  readonly url: string;
  /** The owner role (salus_owner): migrations, and test scaffolding that changes the schema. */
  readonly ownerUrl: string;
  /** A pool as the application's role. */
  readonly db: Db;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file, cloned from the template.
 * Cloning and dropping need the cluster's administrator; the objects keep their owner
 * (salus_owner) and grants, and the roles are the cluster's, so the clone is ready for
 * the application's role at once.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `salus_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')} OWNER ${OWNER_ROLE}`);
  const url = withDatabase(inject('appUrl'), name);
  const db = createDb({ url, poolMax: 5 });
  return {
    url,
    ownerUrl: withDatabase(inject('ownerUrl'), name),
    db,
    drop: async () => {
      await db.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Runs statements as the owner role (schema changes a test needs), on a connection of their own. */
export async function ownerQuery(database: TestDatabase, sql: string): Promise<void> {
  await adminQuery(database.ownerUrl, sql);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
