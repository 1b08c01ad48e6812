import type { TypedApp } from '../../http/types.ts';
import type { NationalDocuments } from '../../records/index.ts';
import type { AuditSink } from '../../shared/principal.ts';
import { inTransactionOf, type CallersHandle } from '../../db/tables.ts';
import type { CdaValidator } from '../validation/types.ts';
import type { VaccDatabase } from './db-types.ts';
import { vaccRepository } from './repository.ts';
import { registerVaccRoutes } from './routes.ts';
import { vaccService, type VaccLog } from './service.ts';

export interface VaccDeps<Caller> {
  /** The platform's handle; typed here with fse2/vacc's table and the views it reads. */
  readonly db: CallersHandle<Caller>;
  /** The record's face for national documents, the path the Gateway files through. */
  readonly records: NationalDocuments;
  /** The CDA2 engine (shared with the Gateway: the catalog loads once). */
  readonly validator: () => Promise<CdaValidator>;
  readonly audit: AuditSink;
  readonly log: VaccLog;
  readonly now?: () => Date;
}

/** Salus's own VACC CDA2 documents (issue 19 item 7; ADR 0013). */
export function createVaccModule<Caller>(deps: VaccDeps<Caller>) {
  const repo = vaccRepository(inTransactionOf<VaccDatabase, Caller>(deps.db));
  const service = vaccService({
    repo,
    records: deps.records,
    validator: deps.validator,
    audit: deps.audit,
    log: deps.log,
    now: deps.now ?? (() => new Date()),
  });
  return {
    service,
    tasks: service.tasks,
    /** Queues the dose's document in the dose's own transaction: it exists if and only if the dose does. */
    requestVaccinationDocument: <T>(trx: CallersHandle<T>, vaccinationId: number): Promise<void> =>
      repo.queue(inTransactionOf<unknown, T>(trx), vaccinationId),
    registerRoutes: (app: TypedApp): void => {
      registerVaccRoutes(app, service);
    },
  };
}

export type VaccModule = ReturnType<typeof createVaccModule>;
