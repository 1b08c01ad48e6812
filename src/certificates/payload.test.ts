import { describe, expect, it } from 'vitest';
import { consistencyProblems, type IssueRequest } from './payload.ts';
import type { FiscalCode } from '../shared/identifiers.ts';

const dose = (dt: string): IssueRequest => ({
  type: 'v',
  subject: {
    fiscalCode: 'BRMMRA36C52F205C' as FiscalCode,
    familyName: 'Brambilla',
    givenName: 'Maria',
    birthDate: '1936-03-12',
  },
  payloadGroup: { vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 1, sd: 2, dt },
  sourceRef: 'Immunization/1',
});

describe('the consistency checks', () => {
  it("judge a vaccination date against today in Italy, not UTC's date", () => {
    // 00:30 in Rome on 23 November is still 22 November in UTC.
    const justAfterMidnightInRome = new Date('2026-11-22T23:30:00Z');
    expect(consistencyProblems(dose('2026-11-23'), justAfterMidnightInRome)).toEqual([]);
    expect(consistencyProblems(dose('2026-11-24'), justAfterMidnightInRome)).toEqual([
      { field: '/payloadGroup/dt', message: 'the vaccination date is in the future' },
    ]);
  });
});
