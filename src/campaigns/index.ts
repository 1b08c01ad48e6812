import type pg from 'pg';
import { ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { CampaignsDb } from './db-types.ts';
import { Counter, type Registry } from 'prom-client';
import type { TypedApp } from '../http/types.ts';
import { createRateLimiter, type RateLimitStore } from '../http/rate-limit.ts';
import type { RegistryCitizens } from '../registry/index.ts';
import { loadOrCreateKey } from '../shared/secret-file.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';
import { campaignAdmin } from './admin.ts';
import { campaignCache } from './campaign-cache.ts';
import { draftSecrets } from './codes.ts';
import { directFlows } from './direct.ts';
import { draftRepository } from './draft-repository.ts';
import { draftFlows, TOO_MANY_ATTEMPTS } from './drafts.ts';
import type { EnrollmentDeps } from './enrollment.ts';
import { campaignRepository } from './repository.ts';
import { registerCampaignRoutes } from './routes.ts';
import { phoneVerification } from './phone.ts';
import { registerPhoneRoutes } from './phone-routes.ts';
import { campaignStandings } from './standings.ts';
import { coalesce } from '../shared/coalesce.ts';
import { demoCandidatesRepository } from './demo-candidates.ts';

export interface CampaignsModuleDeps<All extends CampaignsDb> {
  /** Any handle holding campaigns' tables and the registry views it reads (the composition root's). */
  readonly db: Db<All>;
  readonly pool: pg.Pool;
  readonly registry: RegistryCitizens;
  readonly outbox: Outbox;
  readonly audit: AuditSink;
  readonly metrics: Registry;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly codeTtlMinutes: number;
  /** `store`: where the counters live (ADR 0021: in memory by default, no commit per counter). */
  readonly limits: { readonly submitPerIp: number; readonly verifyPerIp: number; readonly store?: RateLimitStore };
  readonly now?: () => Date;
  /** Called after each enrollment (e.g. to ask the allocator for a run); failures are only logged. */
  readonly afterEnrolled?: () => Promise<void>;
  /** The waiting room's guard for citizen submissions (none: always admitted). */
  readonly admission?: (campaignCode: string, admissionHeader: string | undefined) => Promise<void>;
}

export type { CampaignStanding, CampaignStandings } from './standings.ts';
/** The texts of the enrollment SMS, whose length other modules' tests check with theirs. */
export { smsText } from './messages.ts';

export const DEMO_CAMPAIGN = 'covid-over80';

export function createCampaignsModule<All extends CampaignsDb>(deps: CampaignsModuleDeps<All>) {
  const now = deps.now ?? (() => new Date());
  const db = ownTables<CampaignsDb, All>(deps.db);
  const repo = campaignRepository(db);
  const campaigns = campaignCache({
    byCode: (code) => repo.byCode(code),
    codeById: (id) => draftRepository.campaignCode(db, id),
  });
  const enrolled = new Counter({
    name: 'salus_enrollments_total',
    help: 'Confirmed enrollments by campaign and channel',
    labelNames: ['campaign', 'channel'],
    registers: [deps.metrics],
  });
  // A burst of enrollments makes one allocation request a second (see coalesce.ts).
  const afterEnrolled = deps.afterEnrolled;
  const requestAllocation =
    afterEnrolled === undefined ? () => undefined : coalesce(afterEnrolled, 1_000, () => undefined);
  const enrollment: EnrollmentDeps = {
    db,
    repo,
    campaigns,
    registry: deps.registry,
    outbox: deps.outbox,
    secrets: draftSecrets(loadOrCreateKey(deps.dataDir, 'enrollment-codes')),
    audit: deps.audit,
    publicUrl: deps.publicUrl,
    codeTtlMinutes: deps.codeTtlMinutes,
    now,
    onEnrolled: (campaign, channel) => {
      enrolled.inc({ campaign, channel });
      requestAllocation();
    },
  };
  // Per codice fiscale: 5 tries per 15 minutes whether or not it exists, so failures reveal nothing.
  const store = deps.limits.store ?? 'postgres';
  const limiters = {
    submit: {
      ip: createRateLimiter(deps.pool, {
        name: 'enroll-submit-ip',
        points: deps.limits.submitPerIp,
        durationSeconds: 900,
        store,
      }),
      cf: createRateLimiter(deps.pool, { name: 'enroll-submit-cf', points: 10, durationSeconds: 900, store }),
    },
    verify: {
      ip: createRateLimiter(deps.pool, {
        name: 'enroll-verify-ip',
        points: deps.limits.verifyPerIp,
        durationSeconds: 900,
        store,
      }),
      cf: createRateLimiter(deps.pool, { name: 'enroll-verify-cf', points: 5, durationSeconds: 900, store }),
    },
  };
  // A campaign or cohort written here is read afresh at once by this instance's enrollments.
  const admin = campaignAdmin(repo, () => {
    campaigns.forget();
  });
  const phone = phoneVerification({
    db,
    registry: deps.registry,
    outbox: deps.outbox,
    secrets: enrollment.secrets,
    now,
  });

  return {
    admin,
    drafts: draftFlows(enrollment),
    direct: directFlows(enrollment),
    /** Enrollment and eligibility per open campaign for a list of people (the GP's patient list). */
    standings: campaignStandings(repo, now),

    registerRoutes(app: TypedApp): void {
      registerPhoneRoutes(app, phone, (keys) =>
        limiters.verify.cf.consume(keys, 'Too many attempts. Wait a few minutes and try again.'),
      );
      registerCampaignRoutes(app, {
        admin,
        drafts: draftFlows(enrollment),
        direct: directFlows(enrollment),
        now,
        admission: (code, header) => deps.admission?.(code, header) ?? Promise.resolve(),
        limit: async (kind, keys) => {
          const message =
            kind === 'verify' ? TOO_MANY_ATTEMPTS : 'Too many requests. Wait a few minutes and try again.';
          await limiters[kind].ip.consume(
            keys.filter((k) => k.startsWith('ip:')),
            message,
          );
          await limiters[kind].cf.consume(
            keys.filter((k) => k.startsWith('cf:')),
            message,
          );
        },
      });
    },

    /** Demo mode: eligible synthetic citizens of the demo campaign not yet enrolled, for the home page. */
    demoCandidates: (limit: number) => demoCandidatesRepository(db).notEnrolled(DEMO_CAMPAIGN, now(), limit),

    /** Whether a campaign with this code exists (the waiting room guards only real campaigns). */
    campaignExists: (code: string): Promise<boolean> => repo.exists(code),

    /**
     * The citizen gave up their place in the campaign (scheduling: a first dose cancelled), in the caller's
     * transaction: the cancellation and the withdrawal commit together.
     */
    withdraw: <Tables>(trx: CallersHandle<Tables>, enrollmentId: number, at: Date): Promise<void> =>
      repo.withdraw(trx, enrollmentId, at),

    /** Demo mode: enrolls synthetic elders in the caller's transaction (scheduling's appointments for today). */
    enrollForDemo: <Tables>(
      trx: CallersHandle<Tables>,
      args: { campaignId: number; province: string; today: string; minAge: number; count: number },
    ) => demoCandidatesRepository(db).enrollForDemo(trx, args),

    /** The over-80 campaign, open now, with the 75-79 cohort planned in two weeks. Idempotent. */
    async seedDemo(): Promise<void> {
      if ((await repo.byCode(DEMO_CAMPAIGN)) !== null) return;
      const today = now();
      const year = today.getUTCFullYear();
      await admin.create(
        {
          code: DEMO_CAMPAIGN,
          name: 'Vaccinazione anti-COVID-19 over 80',
          nameEn: 'COVID-19 vaccination for over-80s',
          products: ['Comirnaty', 'Spikevax'],
          opensAt: new Date(today.getTime() - 86_400_000),
          closesAt: null,
          plannedWeeklyCapacity: 2_000,
        },
        null,
      );
      await admin.addCohort(DEMO_CAMPAIGN, {
        label: 'over 80',
        bornFromYear: null,
        bornToYear: year - 80,
        opensAt: new Date(today.getTime() - 86_400_000),
      });
      await admin.addCohort(DEMO_CAMPAIGN, {
        label: '75-79',
        bornFromYear: year - 79,
        bornToYear: year - 75,
        opensAt: new Date(today.getTime() + 14 * 86_400_000),
      });
    },
  };
}

export type CampaignsModule = ReturnType<typeof createCampaignsModule>;
