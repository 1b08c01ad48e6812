import type { TypedApp } from '../../http/types.ts';
import type { NationalDocuments } from '../../records/index.ts';
import type { CdaValidator } from '../validation/types.ts';
import type { Db } from '../../db/tables.ts';
import type { GatewayTables } from './db-types.ts';
import type { ForwardSink } from '../forward/index.ts';
import { gatewayRepository } from './repository.ts';
import { GATEWAY_PREFIX, registerGatewayRoutes } from './routes.ts';
import { gatewayService } from './service.ts';

export interface GatewayDeps<All extends GatewayTables = GatewayTables> {
  /** Any handle holding the Gateway's tables (the composition root's); its repository sees those alone. */
  readonly db: Db<All>;
  /** The record's face for national documents (src/records/index.ts). */
  readonly records: NationalDocuments;
  /** Creates the CDA2 engine; called once, on the first document (loading the catalog takes seconds). */
  readonly validator: () => Promise<CdaValidator>;
  /** Public base URL without a trailing slash: the JWTs' audience is <publicUrl>/fse2/v1. */
  readonly publicUrl: string;
  readonly now?: () => Date;
  /** The forwarding outbox (src/fse2/forward): each accepted change is written in the record's transaction. */
  readonly forward?: ForwardSink;
}

/** The national FSE 2.0 Gateway API at /fse2/v1 (issue 19, items 4, 5, 8; ADR 0011). */
export function createGatewayModule<All extends GatewayTables>(deps: GatewayDeps<All>) {
  let engine: Promise<CdaValidator> | null = null;
  const validator = (): Promise<CdaValidator> => {
    engine ??= deps.validator().catch((error: unknown) => {
      engine = null; // a failed start is retried by the next document, not cached
      throw error;
    });
    return engine;
  };
  const service = gatewayService({
    repo: gatewayRepository(deps.db),
    records: deps.records,
    validator,
    audience: `${deps.publicUrl}${GATEWAY_PREFIX}`,
    now: deps.now ?? (() => new Date()),
    ...(deps.forward ? { forward: deps.forward } : {}),
  });
  return {
    service,
    /** The engine, loaded once, for the rest of fse2 (vacc validates Salus's own documents with it). */
    validator,
    registerRoutes: (app: TypedApp) => registerGatewayRoutes(app, service),
    async close(): Promise<void> {
      if (engine !== null) await (await engine).close();
    },
  };
}

export type GatewayModule = ReturnType<typeof createGatewayModule>;
