import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ownerQuery, type TestDatabase } from '../../test/helpers/db.ts';

// The read-only views modules publish for each other (migrations/0028_published_views.sql), as the
// application's role sees them (test/helpers/db.ts connects as salus_app).
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const VIEWS = [
  'registry_citizens',
  'registry_operators',
  'registry_facilities',
  'registry_provinces',
  'registry_municipalities',
  'campaigns_catalogue',
  'campaigns_enrollments',
  'campaigns_enrollment_facts',
  'campaigns_cohort_coverage',
  'campaigns_province_coverage',
  'scheduling_bookings',
  'scheduling_doses',
  'scheduling_vaccinated',
  'certificates_issued',
];

/** Runs one statement in a transaction of its own, rolled back whatever happens. */
async function attempt(statement: string): Promise<void> {
  const client = await database.db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(statement);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('published views', () => {
  it.each(VIEWS)('%s is a view the application reads', async (view) => {
    const { rows } = await database.db.pool.query<{ kind: string; select: boolean; write: boolean }>(
      `SELECT c.relkind AS kind, has_table_privilege(c.oid, 'SELECT') AS select,
              has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')
                OR has_table_privilege(c.oid, 'DELETE') AS write
       FROM pg_class c WHERE c.oid = to_regclass($1)`,
      [view],
    );
    expect(rows).toEqual([{ kind: 'v', select: true, write: false }]);
    await expect(database.db.pool.query(`SELECT * FROM ${view} LIMIT 1`)).resolves.toBeDefined();
  });

  it.each(['registry_operators', 'campaigns_enrollments', 'scheduling_vaccinated'])(
    'refuses a write through %s',
    async (view) => {
      await expect(attempt(`DELETE FROM ${view}`)).rejects.toMatchObject({ code: '42501' });
    },
  );

  it("shows a citizen with the province of their municipality, and only the registry's columns", async () => {
    await ownerQuery(
      database,
      `INSERT INTO ats (code, name) VALUES ('999', 'ATS Probe');
       INSERT INTO provinces (code, abbr, name, ats_code) VALUES ('999', 'PR', 'Probe', '999');
       INSERT INTO municipalities (istat_code, cadastral_code, name, province_code, population)
         VALUES ('999001', 'Z999', 'Probetown', '999', 10);
       INSERT INTO citizens (fiscal_code, health_card_number, given_name, family_name, sex, birth_date,
                             birth_place_code, residence_istat)
         VALUES ('PRBPRB40A01Z999X', '80380000000000000999', 'Pia', 'Probe', 'F', '1940-01-01', 'Z999', '999001')`,
    );
    const { rows } = await database.db.pool.query<Record<string, unknown>>(
      `SELECT * FROM registry_citizens WHERE fiscal_code = 'PRBPRB40A01Z999X'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ given_name: 'Pia', residence_istat: '999001', residence_province: '999' });
    expect(Object.keys(rows[0] ?? {})).not.toContain('birth_place_code');
  });
});
