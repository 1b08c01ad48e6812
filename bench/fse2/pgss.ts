import { sql, type Kysely } from 'kysely';

/**
 * FSE2_BENCH_PGSS=1 (with BENCH_DATABASE_URL on a server that preloads pg_stat_statements and has the extension in
 * template1): each phase also prints the bench database's statements per document from pg_stat_statements, with
 * their calls, total execution time and rows per document, largest time first (ADR 0028).
 */
export const pgssEnabled = process.env.FSE2_BENCH_PGSS === '1';

export async function resetStatementStats<T>(db: Kysely<T>): Promise<void> {
  await sql`SELECT pg_stat_statements_reset()`.execute(db);
}

export async function printStatementStats<T>(db: Kysely<T>, documents: number): Promise<void> {
  const { rows } = await sql<{ calls: string; ms: number; rows: string; query: string }>`
    SELECT calls::text, total_exec_time AS ms, rows::text, query FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT LIKE '%pg_stat_statements%'
     ORDER BY total_exec_time DESC`.execute(db);
  let calls = 0;
  let ms = 0;
  for (const row of rows) {
    calls += Number(row.calls);
    ms += row.ms;
  }
  console.log(
    `  pg_stat_statements per document: ${(calls / documents).toFixed(2)} calls, ${(ms / documents).toFixed(3)} ms`,
  );
  for (const row of rows) {
    const text = row.query.replace(/\s+/g, ' ').trim().slice(0, 110);
    const perDocument = (value: number, digits: number) => (value / documents).toFixed(digits);
    console.log(
      `  ${perDocument(Number(row.calls), 2)} calls ${perDocument(row.ms, 3)} ms ` +
        `${perDocument(Number(row.rows), 2)} rows: ${text}`,
    );
  }
}
