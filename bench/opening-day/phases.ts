import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { procUsage, startNode, type Child } from './processes.ts';
import { CAMPAIGN } from './setup.ts';

/** Where the allocator runs during the run (issue 21): its own niced process, the API servers, or nowhere. */
export type AllocatorMode = 'separate' | 'in-process' | 'off';

/** The API servers' ALLOCATOR setting for a mode: they run allocations only in-process. */
export const serverAllocatorSetting = (mode: AllocatorMode): string =>
  mode === 'in-process' ? 'in-process' : 'separate';

/**
 * `npm run allocator` next to the servers (mode 'separate'), on the same database: started once the servers have
 * migrated it. Its CPU seconds from `mark()` to `cpuSeconds()` are reported apart from the servers'.
 */
export function startAllocator(env: Record<string, string>, work: string) {
  const child: Child = startNode('src/allocator-main.ts', env, path.join(work, 'allocator.log'));
  let from = 0;
  const cpu = (): number => procUsage(child.pid)?.cpuS ?? 0;
  return {
    child,
    mark(): void {
      from = cpu();
    },
    cpuSeconds: (): number => Number((cpu() - from).toFixed(1)),
  };
}

/**
 * The room phase (issue 21: "the room is cheap"): admission paused from before the opening for `seconds`, so that
 * the room fills with people who only poll, and the servers' CPU per poll is measured with nobody enrolling. The
 * room still opens (the draw), and every answer's estimate uses the rate in force as if admission went on, so the
 * poll intervals are those of a flowing room. Admission resumes at the end unless `resume` is false.
 */
export async function pauseRoom<DB>(db: Kysely<DB>, openAt: number, seconds: number, resume: boolean) {
  await sql`UPDATE waitrooms SET paused = true WHERE campaign_code = ${CAMPAIGN}`.execute(db);
  const timer = resume
    ? setTimeout(
        () => {
          void sql`UPDATE waitrooms SET paused = false WHERE campaign_code = ${CAMPAIGN}`.execute(db);
        },
        openAt + seconds * 1000 - Date.now(),
      )
    : null;
  return {
    cancel(): void {
      if (timer !== null) clearTimeout(timer);
    },
  };
}
