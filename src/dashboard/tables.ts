/**
 * The dashboard's exportable tables: names as the CSV route accepts them
 * (lower-case words joined by '-', e.g. "sms-latency-last-hour"), and rows flat
 * enough for a spreadsheet.
 */
export const tableName = (...parts: readonly string[]): string =>
  parts.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()).join('-');

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * A module's section as tables: each array is a table of its own, and the single
 * figures (one level of nesting flattened, as "last24h.processed") make a
 * "<section>-summary" table of figure/value rows.
 */
export function sectionTables(section: string, figures: Record<string, unknown>): Record<string, object[]> {
  const tables: Record<string, object[]> = {};
  const summary: { figure: string; value: Scalar }[] = [];
  for (const [key, value] of Object.entries(figures)) {
    if (Array.isArray(value)) tables[tableName(section, key)] = value as object[];
    else if (isScalar(value)) summary.push({ figure: key, value });
    else if (typeof value === 'object') {
      for (const [inner, v] of Object.entries(value)) {
        if (isScalar(v)) summary.push({ figure: `${key}.${inner}`, value: v });
        else if (Array.isArray(v)) tables[tableName(section, key, inner)] = v as object[];
      }
    }
  }
  if (summary.length > 0) tables[tableName(section, 'summary')] = summary;
  return tables;
}
