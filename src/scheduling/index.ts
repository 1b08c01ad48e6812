import type pg from 'pg';
import type { Task, TaskList } from 'graphile-worker';
import { ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import type { TypedApp } from '../http/types.ts';
import type { Territory } from '../registry/index.ts';
import { notFound } from '../shared/errors.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';
import { runAllocation } from './allocation.ts';
import { addJob } from './jobs-repository.ts';
import { campaignToAllocate, openCampaignCodes } from './catalogue-repository.ts';
import { appointmentService } from './appointments.ts';
import { centreService, type OnVaccinated } from './centre.ts';
import { changeNotices, sendAppointmentNotices, sendReminders } from './notices.ts';
import { planningService } from './planning.ts';
import { allocationRepository } from './repository.ts';
import { registerSchedulingRoutes } from './routes.ts';
import { seedCapacityAndSupply, seedCentres, seedProductsAndNeighbours } from './seed.ts';
import { seedTodayAppointments, type EnrollForDemo } from './demo-today.ts';
import { romeDay } from '../shared/rome-day.ts';

export type { SchedulingDb } from './db-types.ts';

/** What scheduling asks of campaigns (its public face): the enrollments are campaigns' rows. */
export interface SchedulingCampaigns {
  /** A cancelled first dose gives the place up, in the cancellation's transaction. */
  withdraw<Tables>(trx: CallersHandle<Tables>, enrollmentId: number, at: Date): Promise<void>;
  readonly enrollForDemo: EnrollForDemo;
}

export interface SchedulingDeps<All extends SchedulingDb> {
  /** Any handle holding scheduling's tables and the views it reads (the composition root's). */
  readonly db: Db<All>;
  readonly campaigns: SchedulingCampaigns;
  readonly pool: pg.Pool;
  readonly audit: AuditSink;
  readonly outbox: Outbox;
  readonly now?: () => Date;
  /** Days ahead in which first doses are booked before neighbouring provinces are tried. */
  readonly horizonDays?: number;
  /** Runs in the dose's transaction (see centre.ts). */
  readonly onVaccinated?: OnVaccinated;
}

const day = (d: Date, plus = 0): string => romeDay(d, plus);

/**
 * Published read-only view (migrations/0027_published_views.sql): scheduling_administered_doses
 * (id, citizen_id, lot, dose_number, administered_at, recorded_at, product_name,
 * medicinal_product, manufacturer, doses, centre_name, centre_facility_id), the FSE's
 * Immunization resources. Its columns are a contract: scheduling keeps them when its tables change.
 */
export function createSchedulingModule<All extends SchedulingDb>(moduleDeps: SchedulingDeps<All>) {
  const deps = { ...moduleDeps, db: ownTables<SchedulingDb, All>(moduleDeps.db) };
  const now = deps.now ?? (() => new Date());
  const repo = allocationRepository();
  const requestAllocation = () => addJob(deps.db, 'scheduling_allocate', 2);

  const allocateCampaign = async (code: string) => {
    const campaign = await campaignToAllocate(deps.db, code);
    if (campaign === undefined) throw notFound('campaign.not_found', `There is no campaign "${code}".`);
    return runAllocation(
      deps.pool,
      repo,
      campaign,
      { startDay: day(now(), 1), horizonDays: deps.horizonDays ?? 60 },
      async (trx, booked) => {
        if (booked > 0) await addJob(trx, 'scheduling_notify', 0);
      },
    );
  };

  const allocateAll: Task = async (_payload, helpers) => {
    for (const code of await openCampaignCodes(deps.db, now()))
      helpers.logger.info(`allocation ${code}: ${JSON.stringify(await allocateCampaign(code))}`);
  };
  const notify: Task = async () => {
    while ((await sendAppointmentNotices(deps.db, deps.outbox)) >= 0) {
      /* batches of 500 until none are left */
    }
  };
  const remind: Task = async () => {
    await sendReminders(deps.db, deps.outbox, day(now(), 1));
  };
  const tasks: TaskList = { scheduling_allocate: allocateAll, scheduling_notify: notify, scheduling_reminders: remind };

  const notices = changeNotices(deps.outbox);
  const appointments = appointmentService({
    db: deps.db,
    withdraw: (trx, enrollmentId, at) => deps.campaigns.withdraw(trx, enrollmentId, at),
    audit: deps.audit,
    notices,
    today: () => day(now()),
    onFreed: requestAllocation,
  });
  const centre = centreService({
    db: deps.db,
    audit: deps.audit,
    onFreed: requestAllocation,
    now,
    notices,
    ...(deps.onVaccinated ? { onVaccinated: deps.onVaccinated } : {}),
  });
  const planning = planningService({ db: deps.db, onChanged: requestAllocation });

  return {
    tasks,
    /** Allocation every 5 minutes for new enrollments; reminders at 09:00 for tomorrow's appointments. */
    crontab: '*/5 * * * * scheduling_allocate\n0 9 * * * scheduling_reminders\n',
    allocateCampaign,
    requestAllocation,
    appointments,
    centre,
    planning,

    registerRoutes(app: TypedApp): void {
      registerSchedulingRoutes(app, { appointments, centre, planning, allocateNow: allocateCampaign });
    },

    /**
     * Products, about 60 centres with 60 days of capacity and supply from tomorrow and, with a
     * campaign, `count` of today's appointments at the demo hub (see demo-today.ts). Idempotent.
     */
    async seedDemo(
      territory: Territory,
      hubFacilityId: number | null,
      today?: { campaign: string; count: number },
    ): Promise<number> {
      await seedProductsAndNeighbours(deps.db, territory);
      await seedCentres(deps.db, territory, 60, hubFacilityId);
      await seedCapacityAndSupply(deps.db, {
        start: day(now(), 1),
        days: 102,
        dosesPerLinePerDay: 30,
        products: ['Comirnaty', 'Spikevax'],
        supplyShare: 0.9,
      });
      if (today === undefined || today.count === 0) return 0;
      // Comirnaty: dose 2 after its 21-day interval (PRODUCTS in seed.ts).
      return seedTodayAppointments(deps.db, deps.campaigns.enrollForDemo, {
        campaignCode: today.campaign,
        centreCode: 'HUB-MI-001',
        today: day(now()),
        secondDoseDay: day(now(), 21),
        product: 'Comirnaty',
        count: today.count,
      });
    },
  };
}

export type SchedulingModule = ReturnType<typeof createSchedulingModule>;
