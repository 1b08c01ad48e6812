import type { Db } from '../../../src/db/database.ts';
import type { RecordsModule } from '../../../src/records/index.ts';
import type { Outbox } from '../../../src/shared/outbox.ts';
import { startTestPlatform } from '../../helpers/platform.ts';

export interface RecordsTestServer {
  readonly baseUrl: string;
  readonly fhirBase: string;
  readonly db: Db;
  readonly records: RecordsModule;
  readonly metrics: () => Promise<string>;
  /** Starts the job worker now, if it was not started with the server. */
  startWorker(): Promise<void>;
  /** Stops HTTP and the worker, drops the database. */
  close(): Promise<void>;
}

/**
 * The platform composed by src/modules.ts with only registry, identity and records (20 demo people), on a fresh
 * database cloned from the test template: the FSE's tests start in about a second, free of other modules' seeds.
 */
export async function startRecordsTestServer(
  options: { seed?: boolean; worker?: boolean; outbox?: Outbox; maxAttempts?: number } = {},
): Promise<RecordsTestServer> {
  const platform = await startTestPlatform({
    demoCitizens: 20,
    modules: {
      only: 'records',
      ...(options.outbox ? { outbox: options.outbox } : {}),
      ...(options.maxAttempts === undefined ? {} : { recordsMaxAttempts: options.maxAttempts }),
      ...(options.seed === false ? { seedRecords: false } : {}),
    },
    ...(options.worker === false ? { worker: false } : {}),
  });
  return {
    baseUrl: platform.baseUrl,
    fhirBase: `${platform.baseUrl}/fhir/R4`,
    db: platform.db,
    records: platform.modules.records,
    metrics: () => platform.metrics(),
    startWorker: () => platform.startWorker(),
    close: () => platform.close(),
  };
}

export { bearerCaller, facilityToken, sessionCaller, type Caller } from './clients.ts';
