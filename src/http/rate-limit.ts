import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { rateLimited } from '../shared/errors.ts';

/**
 * Where the counters live. 'memory': in this process (a counter costs no database statement and no
 * commit; each API instance counts on its own, and a restart forgets them: ADR 0021). 'postgres': in
 * the `rate_limits` table, shared by every instance, one upsert and one commit per key spent.
 */
export type RateLimitStore = 'memory' | 'postgres';

export interface LimitSpec {
  /** Distinguishes limiters sharing the `rate_limits` table (and names them in memory). */
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
  /** 'postgres' when absent. */
  readonly store?: RateLimitStore;
}

/**
 * Rate limits per key (through rate-limiter-flexible). A key is e.g. `ip:203.0.113.9` or
 * `user:maria.brambilla`; each key has its own budget, and exceeding any of them answers 429 with Retry-After.
 */
export function createRateLimiter(pool: pg.Pool, spec: LimitSpec) {
  const common = { keyPrefix: spec.name, points: spec.points, duration: spec.durationSeconds };
  const limiter: RateLimiterAbstract =
    spec.store === 'memory'
      ? new RateLimiterMemory(common)
      : new RateLimiterPostgres({
          ...common,
          storeClient: pool,
          storeType: 'pool',
          tableName: 'rate_limits',
          tableCreated: true,
        });
  return {
    /** Spends one point on every key; throws a rate_limited DomainError when any key is exhausted. */
    async consume(keys: readonly string[], message: string): Promise<void> {
      for (const key of keys) {
        try {
          await limiter.consume(key, 1);
        } catch (result) {
          if (result instanceof RateLimiterRes) {
            throw rateLimited(message, Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
          }
          throw result;
        }
      }
    },
    async reset(key: string): Promise<void> {
      await limiter.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
