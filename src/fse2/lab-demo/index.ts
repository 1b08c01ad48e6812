import { inTransactionOf, type CallersHandle } from '../../db/tables.ts';
import type { NationalDocuments } from '../../records/index.ts';
import type { GatewayTables } from '../gateway/db-types.ts';
import { gatewayRepository } from '../gateway/repository.ts';
import type { CdaValidator } from '../validation/types.ts';
import { labDemoRepository, type LabDemoViews } from './repository.ts';
import { seedLabDemo, type DemoCitizenName, type LabDemoLog } from './seed.ts';

export interface LabDemoDeps<Caller> {
  /** The platform's handle; typed here with the Gateway's tables and the registry views this folder reads. */
  readonly db: CallersHandle<Caller>;
  /** The registry's named demo citizens (DEMO_CITIZENS): those with reports in content.ts get them. */
  readonly citizens: readonly DemoCitizenName[];
  /** The record's face for national documents, the path the Gateway files through. */
  readonly records: NationalDocuments;
  /** The Gateway's CDA2 engine (the catalog loads once, and only if a report is still to be filed). */
  readonly validator: () => Promise<CdaValidator>;
  readonly log: LabDemoLog;
  readonly now?: () => Date;
}

/** The demo's laboratory reports (LAB CDA2) for a few demo citizens, filed as Gateway publications. Idempotent. */
export function seedDemoLabReports<Caller>(deps: LabDemoDeps<Caller>): Promise<{ filed: number }> {
  return seedLabDemo({
    repo: labDemoRepository(inTransactionOf<LabDemoViews, Caller>(deps.db)),
    gateway: gatewayRepository(inTransactionOf<GatewayTables, Caller>(deps.db)),
    citizens: deps.citizens,
    records: deps.records,
    validator: deps.validator,
    now: deps.now ?? (() => new Date()),
    log: deps.log,
  });
}

export { DEMO_LAB_REPORTS, LAB_FACILITIES } from './content.ts';
export { labReportCda, resultsOf } from './document.ts';
export { labDocumentId } from './seed.ts';
