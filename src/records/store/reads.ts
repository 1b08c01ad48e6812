import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import type { Row, TypeSpec } from '../resources/spec.ts';
import { all, criterionSql, cursorSql, isId, orderSql } from '../search/compile.ts';
import { TOTAL_CAP, type Cursor, type SearchRequest } from '../search/model.ts';

type Sql = RawBuilder<unknown>;

export interface Page {
  readonly rows: readonly Row[];
  readonly next: Cursor | null;
  /** Null when not asked for, or above the cap without `_total=accurate`. */
  readonly total: number | null;
}

const validId = (spec: TypeSpec, id: string): boolean => isId(id, spec.idType);

/**
 * The read side of every resource type: one SQL statement per interaction, with
 * the caller's access condition ANDed in. Ids that cannot exist (a malformed uuid)
 * answer "nothing" rather than a cast error, so bad input is a 404, never a 500.
 */
export function readStore(db: Kysely<RecordsDatabase>) {
  const from = (spec: TypeSpec): Sql => sql.raw(spec.from);
  const select = (spec: TypeSpec): Sql => sql.raw(spec.select);

  return {
    async read(spec: TypeSpec, id: string, access: Sql): Promise<Row | null> {
      if (!validId(spec, id)) return null;
      const result = await sql<Row>`SELECT ${select(spec)} FROM ${from(spec)} WHERE r.id = ${id} AND ${access}`.execute(
        db,
      );
      return result.rows[0] ?? null;
    },

    /** A past version, if the current row is visible to the caller. */
    async vread(spec: TypeSpec, id: string, version: number, access: Sql): Promise<Row | null> {
      if (!validId(spec, id)) return null;
      if (spec.history === undefined) {
        if (version !== 1) return null;
        return this.read(spec, id, access);
      }
      const result = await sql<Row>`
        SELECT h.content, h.version_id, r.patient_id, ${spec.hide === 'document' ? sql`r.hidden` : sql`false AS hidden`}
        FROM ${sql.table(spec.history)} h JOIN ${from(spec)} ON r.id = h.id
        WHERE h.id = ${id} AND h.version_id = ${version} AND ${access}`.execute(db);
      return result.rows[0] ?? null;
    },

    /** Every version, newest first. */
    async history(spec: TypeSpec, id: string, access: Sql, limit: number): Promise<Row[]> {
      if (!validId(spec, id) || spec.history === undefined) return [];
      const hidden = spec.hide === 'document' ? sql`r.hidden` : sql`false AS hidden`;
      const result = await sql<Row>`
        SELECT h.content, h.version_id, h.last_updated, r.patient_id, ${hidden}
        FROM ${sql.table(spec.history)} h JOIN ${from(spec)} ON r.id = h.id
        WHERE h.id = ${id} AND ${access} ORDER BY h.version_id DESC LIMIT ${limit}`.execute(db);
      return result.rows;
    },

    async search(spec: TypeSpec, request: SearchRequest, access: Sql, extra: readonly Sql[] = []): Promise<Page> {
      const sort = spec.sorts[request.sort.key] ?? spec.sorts[spec.defaultSort.key];
      if (sort === undefined) throw new Error(`${spec.type} has no sort ${request.sort.key}`);
      const where = all([access, ...extra, ...request.criteria.map((c) => criterionSql(c, spec.idType))]);
      const countOnly = request.summaryCount || request.count === 0;

      let rows: Row[] = [];
      let next: Cursor | null = null;
      if (!countOnly) {
        const page = all([where, ...(request.cursor === null ? [] : [cursorSql(request.cursor, sort, spec.idType)])]);
        const result = await sql<Row>`
          SELECT ${select(spec)}, ${sql.raw(sort.column)}::text AS _sort_value
          FROM ${from(spec)} WHERE ${page}
          ORDER BY ${orderSql(sort, request.sort.desc)} LIMIT ${request.count + 1}`.execute(db);
        rows = result.rows;
        if (rows.length > request.count) {
          rows = rows.slice(0, request.count);
          const last = rows.at(-1);
          if (last !== undefined)
            next = {
              sort: request.sort.key,
              desc: request.sort.desc,
              value: String(last._sort_value),
              id: String(last.id),
            };
        }
      }

      let total: number | null = null;
      if (request.total !== 'none') {
        // A first page that holds everything needs no count query.
        if (!countOnly && request.cursor === null && next === null) total = rows.length;
        else {
          const cap = request.total === 'accurate' || request.summaryCount ? null : TOTAL_CAP;
          const inner =
            cap === null
              ? sql`SELECT 1 FROM ${from(spec)} WHERE ${where}`
              : sql`SELECT 1 FROM ${from(spec)} WHERE ${where} LIMIT ${cap + 1}`;
          const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${inner}) s`.execute(db);
          const n = counted.rows[0]?.n ?? 0;
          total = cap !== null && n > cap ? null : n;
        }
      }
      return { rows, next, total };
    },

    /** Rows by id for `_include`, under the same access rule as a direct read. */
    async byIds(spec: TypeSpec, ids: readonly string[], access: Sql): Promise<Row[]> {
      const valid = [...new Set(ids.filter((id) => validId(spec, id)))];
      if (valid.length === 0) return [];
      const list =
        spec.idType === 'uuid'
          ? sql`${valid}::uuid[]`
          : spec.idType === 'bigint'
            ? sql`${valid}::bigint[]`
            : sql`${valid}::text[]`;
      const result =
        await sql<Row>`SELECT ${select(spec)} FROM ${from(spec)} WHERE r.id = ANY(${list}) AND ${access}`.execute(db);
      return result.rows;
    },
  };
}

export type ReadStore = ReturnType<typeof readStore>;
