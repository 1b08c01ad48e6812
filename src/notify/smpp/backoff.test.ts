import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from './backoff.ts';
import { RecentMap } from './recent-map.ts';
import { classifyStatus, describeStatus, SmppStatus } from './status.ts';

describe('reconnection backoff', () => {
  it('doubles up to the cap, with jitter over the upper half only', () => {
    const low = [0, 1, 2, 3, 6, 7, 20].map((attempt) => backoffDelay(attempt, defaultBackoff, () => 0));
    const high = [0, 1, 2, 3, 6, 7, 20].map((attempt) => backoffDelay(attempt, defaultBackoff, () => 1));
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
    expect(low).toEqual(high.map((ms) => ms / 2));
  });
});

describe('status classification', () => {
  it('separates throttling, permanent rejections and the rest', () => {
    expect(classifyStatus(SmppStatus.ESME_RTHROTTLED)).toBe('throttled');
    expect(classifyStatus(SmppStatus.ESME_RMSGQFUL)).toBe('throttled');
    expect(classifyStatus(SmppStatus.ESME_RINVDSTADR)).toBe('permanent');
    expect(classifyStatus(SmppStatus.ESME_RSYSERR)).toBe('transient');
    expect(classifyStatus(0x0400)).toBe('transient'); // vendor-specific: assume it may pass later
    expect(describeStatus(0x58)).toBe('ESME_RTHROTTLED (0x58)');
    expect(describeStatus(0x0400)).toBe('0x400');
  });
});

describe('RecentMap', () => {
  it('forgets the least recently set entries beyond its capacity', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // refreshes a
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([3, undefined, 4, 2]);
  });
});
