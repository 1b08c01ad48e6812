import { runMigrations, type Task, type TaskList } from 'graphile-worker';
import type { Publish } from './mhd/publish.ts';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { inTransactionOf, type CallersHandle } from '../db/tables.ts';
import type { TypedApp } from '../http/types.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';
import { apiRepository } from './api/repository.ts';
import { registerRecordsApi } from './api/routes.ts';
import { recordsApi } from './api/service.ts';
import { seedRecordsDemo } from './demo/seed.ts';
import { ingestionProcessor, kickProcessing, PROCESS_TASK } from './ingestion/process.ts';
import { ingestionMetrics, slaReport } from './ingestion/sla.ts';
import { publisher } from './mhd/publish.ts';
import { registerFhirRoutes } from './routes-fhir.ts';
import { storeCertificateDocument, type CertificateDocument } from './service/certificate-documents.ts';
import { consentService } from './service/consent.ts';
import { nationalDocuments } from './service/national-documents.ts';
import { derivedService } from './derived/service.ts';
import { fhirService } from './service/fhir.ts';
import { observationService } from './service/observations.ts';
import { prescriptionService } from './service/prescriptions.ts';
import { fhirReads } from './service/reads.ts';
import type { RecordsDatabase } from './db-types.ts';

export interface RecordsDeps<Caller = RecordsDatabase> {
  /** The platform's handle; records types it with its own tables and the views it reads (db-types.ts). */
  readonly db: CallersHandle<Caller>;
  /** For the job queue's schema: the seed publishes (and so enqueues jobs) before the worker may have started. */
  readonly pool: pg.Pool;
  readonly audit: AuditSink;
  readonly outbox: Outbox;
  /** The app's Prometheus registry: the 24 h SLA metrics are added to it. */
  readonly metrics: Registry;
  /** Public base URL without a trailing slash (links in Bundles and SMS). */
  readonly publicUrl: string;
  readonly now?: () => Date;
  /** Processing attempts before a submission is flagged (back-off in ingestion/process.ts: 10 span about 6 hours). */
  readonly maxAttempts?: number;
}

/**
 * The FSE (issue #9): FHIR R4 + IHE MHD document registry and repository, consent,
 * oscuramento, the access log as AuditEvent, e-prescriptions, and the ingestion
 * pipeline with its 24 h SLA. Wiring: routes, worker tasks and crontab, demo seed.
 */
export function createRecordsModule<Caller>(options: RecordsDeps<Caller>) {
  const deps = { ...options, db: inTransactionOf<RecordsDatabase, Caller>(options.db) };
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 10;
  const base = `${deps.publicUrl}/fhir/R4`;
  const sla = ingestionMetrics(deps.metrics, deps.db);
  const reads = fhirReads({ db: deps.db, audit: deps.audit, base });
  const consent = consentService({ db: deps.db, audit: deps.audit, now });
  const prescriptions = prescriptionService({ db: deps.db, audit: deps.audit, now });
  const observations = observationService({ db: deps.db, audit: deps.audit, now });
  const derived = derivedService({ db: deps.db, audit: deps.audit, now });
  const stored = publisher({ db: deps.db, audit: deps.audit, now, onAccepted: sla.accepted });
  // "Look now" for the worker, at most every 100 ms per process. Losing a kick (a crash,
  // a failover) costs at most a minute: the crontab runs the same task every minute.
  let kickTimer: NodeJS.Timeout | null = null;
  const kick = (): void => {
    if (kickTimer !== null) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      kickProcessing(deps.db).catch(() => undefined);
    }, 100);
    kickTimer.unref();
  };
  const publish: Publish = async (submission, p, requestId, also) => {
    const result = await stored.publish(submission, p, requestId, also);
    if (result.created) kick();
    return result;
  };
  const fhir = fhirService({ reads, consent, observations, prescriptions, publish });
  const processor = ingestionProcessor({
    db: deps.db,
    outbox: deps.outbox,
    publicUrl: deps.publicUrl,
    now,
    observeDelay: sla.observeDelay,
    maxAttempts,
  });
  const api = recordsApi({
    repo: apiRepository(deps.db),
    audit: deps.audit,
    fhir,
    consent,
    prescriptions,
    publish,
    processor,
    now,
    sla: () => slaReport(deps.db),
  });

  const processTask: Task = async (_payload, helpers) => {
    const result = await processor.processDue();
    if (result.failed > 0) helpers.logger.warn(`records processing: ${JSON.stringify(result)}`);
    if (result.more) await kickProcessing(deps.db); // a backlog: go on in a fresh run
  };
  const tasks: TaskList = { [PROCESS_TASK]: processTask };

  return {
    tasks,
    /** Every minute, whatever the kicks: a document can wait for processing, never be forgotten. */
    crontab: `* * * * * ${PROCESS_TASK}\n`,
    fhir,
    api,
    processor,
    /** Keeps a signed certificate (the certificates module's Green Pass) as a CER document. Idempotent per key. */
    storeCertificate: (doc: CertificateDocument) => storeCertificateDocument({ db: deps.db, publish }, doc),
    /** National (FSE 2.0) documents from the fse2 Gateway: filed via ITI-65, withdrawn, re-indexed (issue 19). */
    national: nationalDocuments({ db: deps.db, audit: deps.audit, publish, now, derived }),
    /**
     * Clinical resources derived from CDA2 documents, for the clinical views (issue 20 item 2): `results` (lab
     * values) and `immunizations` (VACC documents) of one patient, under the caller's access, logged.
     */
    derived: { results: derived.results.bind(derived), immunizations: derived.immunizations.bind(derived) },
    /** The FSE section of the region dashboard (src/dashboard DashboardSource): the 24 h SLA, aggregates only. */
    dashboardSource: {
      section: 'fse',
      figures: async (): Promise<Record<string, unknown>> => ({ ...(await slaReport(deps.db)) }),
    },

    registerRoutes(app: TypedApp): void {
      registerFhirRoutes(app, fhir, { base, version: '0.1.0' });
      registerRecordsApi(app, api);
    },

    /** Demo documents for the demo citizens, published through ITI-65 by the seed itself. Idempotent. */
    async seedDemo(): Promise<{ documents: number }> {
      await runMigrations({ pgPool: deps.pool }); // idempotent: graphile-worker's own schema
      return seedRecordsDemo({ db: deps.db, consent, prescriptions, observations, publish, now });
    },
  };
}

export type RecordsModule = ReturnType<typeof createRecordsModule>;
export {
  nationalClassFits,
  type NationalCaller,
  type NationalDocument,
  type NationalDocuments,
  type NationalIndex,
  type NationalInTransaction,
} from './service/national-documents.ts';
export type { DerivedImmunization, DerivedResult } from './derived/service.ts';
