import type { Db } from '../../db/tables.ts';
import type { VaccPatient } from '../vacc/header.ts';

/** The registry's published views (migrations 0027, 0028) the demo's lab reports read, with the columns used. */
export interface LabDemoViews {
  registry_citizens: {
    id: number;
    fiscal_code: string;
    given_name: string;
    family_name: string;
    sex: 'M' | 'F';
    birth_date: string;
    synthetic_seed: number | null;
  };
  registry_facilities: { id: number; code: string; name: string };
}

/** fse2/lab-demo's SQL: the registry's views only (what it files goes through the record and the Gateway's tables). */
export function labDemoRepository(db: Db<LabDemoViews>) {
  return {
    /** A named (not generated) demo citizen, by name and birth date as src/registry/demo.ts lists them. */
    async person(who: { given: string; family: string; birthDate: string }): Promise<VaccPatient | null> {
      const row = await db
        .selectFrom('registry_citizens')
        .select(['fiscal_code as fiscalCode', 'given_name as givenName', 'family_name as familyName', 'sex'])
        .select('birth_date as birthDate')
        .where('given_name', '=', who.given)
        .where('family_name', '=', who.family)
        .where('birth_date', '=', who.birthDate)
        .where('synthetic_seed', 'is', null)
        .executeTakeFirst();
      return row ?? null;
    },

    async facilityId(code: string): Promise<number | null> {
      const row = await db.selectFrom('registry_facilities').select('id').where('code', '=', code).executeTakeFirst();
      return row?.id ?? null;
    },
  };
}

export type LabDemoRepository = ReturnType<typeof labDemoRepository>;
