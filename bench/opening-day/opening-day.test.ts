import { describe, expect, inject, it } from 'vitest';
import { runOpeningDay } from './orchestrate.ts';
import { composeReport } from './report.ts';

describe('the opening-day benchmark harness (smoke: 2,000 people in 1 minute)', () => {
  it('gets everyone through with 0 lost and 0 duplicated, on two API processes', async () => {
    // On the test cluster rather than a second embedded PostgreSQL.
    process.env.BENCH_DATABASE_URL = inject('adminUrl');
    const raw = await runOpeningDay({
      citizens: 2_000,
      minutes: 1,
      servers: 2,
      admitPerMinute: 6_000,
      adaptiveTargetMs: null,
      timeScale: 120,
      poolMax: 8,
      holdSeconds: 120,
      smsRates: { a: 400, b: 200 },
      capacitySeconds: 0,
      log: (line) => {
        if (process.env.BENCH_VERBOSE !== undefined) process.stderr.write(`${line}\n`);
      },
    });
    const { figures } = composeReport(raw);
    const people = figures.people as Record<string, number>;
    expect(raw.bypassRefused).toBe(true);
    expect(raw.correctness.lost).toBe(0);
    expect(raw.correctness.duplicated).toBe(0);
    // Everyone who did not leave the waiting room on purpose finished, and is enrolled exactly once.
    // The figures in the message: which outcome a missing person had, and the errors the people met.
    const outcomes = JSON.stringify({ people, errors: figures.errors });
    expect((people.enrolled ?? 0) + (people.already ?? 0) + (people.abandoned ?? 0), outcomes).toBe(2_000);
    expect(raw.correctness.enrollmentsInDatabase).toBe((people.enrolled ?? 0) + (people.already ?? 0));
    expect(people.positionChangedAfterDraw).toBe(0);
  }, 300_000);
});
