import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../shared/errors.ts';

export interface LimitSpec {
  /** Distinguishes limiters sharing the `rate_limits` table. */
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
}

/**
 * Rate limits shared by every API instance (counters in PostgreSQL, through
 * rate-limiter-flexible). A key is e.g. `ip:203.0.113.9` or `user:maria.brambilla`;
 * each key has its own budget, and exceeding any of them answers 429 with Retry-After.
 */
export function createRateLimiter(pool: pg.Pool, spec: LimitSpec) {
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: spec.name,
    points: spec.points,
    duration: spec.durationSeconds,
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
