import { sql, type RawBuilder } from 'kysely';

/**
 * A constant written into the statement's text instead of sent as a parameter. Statements are prepared and may
 * run on a generic plan (prepared.ts, ADR 0032), which knows nothing of a parameter's value: `status = $1` cannot
 * use an index built `WHERE status = 'pending'`, and the plan falls back to scanning the table. A status that selects
 * a partial index (enrollment_drafts 'pending', appointments' live statuses, fse_ingestion's states) is therefore
 * written with `literal`. Only for constants of the code, never for input.
 */
export function literal<T extends string>(value: T): RawBuilder<T> {
  return sql.lit(value);
}
