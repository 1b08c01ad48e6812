import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock } from './clock.ts';
import { defaultSimulatorConfig, mergeConfig, SimulatorConfigError } from './config.ts';
import { sampleDeliveryDelay } from './latency.ts';
import { PhoneBook } from './phones.ts';
import { scriptedRandom } from '../../../test/support/notify/smsc.ts';
import { TokenBucket } from './token-bucket.ts';

describe('ManualClock', () => {
  it('fires timers in due order, including ones scheduled while advancing', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      fired.push(`a@${clock.now()}`);
      clock.setTimer(5, () => fired.push(`c@${clock.now()}`));
    });
    clock.setTimer(30, () => fired.push('never')).cancel();
    clock.advance(25);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20']);
    expect(clock.now()).toBe(25);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('ScaledClock', () => {
  it('runs simulated time faster and never fires early', async () => {
    const clock = new ScaledClock(1_000);
    const start = clock.now();
    const firedAt = await new Promise<number>((resolve) =>
      clock.setTimer(20_000, () => {
        resolve(clock.now());
      }),
    );
    expect(firedAt - start).toBeGreaterThanOrEqual(20_000);
    expect(firedAt - start).toBeLessThan(20_000 + 200 * 1_000); // within 200 real ms
    expect(() => {
      clock.setScale(0);
    }).toThrow();
  });
});

describe('delivery latency', () => {
  const latency = {
    minMs: 1_000,
    maxMs: 3_000,
    tail: [
      { p: 0.02, delayMs: 3_000_000 },
      { p: 0.08, delayMs: 60_000 },
    ],
  };

  it('draws the tail buckets first, then a uniform delay', () => {
    expect(sampleDeliveryDelay(latency, scriptedRandom([0.019]))).toBe(3_000_000);
    expect(sampleDeliveryDelay(latency, scriptedRandom([0.05]))).toBe(60_000);
    expect(sampleDeliveryDelay(latency, scriptedRandom([0.5, 0.25]))).toBe(1_500);
    expect(
      sampleDeliveryDelay({ minMs: 7, maxMs: 7, tail: [] }, () => {
        throw new Error('no draw needed');
      }),
    ).toBe(7);
  });

  it('puts about p of the messages in the tail', () => {
    let seed = 42;
    const lcg = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const tail = Array.from({ length: 20_000 }, () => sampleDeliveryDelay(latency, lcg)).filter(
      (d) => d === 3_000_000,
    ).length;
    expect(tail / 20_000).toBeGreaterThan(0.015);
    expect(tail / 20_000).toBeLessThan(0.025);
  });
});

describe('TokenBucket', () => {
  it('admits a burst of one second, then the rate; 0 is unlimited', () => {
    const bucket = new TokenBucket(5, 0);
    expect(Array.from({ length: 6 }, () => bucket.tryTake(0))).toEqual([true, true, true, true, true, false]);
    expect(bucket.tryTake(199)).toBe(false);
    expect(bucket.tryTake(200)).toBe(true); // 5/s refills one token every 200 ms
    bucket.setRate(0, 200);
    expect(Array.from({ length: 100 }, () => bucket.tryTake(200)).every(Boolean)).toBe(true);
  });
});

describe('PhoneBook', () => {
  const message = (to: string, n: number) => ({
    id: `${to}-${n}`,
    from: 'Salus',
    to,
    text: `t${n}`,
    submittedAt: n,
    deliveredAt: n,
  });

  it('keeps the newest messages per phone and the most recent phones', () => {
    const phones = new PhoneBook(2, 3);
    for (let n = 1; n <= 5; n += 1) phones.deliver(message('391', n));
    phones.deliver(message('392', 6));
    phones.deliver(message('391', 7));
    phones.deliver(message('393', 8)); // evicts 392, the least recently delivered-to
    expect(phones.messagesFor('+391').map((m) => m.text)).toEqual(['t7', 't5', 't4']);
    expect(phones.messagesFor('392')).toEqual([]);
    expect(phones.allPhones()).toEqual([
      { number: '393', received: 1, lastDeliveredAt: 8 },
      { number: '391', received: 6, lastDeliveredAt: 7 },
    ]);
  });
});

describe('simulator configuration', () => {
  it('names every invalid field', () => {
    let error: unknown;
    try {
      mergeConfig(defaultSimulatorConfig, { throttleRate: -1, rejectPrefixes: ['+39'], delivery: { minMs: -5 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorConfigError);
    const problems = (error as SimulatorConfigError).problems.join('\n');
    expect(problems).toMatch(/throttleRate/);
    expect(problems).toMatch(/rejectPrefixes\.0/);
    expect(problems).toMatch(/delivery\.minMs/);
  });

  it('refuses unknown fields', () => {
    expect(() => mergeConfig(defaultSimulatorConfig, { tsp: 5 } as never)).toThrow(/additional properties/);
  });
});
