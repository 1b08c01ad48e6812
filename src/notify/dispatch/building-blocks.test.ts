import { describe, expect, it } from 'vitest';
import { ProviderHealth } from './health.ts';
import { ReadyQueue, type Held } from './ready-queue.ts';
import { TokenBucket } from './token-bucket.ts';

const health = (options: ConstructorParameters<typeof ProviderHealth>[0] = {}): ProviderHealth =>
  new ProviderHealth({ cooldown: { initialDelayMs: 1_000, maxDelayMs: 8_000, multiplier: 2 }, ...options }, () => 1);

describe('token bucket', () => {
  it('paces to the rate with a tenth of a second of burst, and takes back refused tokens', () => {
    const bucket = new TokenBucket(300, 0);
    let taken = 0;
    while (bucket.tryTake(0)) taken += 1;
    expect(taken).toBe(30);
    expect(bucket.msUntilToken(0)).toBe(4); // 1/300 s, rounded up
    bucket.refund();
    expect(bucket.tryTake(0)).toBe(true);
    let later = 0;
    for (let t = 1; t <= 1_000; t += 1) while (bucket.tryTake(t)) later += 1;
    expect(later).toBeGreaterThanOrEqual(299); // one second at the rate (less float rounding)
    expect(later).toBeLessThanOrEqual(300);
  });
});

describe('provider health (circuit breaker)', () => {
  it('rides out random throttling but trips on a streak, then probes and recovers', () => {
    const h = health();
    for (let i = 0; i < 30; i += 1) {
      if (i % 3 === 0)
        expect(h.throttled(i)).toBeNull(); // ~30% at random: stays up
      else h.accepted(i, `m${i}`);
    }
    expect(h.state(30)).toBe('up');
    for (let i = 0; i < 9; i += 1) expect(h.throttled(40)).toBeNull();
    expect(h.throttled(40)).toBe('throttled'); // the 10th in a row
    expect(h.admits(1_039)).toBe(false);
    expect(h.state(1_040)).toBe('probing'); // 1 s cooldown (random 1 gives the full capped delay)
    expect(h.admits(1_040)).toBe(true);
    h.sending(1_040);
    expect(h.admits(1_040)).toBe(false); // one probe at a time
    expect(h.accepted(1_050, 'probe')).toBe('recovered');
    expect(h.state(1_050)).toBe('up');
  });

  it('trips after 3 errors in a row, cools down longer each time, and ignores answers while cooling', () => {
    const h = health();
    h.failed(0);
    h.failed(0);
    expect(h.failed(0)).toBe('errors');
    expect(h.failed(10)).toBeNull(); // an answer to a submit sent before the trip
    expect(h.state(1_000)).toBe('probing');
    h.sending(1_000);
    expect(h.failed(1_000)).toBe('errors'); // a failed probe trips again, for 2 s
    expect(h.state(2_999)).toBe('cooling');
    expect(h.state(3_000)).toBe('probing');
  });

  it('trips when receipts of one lag period ago stay missing, not for a small tail', () => {
    const h = health({ receiptLagMs: 10_000, receiptMinSample: 50, receiptMinShare: 0.5 });
    for (let i = 0; i < 100; i += 1) h.accepted(1_000, `a${i}`);
    for (let i = 0; i < 98; i += 1) h.receipt(`a${i}`); // 2% late: a long tail, not a backlog
    expect(h.checkReceipts(12_000)).toBeNull();
    for (let i = 0; i < 100; i += 1) h.accepted(30_000, `b${i}`);
    for (let i = 0; i < 30; i += 1) h.receipt(`b${i}`);
    expect(h.checkReceipts(35_000)).toBeNull(); // too recent to judge
    expect(h.checkReceipts(41_000)).toBe('receipts_behind');
  });
});

describe('ready queue', () => {
  const held = (id: number, priority: number): Held => ({
    id,
    priority,
    lane: 'x',
    recipient: '+393330000000',
    body: 'x',
    validityMs: 1_000,
    attempts: 1,
    claimedFrom: id,
    tries: 0,
    refusedBy: null,
  });

  it('serves lane priority first, then age', () => {
    const q = new ReadyQueue();
    for (const [id, priority] of [
      [5, 3],
      [9, 0],
      [2, 3],
      [7, 1],
      [8, 0],
    ] as const)
      q.push(held(id, priority));
    expect(q.oldestClaim()).toBe(2);
    expect(q.drain().map((h) => h.id)).toEqual([8, 9, 7, 2, 5]);
    expect(q.size).toBe(0);
  });
});
