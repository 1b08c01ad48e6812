import { SmppClient, type DeliveryReceipt } from '../smpp/client.ts';
import type { Logger } from '../smpp/logger.ts';
import type { ProviderSettings } from '../config.ts';
import { ProviderHealth, type HealthOptions } from './health.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ProviderLinkOptions {
  readonly settings: ProviderSettings;
  readonly sender: string;
  readonly logger: Logger;
  readonly health: Partial<HealthOptions>;
  /** No submit_sm_resp within this: the outcome is unknown and the link is dropped. */
  readonly responseTimeoutMs: number;
  readonly random: () => number;
  /** Stores a receipt; it is acknowledged to the SMSC only once this resolves. */
  readonly onReceipt: (provider: ProviderLink, receipt: DeliveryReceipt) => Promise<void>;
}

export interface ProviderStatus {
  readonly id: string;
  readonly state: 'up' | 'cooling' | 'probing' | 'disconnected';
  readonly rate: number;
  readonly inFlight: number;
}

/** One SMS provider as the dispatcher sees it: an SMPP session, a rate and a circuit breaker. */
export class ProviderLink {
  readonly id: string;
  readonly client: SmppClient;
  readonly bucket: TokenBucket;
  readonly health: ProviderHealth;
  /** performance.now() since when the session has been bound; null while it is not. */
  boundSince: number | null = null;
  inFlight = 0;
  /** Whether failover counted it out of service; null until it first took traffic. */
  outOfService: boolean | null = null;

  constructor(options: ProviderLinkOptions) {
    const { settings } = options;
    this.id = settings.id;
    this.bucket = new TokenBucket(settings.rate, performance.now());
    this.health = new ProviderHealth(options.health, options.random);
    this.client = new SmppClient({
      host: settings.host,
      port: settings.port,
      systemId: settings.systemId,
      password: settings.password,
      sourceAddr: options.sender,
      // Enough unanswered submits for the rate at a 50 ms round trip (15 at 300 msg/s), at
      // least 10; each one is an unknown outcome if the link drops, so no more than that.
      windowSize: Math.max(10, Math.ceil(settings.rate * 0.05)),
      responseTimeoutMs: options.responseTimeoutMs,
      // We submit only into a free window slot of a bound session, so anything that still
      // waits this long met a disconnection and is better tried on the other provider.
      queueTimeoutMs: 2_000,
      reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
      random: options.random,
      logger: options.logger,
      receiptHandler: (receipt) => options.onReceipt(this, receipt),
    });
  }

  get bound(): boolean {
    return this.client.state === 'bound';
  }

  /** Bound and not cooling down: worth claiming messages for. */
  usable(now: number): boolean {
    return this.bound && this.health.state(now) !== 'cooling';
  }

  /** Could take one more submit right now. */
  ready(now: number): boolean {
    return (
      this.bound &&
      this.inFlight < this.client.windowSize &&
      this.health.admits(now) &&
      this.bucket.msUntilToken(now) === 0
    );
  }

  /** Milliseconds until ready() may turn true by itself (a token), or null if it waits on something else. */
  msUntilReady(now: number): number | null {
    if (!this.bound || this.inFlight >= this.client.windowSize || !this.health.admits(now)) return null;
    return this.bucket.msUntilToken(now);
  }

  state(now: number): 'up' | 'cooling' | 'probing' | 'disconnected' {
    return this.bound ? this.health.state(now) : 'disconnected';
  }
}
