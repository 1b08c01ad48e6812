import type { FastifyBaseLogger } from 'fastify';
import type { TaskList } from 'graphile-worker';
import type { Registry } from 'prom-client';
import { createCampaignsModule, DEMO_CAMPAIGN } from './campaigns/index.ts';
import { createCertificatesModule, type CertificatesModuleDeps } from './certificates/index.ts';
import type { Config } from './config.ts';
import { createDashboardModule } from './dashboard/index.ts';
import type { Db } from './db/database.ts';
import type { TypedApp } from './http/types.ts';
import { createIdentityModule } from './identity/index.ts';
import { createNotifyModule, enqueueMessage } from './notify/index.ts';
import {
  DEMO_CITIZENS,
  demoLogins,
  peopleService,
  registerPeopleRoutes,
  registerRegistryRoutes,
  registryRepository,
  registryService,
  type DemoCredentials,
  type Territory,
} from './registry/index.ts';
import { createSchedulingModule } from './scheduling/index.ts';
import { createRecordsModule, type RecordsModule } from './records/index.ts';
import {
  createCdaValidatorPool,
  createClinicalViewsModule,
  createDocumentViewModule,
  createForwarder,
  createGatewayModule,
  createVaccModule,
  conversionFailureMetrics,
  conversionFailureSummary,
  seedDemoLabReports,
} from './fse2/index.ts';
import { createWaitroomModule } from './waitroom/index.ts';
import type { Outbox } from './shared/outbox.ts';
import type { Supervision } from './shared/supervisor.ts';
import { romeDay } from './shared/rome-day.ts';

export interface ComposedModules {
  /** Route registrars, identity first: its access-control hook guards every route after it. */
  readonly routes: readonly ((app: TypedApp) => void | Promise<void>)[];
  readonly tasks: TaskList;
  readonly crontab: string;
  /** Long-running parts (SMS dispatcher, simulator…) started after the worker, stopped before it. */
  readonly start: () => Promise<void>;
  readonly stop: () => Promise<void>;
  /** The FSE, for tests and bench/fse that run its processor by hand. */
  readonly records: RecordsModule;
}

/** How tests and benchmarks compose the platform; production passes none. */
export interface ComposeOptions {
  /**
   * 'records': registry, identity and the FSE only, so that records' tests and bench/fse start in about a second
   * and do not depend on the other modules' seeds.
   */
  readonly only?: 'records';
  /** Replaces the SMS outbox (a test makes it fail). */
  readonly outbox?: Outbox;
  /** Processing attempts before a document is flagged (records' default otherwise). */
  readonly recordsMaxAttempts?: number;
  /** false: no FSE demo documents, even in demo mode. */
  readonly seedRecords?: boolean;
}

/**
 * The only place that knows every module: creates each with what it needs, seeds the
 * demo in demo mode, and hands the platform their routes, jobs and lifecycles.
 */
