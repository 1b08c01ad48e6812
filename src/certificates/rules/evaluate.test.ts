import { describe, expect, it } from 'vitest';
import { evaluateItalianRules } from './evaluate.ts';

const HOUR = 3_600_000;
const SAMPLE = '2021-06-01T08:00:00Z';

/** 10:00 UTC is noon in Rome in summer, safely inside the Italian calendar day. */
function day(date: string, plusDays: number): Date {
  return new Date(Date.parse(`${date}T10:00:00Z`) + plusDays * 24 * HOUR);
}

function test(tt: string, tr = '260415000') {
  return { t: [{ tg: '840539006', tt, sc: SAMPLE, tr, co: 'IT', is: 'IT', ci: 'x' }] };
}

function vaccination(mp: string, dn: number, sd: number, co = 'IT') {
  return { v: [{ tg: '840539006', vp: '1119349007', mp, ma: 'm', dn, sd, dt: '2021-06-01', co, is: 'IT', ci: 'x' }] };
}

function statusAt(payload: Record<string, unknown>, clock: Date): string {
  return evaluateItalianRules(payload, clock).status;
}

const at = (offsetMs: number) => new Date(Date.parse(SAMPLE) + offsetMs);

describe('Italian rules: tests', () => {
  it('rapid antigen test is valid from sample collection to +48 h', () => {
    expect(statusAt(test('LP217198-3'), at(-1))).toBe('NOT_VALID_YET');
    expect(statusAt(test('LP217198-3'), at(0))).toBe('VALID');
    expect(statusAt(test('LP217198-3'), at(48 * HOUR))).toBe('VALID');
    expect(statusAt(test('LP217198-3'), at(48 * HOUR + 1))).toBe('NOT_VALID');
  });

  it('molecular test is valid to +72 h', () => {
    expect(statusAt(test('LP6464-4'), at(72 * HOUR))).toBe('VALID');
    expect(statusAt(test('LP6464-4'), at(72 * HOUR + 1))).toBe('NOT_VALID');
  });

  it('a detected result is never valid', () => {
    const outcome = evaluateItalianRules(test('LP6464-4', '260373001'), at(HOUR));
    expect(outcome).toMatchObject({ ok: false, status: 'NOT_VALID' });
    expect(outcome.reason).toContain('detected');
  });

  it('refuses unknown test types', () => {
    expect(statusAt(test('LP0000-0'), at(HOUR))).toBe('NOT_VALID');
  });
});

describe('Italian rules: vaccinations', () => {
  it('incomplete cycle is valid from day 15 to day 42', () => {
    const p = vaccination('EU/1/20/1528', 1, 2);
    expect(statusAt(p, day('2021-06-01', 14))).toBe('NOT_VALID_YET');
    expect(statusAt(p, day('2021-06-01', 15))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 42))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 43))).toBe('NOT_VALID');
  });

  it('complete cycle from Italy is valid from day 0 to day 180', () => {
    const p = vaccination('EU/1/20/1528', 2, 2);
    expect(statusAt(p, day('2021-06-01', -1))).toBe('NOT_VALID_YET');
    expect(statusAt(p, day('2021-06-01', 0))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 180))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 181))).toBe('NOT_VALID');
  });

  it('complete cycle from another country is valid to day 270', () => {
    const p = vaccination('EU/1/20/1507', 2, 2, 'DE');
    expect(statusAt(p, day('2021-06-01', 270))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 271))).toBe('NOT_VALID');
  });

  it('single-dose Janssen is valid from day 15', () => {
    const p = vaccination('EU/1/20/1525', 1, 1);
    expect(statusAt(p, day('2021-06-01', 14))).toBe('NOT_VALID_YET');
    expect(statusAt(p, day('2021-06-01', 15))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 180))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 181))).toBe('NOT_VALID');
  });

  it('booster (3/3, dn > sd, Janssen 2/1) from Italy is valid from day 0 to day 540', () => {
    for (const p of [
      vaccination('EU/1/20/1528', 3, 3),
      vaccination('EU/1/20/1528', 3, 2),
      vaccination('EU/1/20/1525', 2, 1),
    ]) {
      expect(statusAt(p, day('2021-06-01', 0))).toBe('VALID');
      expect(statusAt(p, day('2021-06-01', 540))).toBe('VALID');
      expect(statusAt(p, day('2021-06-01', 541))).toBe('NOT_VALID');
    }
  });

  it('booster from another country is valid to day 270', () => {
    const p = vaccination('EU/1/20/1528', 3, 3, 'FR');
    expect(statusAt(p, day('2021-06-01', 270))).toBe('VALID');
    expect(statusAt(p, day('2021-06-01', 271))).toBe('NOT_VALID');
  });

  it('counts days on the Italian calendar, not in UTC', () => {
    const p = vaccination('EU/1/20/1528', 1, 2);
    // 22:30 UTC on day 14 is already 00:30 of day 15 in Rome (CEST, UTC+2).
    expect(statusAt(p, new Date('2021-06-15T21:59:00Z'))).toBe('NOT_VALID_YET');
    expect(statusAt(p, new Date('2021-06-15T22:30:00Z'))).toBe('VALID');
  });

  it('accepts only listed products, and Sputnik V only from San Marino', () => {
    expect(statusAt(vaccination('CoronaVac', 2, 2), day('2021-06-01', 20))).toBe('NOT_VALID');
    expect(statusAt(vaccination('Sputnik-V', 2, 2, 'RU'), day('2021-06-01', 20))).toBe('NOT_VALID');
    expect(statusAt(vaccination('Sputnik-V', 2, 2, 'SM'), day('2021-06-01', 20))).toBe('VALID');
  });
});

describe('Italian rules: recovery', () => {
  const recovery = {
    r: [{ tg: '840539006', fr: '2021-05-20', co: 'IT', is: 'IT', df: '2021-06-01', du: '2021-11-28', ci: 'x' }],
  };

  it('is valid from df to du inclusive', () => {
    expect(statusAt(recovery, day('2021-06-01', -1))).toBe('NOT_VALID_YET');
    expect(statusAt(recovery, day('2021-06-01', 0))).toBe('VALID');
    expect(statusAt(recovery, day('2021-11-28', 0))).toBe('VALID');
    expect(statusAt(recovery, day('2021-11-28', 1))).toBe('NOT_VALID');
  });

  it('rejects a payload without any entry', () => {
    expect(evaluateItalianRules({ ver: '1.3.0' }, day('2021-06-01', 0))).toMatchObject({
      ok: false,
      status: 'NOT_VALID',
    });
  });
});
