import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';

// The views a module publishes for the others (migrations/0027 and 0028_published_views.sql) are a
// read-only contract: owned by the owner role like the tables, and only SELECT for the
// application (a simple view is updatable, and 0014's default privileges grant writes).
const PUBLISHED = [
  'identity_audit_events',
  'identity_live_delegations',
  'registry_citizens',
  'registry_facilities',
  'registry_municipalities',
  'registry_operators',
  'registry_provinces',
  'scheduling_administered_doses',
  // migrations/0028_published_views.sql
  'campaigns_catalogue',
  'campaigns_cohort_coverage',
  'campaigns_enrollment_facts',
  'campaigns_enrollments',
  'campaigns_province_coverage',
  'certificates_issued',
  'scheduling_bookings',
  'scheduling_doses',
  'scheduling_vaccinated',
].sort();

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('published views', () => {
  it('are owned by salus_owner and only readable by salus_app', async () => {
    const views = await sql<{ viewname: string; viewowner: string }>`
      SELECT viewname, viewowner FROM pg_views WHERE viewname = ANY(${PUBLISHED}::text[]) ORDER BY viewname`.execute(
      database.db.kysely,
    );
    expect(views.rows).toEqual(PUBLISHED.map((viewname) => ({ viewname, viewowner: 'salus_owner' })));
    const grants = await sql<{ table_name: string; privilege_type: string }>`
      SELECT table_name, privilege_type FROM information_schema.role_table_grants
      WHERE grantee = 'salus_app' AND table_name = ANY(${PUBLISHED}::text[])
      ORDER BY table_name`.execute(database.db.kysely);
    expect(grants.rows).toEqual(PUBLISHED.map((table_name) => ({ table_name, privilege_type: 'SELECT' })));
  });
});
