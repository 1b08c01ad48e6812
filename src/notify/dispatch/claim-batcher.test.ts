import { describe, expect, it } from 'vitest';
import { ClaimBatcher } from './claim-batcher.ts';
import type { ClaimedRow } from './repository.ts';

const row = (id: number): ClaimedRow => ({
  id,
  lane: 'otp',
  lane_priority: 0,
  recipient: '+393330000000',
  body: 'x',
  validity_s: 600,
  attempts: 1,
  queued_at: new Date(0),
});

describe('ClaimBatcher', () => {
  it('claims at once when idle, and gathers the ids that come while a claim runs', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new ClaimBatcher(async (ids) => {
      calls.push([...ids]);
      if (calls.length === 1)
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      return ids.filter((id) => id !== 4).map(row);
    });
    const first = batcher.claim(1);
    const later = [batcher.claim(2), batcher.claim(3), batcher.claim(4)];
    release();
    expect((await first)?.id).toBe(1);
    expect((await Promise.all(later)).map((r) => r?.id ?? null)).toEqual([2, 3, null]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('gives a message to one job only, and passes database errors to every waiter', async () => {
    // Like the UPDATE: a message is claimed once. Two jobs for it in one batch: one gets it.
    const claimed = new Set<number>();
    const once = (ids: readonly number[]) =>
      Promise.resolve(
        ids
          .filter((id) => !claimed.has(id))
          .map((id) => {
            claimed.add(id);
            return row(id);
          }),
      );
    const ok = new ClaimBatcher(once);
    const [a, b, c] = await Promise.all([ok.claim(6), ok.claim(7), ok.claim(7)]);
    expect([a?.id, b?.id, c]).toEqual([6, 7, null]);
    expect(await ok.claim(7)).toBeNull();
    const failing = new ClaimBatcher(() => Promise.reject(new Error('database away')));
    await expect(failing.claim(1)).rejects.toThrow('database away');
    // And it keeps working after a failure.
    await expect(failing.claim(2)).rejects.toThrow('database away');
  });

  it('tries a claim again while the database is away, and gives up when told or when time runs out', async () => {
    let failures = 1;
    const flaky = new ClaimBatcher((ids) =>
      failures-- > 0 ? Promise.reject(new Error('database away')) : Promise.resolve(ids.map(row)),
    );
    expect((await flaky.claimRetrying(8, 5_000, () => false))?.id).toBe(8);
    const down = new ClaimBatcher(() => Promise.reject(new Error('database away')));
    await expect(down.claimRetrying(9, 5_000, () => true)).rejects.toThrow('database away');
    await expect(down.claimRetrying(9, 0, () => false)).rejects.toThrow('database away');
  });
});
