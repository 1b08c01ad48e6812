import type pg from 'pg';
import type { Task, TaskList } from 'graphile-worker';
import { ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { SchedulingDb } from './db-types.ts';
import type { TypedApp } from '../http/types.ts';
import type { Territory } from '../registry/index.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';
import { ALLOCATE_CRONTAB, ALLOCATE_TASK, allocatorJobs } from './allocator-jobs.ts';
import { addJob } from './jobs-repository.ts';
import { appointmentService } from './appointments.ts';
import { centreService, type OnVaccinated } from './centre.ts';
import { changeNotices, sendAppointmentNotices, sendReminders } from './notices.ts';
import { planningService } from './planning.ts';
import { registerSchedulingRoutes } from './routes.ts';
import { seedCapacityAndSupply, seedCentres, seedProductsAndNeighbours } from './seed.ts';
import { seedTodayAppointments, type EnrollForDemo } from './demo-today.ts';
import { romeDay } from '../shared/rome-day.ts';

export type { SchedulingDb } from './db-types.ts';
export { ALLOCATE_CRONTAB, allocatorJobs } from './allocator-jobs.ts';

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
  /** False when the allocator runs in its own process (ALLOCATOR=separate): this one only requests runs. */
  readonly allocatorHere?: boolean;
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
  const requestAllocation = () => addJob(deps.db, ALLOCATE_TASK, 2);
  const allocator = allocatorJobs({
    db: deps.db,
    pool: deps.pool,
    now,
    ...(deps.horizonDays === undefined ? {} : { horizonDays: deps.horizonDays }),
  });
  const allocateCampaign = allocator.allocateCampaign;
  const allocatorHere = deps.allocatorHere ?? true;
  const notify: Task = async () => {
    while ((await sendAppointmentNotices(deps.db, deps.outbox)) >= 0) {
      /* batches of 500 until none are left */
    }
  };
  const remind: Task = async () => {
    await sendReminders(deps.db, deps.outbox, day(now(), 1));
  };
  const tasks: TaskList = {
    ...(allocatorHere ? allocator.tasks : {}),
    scheduling_notify: notify,
    scheduling_reminders: remind,
  };

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
    /** Allocation every 5 minutes for new enrollments (here or in the allocator's process); reminders at 09:00. */
    crontab: `${allocatorHere ? ALLOCATE_CRONTAB : ''}0 9 * * * scheduling_reminders\n`,
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
