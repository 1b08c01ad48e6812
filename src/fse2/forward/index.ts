import type { QueryExecutorProvider } from 'kysely';
import type { Registry } from 'prom-client';
import type { TypedApp } from '../../http/types.ts';
import type { AuditSink } from '../../shared/principal.ts';
import type { Supervision } from '../../shared/supervisor.ts';
import { startNationalSimulator, type NationalSimulator } from '../national-sim/index.ts';
import type { ForwardConfig } from './config.ts';
import { nationalForwardingSource, type ConversionFailureSummary } from './dashboard.ts';
import { forwardMetrics } from './metrics.ts';
import { nationalClient } from './national-client.ts';
import { generatedRegionIdentity, loadRegionIdentity, type RegionIdentity } from './region-identity.ts';
import { createRegionSigner } from './region-signer.ts';
import { createRelay, type Relay, type RelayLog, type RelayTuning } from './relay.ts';
import { refusalsRepository } from './refusals-repository.ts';
import { registerRefusalRoutes } from './refusals-routes.ts';
import { refusalsService } from './refusals.ts';
import { withRecordFiles, type DocumentFiles } from './record-files.ts';
import { forwardRepository, type ClaimedForward } from './repository.ts';
import type { ForwardSink } from './types.ts';

export { ForwardConfigSchema, regionIdentityProblem, type ForwardConfig } from './config.ts';
export { loadRegionIdentity, RegionIdentityError } from './region-identity.ts';
export type { ForwardChange, ForwardOperation, ForwardSink } from './types.ts';
export type { RelayTuning } from './relay.ts';
export type { ConversionFailureSummary } from './dashboard.ts';
export type { DocumentFiles } from './record-files.ts';

export interface ForwarderDeps {
  readonly db: QueryExecutorProvider;
  readonly config: ForwardConfig;
  /** SALUS_DEMO: without a national URL, the bundled simulator is started and used. */
  readonly demo: boolean;
  readonly metrics: Registry;
  readonly log: RelayLog & { info(fields: object, message: string): void };
  readonly supervision?: Supervision;
  /** The region's id in its JWTs' issuer (integrity:<id>). */
  readonly issuer?: string;
  /** The access log of the refused forwards' page (its reads and decisions). */
  readonly audit?: AuditSink;
  /**
   * The dashboard's conversion failures (counts by type): `() => conversionFailureSummary(db)` from fse2's derive
   * step (ADR 0018), wired in src/modules.ts; unset, the section says "not available".
   */
  readonly conversionFailureSummary?: () => Promise<ConversionFailureSummary>;
  /**
   * The record's stored PDFs by DocumentReference id (records' `national.contents`): a Gateway publication's
   * outbox row refers to the record's copy instead of holding its own (ADR 0017).
   */
  readonly documentFiles?: DocumentFiles;
  /** Tests: shorter timings. */
  readonly tuning?: Partial<RelayTuning>;
  /** Tests: runs between a send and its mark (a throw there is a crash between the two). */
  readonly afterSend?: (item: ClaimedForward) => Promise<void> | void;
}

/**
 * Forwarding to the national Gateway (issue 20 item 3; ADR 0014): `enqueue` writes a change in the caller's
 * transaction; the relay, a supervised timer loop, sends the outbox in order per document.
 */
