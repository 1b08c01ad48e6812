import type pg from 'pg';
import type { Task } from 'graphile-worker';
import { ownTables, type Db } from '../db/tables.ts';
import { notFound } from '../shared/errors.ts';
import { romeDay } from '../shared/rome-day.ts';
import { runAllocation } from './allocation.ts';
import { campaignToAllocate, openCampaignCodes } from './catalogue-repository.ts';
import type { SchedulingDb } from './db-types.ts';
import { addJob } from './jobs-repository.ts';
import { allocationRepository } from './repository.ts';

export interface AllocatorJobDeps<All extends SchedulingDb> {
  /** Any handle holding scheduling's tables (the composition root's, or the allocator process's). */
  readonly db: Db<All>;
  readonly pool: pg.Pool;
  readonly now: () => Date;
  /** Days ahead in which first doses are booked before neighbouring provinces are tried. */
  readonly horizonDays?: number;
}

/** The allocation job's name; requests for a run are jobs of this task (debounced by its key). */
export const ALLOCATE_TASK = 'scheduling_allocate';
/** Allocation every 5 minutes for new enrollments, besides the runs requested after enrollments. */
export const ALLOCATE_CRONTAB = `*/5 * * * * ${ALLOCATE_TASK}\n`;

/**
 * The allocator's job, apart from the rest of scheduling so that it can run in a process of its own
 * (src/allocator-main.ts, ALLOCATOR=separate; issue 21, ADR 0023): its load of every unbooked enrollment grows
 * with the day's enrollments and must not take CPU from the servers answering the citizens.
 */
export function allocatorJobs<All extends SchedulingDb>(deps: AllocatorJobDeps<All>) {
  const db = ownTables<SchedulingDb, All>(deps.db);
  const repo = allocationRepository();
  const allocate = async (code: string, skipWithoutSlot: boolean) => {
    const campaign = await campaignToAllocate(db, code);
    if (campaign === undefined) throw notFound('campaign.not_found', `There is no campaign "${code}".`);
    return runAllocation(
      deps.pool,
      repo,
      campaign,
      { startDay: romeDay(deps.now(), 1), horizonDays: deps.horizonDays ?? 60, skipWithoutSlot },
      async (trx, booked) => {
        if (booked > 0) await addJob(trx, 'scheduling_notify', 0);
      },
    );
  };
  // The region's own request reports the demand; the runs requested after enrollments skip a full calendar.
  const allocateCampaign = (code: string) => allocate(code, false);
  const allocateAll: Task = async (_payload, helpers) => {
    for (const code of await openCampaignCodes(db, deps.now()))
      helpers.logger.info(`allocation ${code}: ${JSON.stringify(await allocate(code, true))}`);
  };
  return { allocateCampaign, tasks: { [ALLOCATE_TASK]: allocateAll } };
}
