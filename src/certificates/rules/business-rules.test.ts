import { isCertLogicExpression } from 'certlogic-js';
import { describe, expect, it } from 'vitest';
import { evaluateBusinessRules } from './business-rules.ts';
import type { BusinessRule } from './business-rules.ts';
import { IT_RULES } from './evaluate.ts';

/** Another country's rule, as published on the EU gateway: a PCR test is valid for 48 hours. */
function rule(overrides: Partial<BusinessRule>): BusinessRule {
  return {
    Identifier: 'TR-XX-0001',
    Type: 'Acceptance',
    Country: 'XX',
    CertificateType: 'Test',
    Description: [{ lang: 'en', desc: 'hours after sample collection: until 48' }],
    ValidFrom: '2021-06-01T00:00:00Z',
    ValidTo: '2022-06-01T00:00:00Z',
    AffectedFields: ['t.0.sc'],
    Logic: {
      'not-after': [
        { plusTime: [{ var: 'external.validationClock' }, 0, 'hour'] },
        { plusTime: [{ var: 'payload.t.0.sc' }, 48, 'hour'] },
      ],
    },
    ...overrides,
  };
}

const payload = { t: [{ tt: 'LP6464-4', tr: '260415000', sc: '2021-07-01T08:00:00Z' }] };
const at = (iso: string) => new Date(iso);
const options = { timeZone: 'Europe/Berlin', country: 'XX' };

describe('EU business rules evaluated with CertLogic', () => {
  it('applies another country’s rule set the same way', () => {
    expect(evaluateBusinessRules([rule({})], payload, at('2021-07-03T08:00:00Z'), options).status).toBe('VALID');
    expect(evaluateBusinessRules([rule({})], payload, at('2021-07-03T08:00:01Z'), options)).toMatchObject({
      status: 'NOT_VALID',
      reason: expect.stringMatching(/^expired: 48.00 hours after sample collection, valid until 48$/) as string,
    });
  });

  it('skips rules out of their ValidFrom/ValidTo, of another certificate type, or not of type Acceptance', () => {
    const late = at('2021-07-05T08:00:00Z');
    expect(evaluateBusinessRules([rule({})], payload, late, options).ok).toBe(false);
    for (const other of [
      rule({ ValidTo: '2021-07-01T00:00:00Z' }),
      rule({ CertificateType: 'Vaccination' }),
      rule({ Type: 'Invalidation' }),
    ]) {
      expect(evaluateBusinessRules([other], payload, late, options).ok).toBe(true);
    }
  });

  it('refuses, naming the fields, when a rule cannot be evaluated', () => {
    const broken = { t: [{ tt: 'LP6464-4', tr: '260415000', sc: 'yesterday' }] };
    expect(evaluateBusinessRules([rule({})], broken, at('2021-07-02T08:00:00Z'), options)).toMatchObject({
      ok: false,
      reason: 't.0.sc missing or invalid (rule TR-XX-0001)',
    });
  });

  it('ships the Italian set in the EU format, every rule CertLogic', () => {
    expect(IT_RULES.length).toBeGreaterThan(10);
    for (const r of IT_RULES) {
      expect(r).toMatchObject({ Country: 'IT', Engine: 'CERTLOGIC', Type: 'Acceptance' });
      expect(r.Identifier).toMatch(/^(GR|VR|TR|RR)-IT-\d{4}$/);
      expect(isCertLogicExpression(r.Logic), r.Identifier).toBe(true);
    }
  });
});