export function createForwarder(deps: ForwarderDeps) {
  const repo = forwardRepository(deps.db);
  const metrics = forwardMetrics(deps.metrics, () => repo.figures());
  const timeoutMs = deps.config.FSE2_FORWARD_TIMEOUT_MS;
  const tuning: RelayTuning = {
    // 256 heads per claim and 32 sends in flight: a 100,000-row backlog drains at the national capacity
    // (bench:fse2's drain phase, ADR 0014 "Drain rate"); at batch 32 the claim statement was the bottleneck.
    batch: 256,
    window: 32,
    maxPerSecond: deps.config.FSE2_FORWARD_MAX_PER_SECOND ?? 0,
    idleMs: 500,
    leaseMs: timeoutMs + 30_000,
    backoff: { baseMs: 1_000, capMs: deps.config.FSE2_FORWARD_BACKOFF_CAP_MS },
    probeMs: 5_000,
    // While publications keep coming, a pass every 100 ms sends what came meanwhile (ADR 0028): a forward leaves
    // at most 100 ms later than it would, far inside the national 24 h, with fewer claims, reads and marks.
    gatherMs: 100,
    ...deps.tuning,
  };
  // Read and checked now, at composition: an unreadable, mismatched or expired file stops the start-up.
  const provisioned: RegionIdentity | null =
    deps.config.FSE2_REGION_CERT_FILE === undefined || deps.config.FSE2_REGION_KEY_FILE === undefined
      ? null
      : loadRegionIdentity({
          certificatePath: deps.config.FSE2_REGION_CERT_FILE,
          privateKeyPath: deps.config.FSE2_REGION_KEY_FILE,
        });
  let simulator: NationalSimulator | null = null;
  let relay: Relay | null = null;
  const enqueue: ForwardSink = async (trx, change) => {
    await repo.enqueue(trx, change);
    // The row is visible once the caller commits: look again shortly after (the idle poll is the fallback).
    setTimeout(() => relay?.kick(), 20).unref();
  };

  const refusals = refusalsService({
    repo: refusalsRepository(deps.db),
    audit: deps.audit ?? {
      record: () => Promise.reject(new Error('fse2 forward: no access log given (ForwarderDeps.audit)')),
      recordEach: () => Promise.reject(new Error('fse2 forward: no access log given (ForwarderDeps.audit)')),
    },
  });

  return {
    enqueue,
    repository: repo,
    /** The dashboard's "Inoltro nazionale" section (issue 20 item 5). */
    dashboardSource: nationalForwardingSource({
      figures: () => repo.figures(),
      conversionFailureSummary: deps.conversionFailureSummary ?? null,
    }),
    /** The region operator's refused forwards: list, resend, drop (issue 20 item 3). */
    registerRoutes(app: TypedApp): void {
      registerRefusalRoutes(app, refusals);
    },
    simulator: () => simulator,
    /** Starts the simulator (demo without a national URL) and the relay; without either, changes wait. */
    async start(): Promise<void> {
      let url = deps.config.FSE2_NATIONAL_GATEWAY_URL;
      if (url === undefined && deps.demo) {
        simulator = await startNationalSimulator({ port: deps.config.FSE2_NATIONAL_SIMULATOR_PORT });
        url = simulator.url;
        deps.log.info({ url }, 'fse2: national Gateway simulator listening (controls: POST /sim/control)');
      }
      if (url === undefined) {
        deps.log.warn({}, 'fse2: FSE2_NATIONAL_GATEWAY_URL is unset: changes wait in the outbox, none is forwarded');
        return;
      }
      const issuer = deps.issuer ?? 'SALUS-REGIONE-LOMBARDIA';
      const identity = provisioned ?? (await generatedRegionIdentity(issuer));
      const fields = { subject: identity.subject, notAfter: identity.notAfter.toISOString(), alg: identity.alg };
      if (identity.source === 'files') deps.log.info(fields, 'fse2: signing with the region certificate from files');
      else
        deps.log.warn(
          fields,
          'fse2: signing with a self-signed certificate made at start-up (demo default, not trusted nationally): ' +
            'set FSE2_REGION_CERT_FILE and FSE2_REGION_KEY_FILE',
        );
      const signer = await createRegionSigner(issuer, identity);
      // A pass sends at most one batch, each bounded by the timeout: silent for longer than that is a hung pass.
      const watch = deps.supervision?.watchLoop('fse2_forward_relay', tuning.leaseMs + 30_000);
      // The relay's claims carry each publication's PDF, read from the record for the rows that refer to it.
      const claim: typeof repo.claim = async (limit, leaseMs, options) =>
        withRecordFiles(await repo.claim(limit, leaseMs, options), deps.documentFiles, deps.log);
      relay = createRelay({
        repo: { ...repo, claim },
        send: nationalClient({ baseUrl: url, timeoutMs, signer }),
        metrics,
        tuning,
        log: deps.log,
        ...(watch ? { watch } : {}),
        ...(deps.afterSend ? { afterSend: deps.afterSend } : {}),
      });
      relay.start();
    },
    async stop(): Promise<void> {
      await relay?.stop();
      relay = null;
      await simulator?.close();
      simulator = null;
    },
  };
}

export type Forwarder = ReturnType<typeof createForwarder>;
export { documentChange, publicationChange } from './changes.ts';
