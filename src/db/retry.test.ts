import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { CommitNotReplicatedError, isNotAcknowledged, isSyncReplicationCancel, withDbRetry } from './retry.ts';

const pgError = (code: string): Error => Object.assign(new Error(`pg ${code}`), { code });
const noSleep = (): Promise<void> => Promise.resolve();

describe('isNotAcknowledged', () => {
  it.each(['25006', '57P01', '08006', 'ECONNREFUSED', 'ECONNRESET'])('treats %s as not acknowledged', (code) => {
    expect(isNotAcknowledged(pgError(code))).toBe(true);
  });

  it('treats a dropped connection without a code as not acknowledged', () => {
    expect(isNotAcknowledged(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it.each(['23505', '22P02', '42P01'])('treats %s as a real answer', (code) => {
    expect(isNotAcknowledged(pgError(code))).toBe(false);
  });
});

describe('withDbRetry', () => {
  it('retries idempotent work until the database answers', async () => {
    let calls = 0;
    const result = await withDbRetry(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(pgError('57P01')) : Promise.resolve('done');
      },
      { idempotent: true, sleep: noSleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('fails non-idempotent work once with an unavailable error', async () => {
    let calls = 0;
    const attempt = withDbRetry(
      () => {
        calls++;
        return Promise.reject(pgError('25006'));
      },
      { idempotent: false, sleep: noSleep },
    );
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ kind: 'unavailable', retryAfterSeconds: 2 });
    expect(calls).toBe(1);
  });

  it('does not retry errors that are real answers', async () => {
    let calls = 0;
    await expect(
      withDbRetry(
        () => {
          calls++;
          return Promise.reject(pgError('23505'));
        },
        { idempotent: true, sleep: noSleep },
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });

  it('gives up after its budget', async () => {
    await expect(
      withDbRetry(() => Promise.reject(pgError('08006')), { idempotent: true, budgetMs: 0, sleep: noSleep }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('answers within its budget: it takes no pause that would end past it', async () => {
    let now = 1_000_000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const pauses: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      pauses.push(ms);
      now += ms;
      return Promise.resolve();
    };
    try {
      await expect(
        withDbRetry(() => Promise.reject(pgError('08006')), { idempotent: true, budgetMs: 3_000, sleep }),
      ).rejects.toMatchObject({ kind: 'unavailable' });
    } finally {
      clock.mockRestore();
      random.mockRestore();
    }
    // 49.5, 99, 198, 396, 792 ms: the next (1,584) would end at 3,118 ms.
    expect(pauses.length).toBe(5);
    expect(pauses.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(3_000);
  });
});

describe('isSyncReplicationCancel', () => {
  it.each([
    ['canceling wait for synchronous replication due to user request', undefined],
    [
      'canceling the wait for synchronous replication and terminating connection due to administrator command',
      undefined,
    ],
    ['anything', 'The transaction has already committed locally, but might not have been replicated to the standby.'],
  ])('recognises "%s"', (message, detail) => {
    expect(isSyncReplicationCancel({ message, detail })).toBe(true);
  });

  it('ignores other warnings', () => {
    expect(isSyncReplicationCancel({ message: 'there is no transaction in progress' })).toBe(false);
  });

  it('makes the commit not acknowledged, so a write answers 503', async () => {
    const error = new CommitNotReplicatedError({
      message: 'canceling wait for synchronous replication due to user request',
    });
    expect(isNotAcknowledged(error)).toBe(true);
    await expect(withDbRetry(() => Promise.reject(error), { idempotent: false, sleep: noSleep })).rejects.toMatchObject(
      { kind: 'unavailable' },
    );
  });
});
