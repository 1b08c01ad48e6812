import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { literal } from './literal.ts';

interface Tables {
  drafts: { id: number; status: string };
}
const db = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('literal', () => {
  it('writes the constant into the text, so that a generic plan can prove a partial index predicate', () => {
    const asParameter = db.selectFrom('drafts').select('id').where('status', '=', 'pending').compile();
    expect(asParameter.sql).toContain('"status" = $1');
    const asLiteral = db.selectFrom('drafts').select('id').where('status', '=', literal('pending')).compile();
    expect(asLiteral.sql).toBe(`select "id" from "drafts" where "status" = 'pending'`);
    expect(asLiteral.parameters).toEqual([]);
    const list = db
      .selectFrom('drafts')
      .select('id')
      .where('status', 'in', (['booked', 'done'] as const).map(literal))
      .compile();
    expect(list.sql).toBe(`select "id" from "drafts" where "status" in ('booked', 'done')`);
  });

  it("doubles a quote, as PostgreSQL's string constants need", () => {
    expect(db.selectFrom('drafts').select('id').where('status', '=', literal("o'k")).compile().sql).toContain(`'o''k'`);
  });
});
