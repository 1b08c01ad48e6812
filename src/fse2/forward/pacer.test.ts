import { describe, expect, it } from 'vitest';
import { retryAfter } from './national-client.ts';
import { Pacer } from './pacer.ts';

describe('the relay pace toward the national Gateway', () => {
  it('spaces the sends at the quota, whoever asks, and pauses every one after a 429', () => {
    let now = 0;
    const pacer = new Pacer(500, () => now);
    // Ten senders asking at once get slots 2 ms apart: 500/s together.
    expect(Array.from({ length: 10 }, () => pacer.reserve())).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    now = 100; // idle meanwhile: no credit saved for a burst
    expect(pacer.reserve()).toBe(0);
    expect(pacer.reserve()).toBe(2);
    pacer.pause(1_000);
    expect(pacer.reserve()).toBe(1_000);
    expect(pacer.reserve()).toBe(1_002);
  });

  it('is unpaced at 0 until a 429 pauses it', () => {
    let now = 0;
    const pacer = new Pacer(0, () => now);
    expect(Array.from({ length: 5 }, () => pacer.reserve())).toEqual([0, 0, 0, 0, 0]);
    pacer.pause(3_000);
    expect(pacer.reserve()).toBe(3_000);
    now = 3_000;
    expect(pacer.reserve()).toBe(0);
  });

  it("reads a 429's Retry-After as seconds or a date, 1 s when absent, 10 minutes at most", () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(retryAfter('2', now)).toBe(2_000);
    expect(retryAfter(null, now)).toBe(1_000);
    expect(retryAfter('soon', now)).toBe(1_000);
    expect(retryAfter('0', now)).toBe(1_000);
    expect(retryAfter('Mon, 07 Dec 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfter('86400', now)).toBe(600_000);
  });
});
