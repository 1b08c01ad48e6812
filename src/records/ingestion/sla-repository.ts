import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';

type Db = Kysely<RecordsDatabase>;

/** The SQL of the 24 h SLA's figures (ingestion/sla.ts): aggregates of fse_ingestion and fse_patient_index. */
export const slaRepository = {
  /** Three lookups on partial indexes: cheap at every scrape whatever the number of processed rows. */
  async backlog(db: Db): Promise<{ pending: number; flagged: number; oldest: number | null } | undefined> {
    const result = await sql<{ pending: number; flagged: number; oldest: number | null }>`
      SELECT (SELECT count(*) FROM fse_ingestion WHERE state = 'pending')::int AS pending,
             (SELECT count(*) FROM fse_ingestion WHERE state = 'flagged')::int AS flagged,
             extract(epoch FROM now() - (
               SELECT min(accepted_at) FROM fse_ingestion WHERE state = 'pending'))::float8 AS oldest`.execute(db);
    return result.rows[0];
  },

  /** Documents processed in the last 24 hours, the SLA breaches among them, and the delay percentiles. */
  async last24h(db: Db, slaSeconds: number) {
    const stats = await sql<{
      processed: number;
      breaches: number;
      p50: number | null;
      p95: number | null;
      p99: number | null;
    }>`
      SELECT count(*)::int AS processed,
             count(*) FILTER (WHERE processed_at - accepted_at > make_interval(secs => ${slaSeconds}))::int AS breaches,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - accepted_at))::float8 AS p50,
             percentile_cont(0.95)
               WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - accepted_at))::float8 AS p95,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - accepted_at))::float8 AS p99
      FROM fse_ingestion WHERE state = 'done' AND processed_at > now() - interval '24 hours'`.execute(db);
    return stats.rows[0];
  },

  /** Last 24 hours' delays per histogram bucket (width_bucket over `bounds`). */
  async delayBuckets(db: Db, bounds: readonly number[]): Promise<{ bucket: number; count: number }[]> {
    const buckets = await sql<{ bucket: number; count: number }>`
      SELECT width_bucket(extract(epoch FROM processed_at - accepted_at)::float8, ${[...bounds]}::float8[]) AS bucket,
             count(*)::int AS count
      FROM fse_ingestion WHERE state = 'done' AND processed_at > now() - interval '24 hours'
      GROUP BY 1 ORDER BY 1`.execute(db);
    return buckets.rows;
  },

  async documentsByClass(db: Db): Promise<{ doc_class: string; documents: number }[]> {
    const classes = await sql<{ doc_class: string; documents: number }>`
      SELECT doc_class, sum(documents)::int AS documents FROM fse_patient_index
      GROUP BY doc_class ORDER BY doc_class`.execute(db);
    return classes.rows;
  },

  /** Documents processed in each of the last 24 hours; generate_series so that a quiet hour shows as 0. */
  async processedPerHour(db: Db): Promise<{ hour: Date; documents: number }[]> {
    const perHour = await sql<{ hour: Date; documents: number }>`
      SELECT h.hour, count(i.document_id)::int AS documents
      FROM generate_series(date_trunc('hour', now()) - interval '23 hours',
        date_trunc('hour', now()), interval '1 hour')
        AS h(hour)
      LEFT JOIN fse_ingestion i
        ON i.state = 'done' AND i.processed_at >= h.hour AND i.processed_at < h.hour + interval '1 hour'
      GROUP BY h.hour ORDER BY h.hour`.execute(db);
    return perHour.rows;
  },
};
