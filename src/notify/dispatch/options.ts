import type { Kysely } from 'kysely';
import type { Supervision } from '../../shared/supervisor.ts';
import type { ProviderSettings } from '../config.ts';
import type { NotifyTables } from '../db-types.ts';
import type { NotifyMetrics } from '../metrics.ts';
import type { Logger } from '../smpp/logger.ts';
import type { DispatcherTuning } from './tuning.ts';

/** What createDispatcher (dispatcher.ts) needs. */
export interface DispatcherOptions<DB extends NotifyTables> {
  readonly db: Kysely<DB>;
  readonly id?: string;
  /** In order of preference. */
  readonly providers: readonly ProviderSettings[];
  readonly sender: string;
  readonly metrics: NotifyMetrics;
  readonly logger?: Logger;
  readonly tuning?: Partial<DispatcherTuning>;
  readonly random?: () => number;
  /** Restarts the claim loop (notify_send) when it ends: the platform's, for readiness (default: its own). */
  readonly supervision?: Supervision;
}
