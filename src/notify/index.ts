import type { TaskList } from 'graphile-worker';
import type { NotifyTables } from './db-types.ts';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { TypedApp } from '../http/types.ts';
import type { Supervision } from '../shared/supervisor.ts';
import { PROVIDER_IDS, providerSettings, type NotifyConfig, type ProviderId } from './config.ts';
import { createDispatcher, type Dispatcher, type DispatcherTuning } from './dispatch/dispatcher.ts';
import { createNotifyMetrics, type NotifyMetrics } from './metrics.ts';
import { notifyRepository } from './repository.ts';
import { registerNotifyRoutes } from './routes.ts';
import { notifyService, type NotifyService } from './service.ts';
import type { Logger } from './smpp/logger.ts';
import { startSimulator, type RunningSimulator, type SimulatorControl } from './smsc/index.ts';

export { enqueueMessage, enqueueMessages, type Enqueued, type MessageInput } from './outbox/enqueue.ts';
export { LANES, type Lane } from './outbox/lanes.ts';
export { NotifyConfigSchema, type NotifyConfig } from './config.ts';

export interface NotifyModuleDeps<DB extends NotifyTables> {
  readonly db: Kysely<DB>;
  readonly config: NotifyConfig;
  /** SALUS_DEMO: the simulated-phones API exists only then. */
  readonly demo: boolean;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Tests and the benchmark shorten timings; production keeps the defaults. */
  readonly tuning?: Partial<DispatcherTuning>;
  /** The platform's: restarts the dispatcher's claim loop (notify_send), and readiness reports it. */
  readonly supervision?: Supervision;
}

export interface NotifyModule {
  /**
   * Tasks for the platform's shared worker: none. The dispatcher claims its messages
   * straight from the outbox table (ADR 0022), with the token buckets, the SMPP sessions and
   * the failover state of its process.
   */
  readonly tasks: TaskList;
  readonly service: NotifyService;
  readonly metrics: NotifyMetrics;
  /** The "sms" section of the region's dashboard (a DashboardSource). */
  readonly dashboardSource: { readonly section: 'sms'; figures(): Promise<Record<string, unknown>> };
  registerRoutes(app: TypedApp): void;
  /** Starts the embedded SMSC simulators (if SMS_SIMULATOR) and the dispatcher. */
  start(): Promise<void>;
  /** Stops the dispatcher (writing every outcome), then the simulators. */
  stop(): Promise<void>;
  /** The running dispatcher, for tests and the benchmark. */
  dispatcher(): Dispatcher | null;
  /** The embedded simulators by provider (empty unless SMS_SIMULATOR). */
  simulators(): ReadonlyMap<ProviderId, RunningSimulator>;
}

export function createNotifyModule<DB extends NotifyTables>(deps: NotifyModuleDeps<DB>): NotifyModule {
  const { config, logger } = deps;
  const repo = notifyRepository(deps.db);
  const metrics = createNotifyMetrics(deps.metrics, () => repo.laneSnapshot());
  const simulators = new Map<ProviderId, RunningSimulator>();
  let dispatcher: Dispatcher | null = null;
  const service = notifyService({
    repo,
    providers: () => dispatcher?.providers() ?? [],
    simulators: () => new Map<ProviderId, SimulatorControl>([...simulators].map(([id, sim]) => [id, sim.control])),
  });

  return {
    tasks: {},
    service,
    metrics,
    dashboardSource: {
      section: 'sms',
      figures: async () => {
        // Failover incidents counted by this server's dispatcher since it started (each
        // instance runs one; the figure is per instance, like the metric it reads).
        const counted = await metrics.failovers.get();
        return { ...(await service.dashboard()), failovers: counted.values.reduce((sum, v) => sum + v.value, 0) };
      },
    },
    registerRoutes(app) {
      registerNotifyRoutes(app, service, { simulatedPhones: deps.demo && config.SMS_SIMULATOR });
    },
    async start() {
      let providers = providerSettings(config);
      if (config.SMS_SIMULATOR) {
        const ports: Record<ProviderId, number> = { a: config.SMS_SIMULATOR_A_PORT, b: config.SMS_SIMULATOR_B_PORT };
        for (const p of providers) {
          // Loopback only, credentials and rate as configured for the provider it stands for.
          const sim = await startSimulator({
            port: ports[p.id],
            host: '127.0.0.1',
            logger,
            config: { systemId: p.systemId, password: p.password, tps: p.rate },
          });
          simulators.set(p.id, sim);
          logger.info({ provider: p.id, port: sim.port }, 'notify: SMSC simulator listening');
        }
        providers = providers.map((p) => ({ ...p, host: '127.0.0.1', port: simulators.get(p.id)?.port ?? p.port }));
      }
      dispatcher = createDispatcher({
        db: deps.db,
        providers,
        sender: config.SMS_SENDER,
        metrics,
        logger,
        ...(deps.tuning ? { tuning: deps.tuning } : {}),
        ...(deps.supervision ? { supervision: deps.supervision } : {}),
      });
      await dispatcher.start();
    },
    async stop() {
      await dispatcher?.stop();
      dispatcher = null;
      for (const id of PROVIDER_IDS) await simulators.get(id)?.close();
      simulators.clear();
    },
    dispatcher: () => dispatcher,
    simulators: () => simulators,
  };
}