export async function composeModules(deps: {
  config: Config;
  db: Db;
  logger: FastifyBaseLogger;
  metrics: Registry;
  territory: Territory;
  supervision?: Supervision;
  options?: ComposeOptions;
}): Promise<ComposedModules> {
  const { config, db, logger, metrics, territory, supervision, options = {} } = deps;
  const today = (): string => romeDay(new Date());
  const registryRepo = registryRepository(db.kysely);
  const registry = registryService({ pool: db.pool, repo: registryRepo, territory, demo: config.SALUS_DEMO, today });
  if (config.SALUS_DEMO) {
    const seeded = await registry.seedDemoIfEmpty(config.SALUS_DEMO_CITIZENS, (done, total) => {
      logger.info(`demo seed: ${done}/${total} citizens`);
    });
    if (seeded) logger.info(seeded, 'demo data seeded');
  }

  const identity = createIdentityModule({
    config,
    db: db.kysely,
    pool: db.pool,
    demoFiscalCodes: () => Promise.resolve(demoLogins(territory)),
  });
  const demoCredentials: DemoCredentials | null = config.SALUS_DEMO ? await identity.seedDemoCredentials() : null;
  const outbox: Outbox = options.outbox ?? {
    enqueue: async (trx, message) => {
      await enqueueMessage(trx, message);
    },
  };
  const records = createRecordsModule({
    db: db.kysely,
    pool: db.pool,
    audit: identity.audit,
    outbox,
    metrics,
    publicUrl: config.publicUrl,
    ...(options.recordsMaxAttempts === undefined ? {} : { maxAttempts: options.recordsMaxAttempts }),
  });
  const seedRecords = config.SALUS_DEMO && options.seedRecords !== false;
  // CDA2 documents as pages: records' own content read (access rules, access log) is their only way in.
  const documentViews = createDocumentViewModule({
    content: (principal, id, requestId) => records.api.content(principal, id, requestId),
  });
  // Lab trends and vaccination history: records' reads (access rules, access log) are their only way in.
  const clinicalViews = createClinicalViewsModule({
    search: (principal, type, params, requestId) => records.fhir.search(principal, type, params, false, requestId),
    results: (principal, patientId, requestId) => records.derived.results(principal, patientId, requestId),
    immunizations: (principal, patientId, requestId) => records.derived.immunizations(principal, patientId, requestId),
    gpPatientId: async (doctor, fiscalCode, requestId) =>
      Number((await records.api.gpPatient(doctor, fiscalCode, requestId)).patientId),
  });
  if (options.only === 'records') {
    if (seedRecords) await records.seedDemo();
    const idle = (): Promise<void> => Promise.resolve();
    return {
      routes: [
        (app) => identity.registerRoutes(app),
        (app) => {
          registerRegistryRoutes(app, registry, () => demoCredentials);
          records.registerRoutes(app);
          documentViews.registerRoutes(app);
          clinicalViews.registerRoutes(app);
        },
      ],
      tasks: records.tasks,
      crontab: records.crontab,
      start: idle,
      stop: idle,
      records,
    };
  }
  let requestAllocation = (): Promise<void> => Promise.resolve();
  // Campaigns is created below (it needs the waiting room's guard): bound once it exists.
  let campaignExists: (code: string) => Promise<boolean> = () =>
    Promise.reject(new Error('the campaigns module is not ready yet'));
  const waitroom = createWaitroomModule({
    db: db.kysely,
    metrics,
    dataDir: config.dataDir,
    log: logger.child({ component: 'waitroom' }),
    admissionHours: config.WAITROOM_ADMISSION_HOURS,
    campaignExists: (code) => campaignExists(code),
    // A refresh is a handful of statements once a second: 30 s without one completing is a dead loop.
    ...(supervision ? { watch: supervision.watchLoop('waitroom_refresher', 30_000) } : {}),
  });
  const campaigns = createCampaignsModule({
    afterEnrolled: () => requestAllocation(),
    admission: (code, header) => waitroom.guard(code, header),
    db: db.kysely,
    pool: db.pool,
    registry,
    outbox,
    audit: identity.audit,
    metrics,
    dataDir: config.dataDir,
    publicUrl: config.publicUrl,
    codeTtlMinutes: config.ENROLLMENT_CODE_TTL_MINUTES,
    limits: {
      submitPerIp: config.RATE_LIMIT_SUBMIT_PER_IP,
      verifyPerIp: config.RATE_LIMIT_VERIFY_PER_IP,
      store: config.RATE_LIMIT_STORE,
    },
  });
  campaignExists = campaigns.campaignExists;
  // Certificates are filed in the FSE, which is created later: bound below.
  let storeCertificate: CertificatesModuleDeps['storeInRecord'] = () =>
    Promise.reject(new Error('the records module is not ready yet'));
  const certificates = await createCertificatesModule({
    db: db.kysely,
    pool: db.pool,
    config,
    logger,
    audit: identity.audit,
    outbox,
    storeInRecord: (entry) => storeCertificate(entry),
    signingKeyFiles:
      config.DCC_DSC_CERT_FILE === undefined || config.DCC_DSC_KEY_FILE === undefined
        ? undefined
        : { certificatePath: config.DCC_DSC_CERT_FILE, privateKeyPath: config.DCC_DSC_KEY_FILE },
  });
  const fse2Vacc = createVaccModule({
    db: db.kysely,
    records: records.national,
    // The Gateway's engine (created below, used only by jobs and requests): the catalog loads once.
    validator: () => fse2Gateway.validator(),
    audit: identity.audit,
    log: logger.child({ component: 'fse2-vacc' }),
  });
  const scheduling = createSchedulingModule({
    db: db.kysely,
    allocatorHere: config.ALLOCATOR === 'in-process',
    campaigns,
    pool: db.pool,
    audit: identity.audit,
    outbox,
    // Same transaction: the certificate and the VACC CDA2 are requested if and only if the dose commits.
    onVaccinated: async (trx, vaccinationId) => {
      await certificates.requestVaccinationCertificate(trx, vaccinationId);
      await fse2Vacc.requestVaccinationDocument(trx, vaccinationId);
    },
  });
  requestAllocation = scheduling.requestAllocation;
  if (config.SALUS_DEMO) {
    await campaigns.seedDemo();
    const hub = await registryRepo.facilityByCode('HUB-MI-001');
    const booked = await scheduling.seedDemo(territory, hub?.id ?? null, {
      campaign: DEMO_CAMPAIGN,
      count: config.SALUS_DEMO_TODAY,
    });
    if (booked > 0) logger.info(`demo seed: ${booked} appointments today at HUB-MI-001`);
  }
  storeCertificate = records.storeCertificate;
  const fse2Forwarder = createForwarder({
    db: db.kysely,
    config,
    demo: config.SALUS_DEMO,
    metrics,
    log: logger.child({ component: 'fse2-forward' }),
    audit: identity.audit,
    conversionFailureSummary: () => conversionFailureSummary(db.kysely),
    documentFiles: (ids) => records.national.contents(ids),
    ...(supervision ? { supervision } : {}),
  });
  conversionFailureMetrics(metrics, db.kysely);
  const fse2Gateway = createGatewayModule({
    db: db.kysely,
    records: records.national,
    validator: () => createCdaValidatorPool(),
    publicUrl: config.publicUrl,
    forward: fse2Forwarder.enqueue,
  });
  if (seedRecords) await records.seedDemo();
  // Lab reports as a Gateway publication files them (validated, derived results): the lab views have data.
  if (seedRecords && config.SALUS_DEMO_LAB_REPORTS) {
    const log = logger.child({ component: 'fse2-lab-demo' });
    const validator = fse2Gateway.validator;
    await seedDemoLabReports({ db: db.kysely, citizens: DEMO_CITIZENS, records: records.national, validator, log });
  }
  const notify = createNotifyModule({
    db: db.kysely,
    config,
    demo: config.SALUS_DEMO,
    logger,
    metrics,
    ...(supervision ? { supervision } : {}),
  });
  const people = peopleService({
    repo: registryRepo,
    access: identity.access,
    audit: identity.audit,
    standings: campaigns.standings,
  });
  const dashboard = createDashboardModule({
    db: db.kysely,
    overview: (from, weeks) => scheduling.planning.overview(from, weeks),
    sources: [notify.dashboardSource, records.dashboardSource, waitroom.dashboardSource, fse2Forwarder.dashboardSource],
    today,
  });

  return {
    routes: [
      (app) => identity.registerRoutes(app),
      (app) => {
        registerRegistryRoutes(
          app,
          registry,
          () => demoCredentials,
          () => campaigns.demoCandidates(5),
        );
        registerPeopleRoutes(app, people, registry);
        campaigns.registerRoutes(app);
        certificates.registerRoutes(app);
        scheduling.registerRoutes(app);
        records.registerRoutes(app);
        fse2Vacc.registerRoutes(app);
        fse2Forwarder.registerRoutes(app);
        notify.registerRoutes(app);
        waitroom.registerRoutes(app);
        dashboard.registerRoutes(app);
      },
      (app) => fse2Gateway.registerRoutes(app),
      (app) => {
        documentViews.registerRoutes(app);
        clinicalViews.registerRoutes(app);
      },
    ],
    tasks: { ...scheduling.tasks, ...records.tasks, ...certificates.tasks, ...fse2Vacc.tasks },
    crontab: scheduling.crontab + records.crontab,
    start: async () => {
      await waitroom.start();
      await notify.start();
      await fse2Forwarder.start();
    },
    stop: async () => {
      await fse2Forwarder.stop();
      await notify.stop();
      await waitroom.stop();
      await fse2Gateway.close();
    },
    records,
  };
}
