import { sql, type Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';

/** Adds a job in the caller's transaction (or on its own); the key debounces repeated requests into one run. */
export async function addJob(db: Kysely<SchedulingDb>, task: string, delaySeconds: number): Promise<void> {
  await sql`
    SELECT graphile_worker.add_job(${task}, '{}'::json,
      run_at => now() + make_interval(secs => ${delaySeconds}),
      job_key => ${task}, job_key_mode => 'preserve_run_at')`.execute(db);
}
