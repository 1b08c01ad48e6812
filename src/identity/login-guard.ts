import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { rateLimited } from '../shared/errors.ts';

export interface BackoffSpec {
  /** Distinguishes the counters in the shared `rate_limits` table. */
  readonly name: string;
  /** Failures allowed before the first pause. */
  readonly freeFailures: number;
  /** The first pause; each further failure doubles it, up to maxBlockSeconds. */
  readonly firstBlockSeconds: number;
  readonly maxBlockSeconds: number;
  /** Failures are forgotten this long after the first one of a series. */
  readonly windowSeconds: number;
  /** A success forgets the key's failures ('reset'), or only does not count itself ('uncount'). */
  readonly onSuccess: 'reset' | 'uncount';
}

/**
 * Failed attempts per key, slowing down instead of locking: after `freeFailures`
 * failures the key pauses for firstBlockSeconds, then twice as long after each further
 * failure. An attempt counts as a failure while it runs (so a burst of parallel
 * guesses gets no more tries than a sequence), and a success takes it back.
 * Counters live in PostgreSQL (rate-limiter-flexible), shared by every instance.
 */
export function createFailureBackoff(pool: pg.Pool, spec: BackoffSpec) {
  const common = { storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true } as const;
  const failures = new RateLimiterPostgres({
    ...common,
    keyPrefix: `${spec.name}-failures`,
    points: Number.MAX_SAFE_INTEGER,
    duration: spec.windowSeconds,
  });
  const blocks = new RateLimiterPostgres({
    ...common,
    keyPrefix: `${spec.name}-paused`,
    points: 1,
    duration: spec.maxBlockSeconds,
  });
  const pauseFor = (failed: number): number =>
    Math.min(spec.maxBlockSeconds, spec.firstBlockSeconds * 2 ** (failed - spec.freeFailures));
  const pausedFor = async (key: string): Promise<number> => {
    const res = await blocks.get(key);
    return res !== null && res.consumedPoints > 1 && res.msBeforeNext > 0
      ? Math.max(1, Math.ceil(res.msBeforeNext / 1000))
      : 0;
  };

  return {
    /** Runs `attempt` unless the key is paused; null from `attempt` is a failure. */
    async attempt<T>(key: string, message: string, attempt: () => Promise<T | null>): Promise<T | null> {
      let wait = await pausedFor(key);
      if (wait > 0) throw rateLimited(message, wait);
      const counted = (await failures.penalty(key, 1)).consumedPoints;
      if (counted > spec.freeFailures) {
        // Past the free tries: claim this one by pausing the key now, unless a parallel attempt just did.
        wait = await pausedFor(key);
        if (wait > 0) {
          await failures.reward(key, 1);
          throw rateLimited(message, wait);
        }
        await blocks.block(key, pauseFor(counted));
      }
      let result: T | null;
      try {
        result = await attempt();
      } catch (error) {
        await failures.reward(key, 1); // not the password's fault
        throw error;
      }
      if (result === null) {
        if (counted === spec.freeFailures) await blocks.block(key, pauseFor(counted));
        return null;
      }
      if (spec.onSuccess === 'reset') await Promise.all([failures.delete(key), blocks.delete(key)]);
      else await failures.reward(key, 1);
      return result;
    },
  };
}

export type FailureBackoff = ReturnType<typeof createFailureBackoff>;

const MESSAGE = 'Too many failed login attempts. Wait and try again.';

/**
 * The login form's guard. Failures count per account AND address, so a stranger's
 * wrong passwords never keep the owner out from another address, and a success
 * wipes that pair's failures. A looser limit per address slows one address trying
 * many accounts (password spraying); successes never count against it.
 */
export function loginGuard(pool: pg.Pool) {
  // 5 free tries per account and address, then pauses of 30 s, 1, 2, 4, 8 min and 15 min at most: typos
  // cost nothing, while one address gets about a dozen guesses an hour at one account.
  const perAccountAndAddress = createFailureBackoff(pool, {
    name: 'login-pair',
    freeFailures: 5,
    firstBlockSeconds: 30,
    maxBlockSeconds: 900,
    windowSeconds: 3600,
    onSuccess: 'reset',
  });
  // 50 failures in 15 minutes from one address, whatever the accounts, then pauses from 1 minute.
  const perAddress = createFailureBackoff(pool, {
    name: 'login-address',
    freeFailures: 50,
    firstBlockSeconds: 60,
    maxBlockSeconds: 900,
    windowSeconds: 900,
    onSuccess: 'uncount',
  });
  return {
    /** The account id when the password is right, null when wrong; throws rate_limited while paused. */
    async attempt(username: string, address: string, verify: () => Promise<string | null>): Promise<string | null> {
      const pair = `user:${username.trim().toLowerCase()}|ip:${address}`;
      return perAddress.attempt(`ip:${address}`, MESSAGE, () => perAccountAndAddress.attempt(pair, MESSAGE, verify));
    },
  };
}

export type LoginGuard = ReturnType<typeof loginGuard>;
