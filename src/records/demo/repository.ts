import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';

type Db = Kysely<RecordsDatabase>;

/** A demo citizen as the seed names them on documents. */
export interface DemoPerson {
  id: number;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  birth_date: string;
}

/**
 * The SQL of the demo seed (demo/seed.ts): the registry's demo people, operators and
 * facilities through the views it publishes, and the seed's own markers on documents.
 */
export const demoRepository = {
  /** A named (not generated) citizen of the registry, by name and birth date. */
  person(db: Db, person: { given: string; family: string; birthDate: string }): Promise<DemoPerson | undefined> {
    return db
      .selectFrom('registry_citizens')
      .select(['id', 'fiscal_code', 'given_name', 'family_name', 'birth_date'])
      .where('given_name', '=', person.given)
      .where('family_name', '=', person.family)
      .where('birth_date', '=', person.birthDate)
      .where('synthetic_seed', 'is', null)
      .executeTakeFirst();
  },

  operator(db: Db, username: string) {
    return db
      .selectFrom('registry_operators')
      .select(['id', 'role', 'given_name', 'family_name', 'fiscal_code', 'facility_id', 'province_code'])
      .where('username', '=', username)
      .executeTakeFirst();
  },

  facilities(db: Db): Promise<{ id: number; code: string; name: string }[]> {
    return db.selectFrom('registry_facilities').select(['id', 'code', 'name']).execute();
  },

  async documentExists(db: Db, master: string): Promise<boolean> {
    const exists = await sql<{ id: string }>`
      SELECT id::text FROM fhir_document_reference WHERE master_identifier = ${master}`.execute(db);
    return exists.rows.length > 0;
  },

  /** The demo's hidden documents start hidden, as if the citizen had chosen so. */
  async hide(db: Db, documentId: string): Promise<void> {
    await sql`UPDATE fhir_document_reference SET hidden = true WHERE id = ${documentId}`.execute(db);
  },
};
