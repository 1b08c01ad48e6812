import type { NotifyMetrics } from '../metrics.ts';
import type { Logger } from '../smpp/logger.ts';
import type { TripReason } from './health.ts';
import type { ProviderLink } from './provider.ts';

/**
 * Keeps the account of providers going out of and back into service: the failover and
 * recovery counters, the provider_up gauge and the log lines, once per incident. Routing
 * itself needs no switch: the dispatcher always tries providers in preference order, so
 * traffic moves to B while A cannot take it and back to A as soon as it can.
 */
export class FailoverLog {
  readonly #providers: readonly ProviderLink[];
  readonly #metrics: NotifyMetrics;
  readonly #log: Logger;

  constructor(providers: readonly ProviderLink[], metrics: NotifyMetrics, log: Logger) {
    this.#providers = providers;
    this.#metrics = metrics;
    this.#log = log;
    for (const p of providers) metrics.providerUp.set({ provider: p.id }, 0);
  }

  /** A session state change; returns true when the provider can take traffic again. */
  state(p: ProviderLink, state: string, stopping: boolean): boolean {
    if (state === 'bound') {
      p.boundSince = performance.now();
      return this.recovered(p, 'bound');
    }
    if (p.boundSince !== null) {
      p.boundSince = null;
      if (!stopping) this.tripped(p, 'disconnected');
    }
    return false;
  }

  tripped(p: ProviderLink, reason: TripReason | 'disconnected'): void {
    this.#metrics.providerUp.set({ provider: p.id }, 0);
    if (p.outOfService !== false) return; // counted once per incident
    p.outOfService = true;
    const now = performance.now();
    const to = this.#providers.find((other) => other !== p && other.usable(now))?.id ?? 'none';
    this.#metrics.failovers.inc({ from: p.id, to, reason });
    this.#log.warn({ provider: p.id, reason, to }, 'notify: provider out of service, failing over');
  }

  /** Returns true when the provider is usable again. */
  recovered(p: ProviderLink, why: string): boolean {
    const usable = p.usable(performance.now());
    this.#metrics.providerUp.set({ provider: p.id }, usable ? 1 : 0);
    if (!usable) return false;
    if (p.outOfService === true) {
      this.#metrics.recoveries.inc({ provider: p.id });
      this.#log.info({ provider: p.id, why }, 'notify: provider back in service, switching back to preference order');
    }
    p.outOfService = false;
    return true;
  }
}
