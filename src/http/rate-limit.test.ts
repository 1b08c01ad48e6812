import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { createRateLimiter } from './rate-limit.ts';

// The memory store never touches the pool: one to an address nobody listens on would fail any statement.
const noDatabase = new pg.Pool({
  connectionString: 'postgres://nobody@127.0.0.1:1/none',
  connectionTimeoutMillis: 100,
});

const refusal = async (run: () => Promise<void>): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('createRateLimiter with the memory store', () => {
  it('spends a point per key and refuses the one past the budget with a Retry-After within the window', async () => {
    const limiter = createRateLimiter(noDatabase, { name: 't-cf', points: 3, durationSeconds: 900, store: 'memory' });
    for (let i = 0; i < 3; i++) await limiter.consume(['cf:A'], 'too many');
    const refused = await refusal(() => limiter.consume(['cf:A'], 'too many'));
    expect(refused.kind).toBe('rate_limited');
    expect(refused.message).toBe('too many');
    expect(refused.retryAfterSeconds).toBeGreaterThan(890);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('keeps one budget per key, refuses when any key of a request is spent, and forgets a key on reset', async () => {
    const limiter = createRateLimiter(noDatabase, { name: 't-ip', points: 1, durationSeconds: 60, store: 'memory' });
    await limiter.consume(['ip:1'], 'no');
    await limiter.consume(['ip:2'], 'no');
    expect((await refusal(() => limiter.consume(['ip:3', 'ip:1'], 'no'))).kind).toBe('rate_limited');
    await limiter.reset('ip:1');
    await limiter.consume(['ip:1'], 'no');
  });

  it('keeps limiters of different names apart', async () => {
    const submit = createRateLimiter(noDatabase, { name: 't-a', points: 1, durationSeconds: 60, store: 'memory' });
    const verify = createRateLimiter(noDatabase, { name: 't-b', points: 1, durationSeconds: 60, store: 'memory' });
    await submit.consume(['cf:X'], 'no');
    await verify.consume(['cf:X'], 'no');
    expect((await refusal(() => submit.consume(['cf:X'], 'no'))).kind).toBe('rate_limited');
  });
});
