// The verifier's explanation is shown in the reader's language (issue 17: the
// Italian page printed "Dettaglio tecnico: NOT_VALID_YET: not valid yet: …").
// The reasons come from the real Italian rules, so a change of their wording
// that the page no longer understands fails here.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import itCatalogue from '../../locales/it.json';
import enCatalogue from '../../locales/en.json';
import { italianRulesCheck } from '../../../../src/certificates/rules/index.ts';
import { verdictCode, verdictDetail } from './labels.ts';

const clock = new Date('2021-12-07T10:00:00Z');
const vaccination = (dt: string, dn: number, sd: number) => ({ v: [{ mp: 'EU/1/20/1528', co: 'IT', dn, sd, dt }] });
const test = (sc: string, tr = '260415000') => ({ t: [{ tt: 'LP217198-3', sc, tr }] });

const cases = {
  notValidYet: vaccination('2021-12-04', 1, 2),
  expired: test('2021-12-04T10:00:00Z'),
  valid: vaccination('2021-11-01', 2, 2),
  detected: test('2021-12-07T08:00:00Z', '260373001'),
  product: { v: [{ mp: 'Sputnik-V', co: 'IT', dn: 2, sd: 2, dt: '2021-11-01' }] },
};

async function translator(language: 'it' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { translation: language === 'it' ? itCatalogue : enCatalogue } },
  });
  return i18n.t;
}

function result(payload: Record<string, unknown>) {
  const outcome = italianRulesCheck(payload, clock);
  return { failed: outcome.ok ? null : 'rules', reason: outcome.reason };
}

describe('verdictDetail', () => {
  it('says why in Italian, with the numbers and no English', async () => {
    const t = await translator('it');
    expect(result(cases.notValidYet).reason).toMatch(/^NOT_VALID_YET: /);
    expect(verdictDetail(t, result(cases.notValidYet))).toBe(
      'Dalla data del certificato sono passati 3 giorni: diventa valida dal giorno 15.',
    );
    expect(verdictDetail(t, result(cases.expired))).toBe('Dal prelievo sono passate 72 ore: era valida per 48 ore.');
    expect(verdictDetail(t, result(cases.valid))).toBe(
      'Dalla data del certificato sono passati 36 giorni: resta valida fino al giorno 180.',
    );
    expect(verdictDetail(t, result(cases.detected))).toBe('Il test ha dato esito positivo.');
    expect(verdictDetail(t, result(cases.product))).toBe(
      'Questo vaccino non è accettato in Italia (o non da questo Paese).',
    );
  });

  it('says why in English', async () => {
    const t = await translator('en');
    expect(verdictDetail(t, result(cases.notValidYet))).toBe(
      '3 days since the date on the certificate: it becomes valid from day 15.',
    );
    expect(verdictDetail(t, result(cases.expired))).toBe('72 hours since the sample: it was valid for 48 hours.');
  });

  it('has nothing to add to a verdict that says it all', async () => {
    const t = await translator('it');
    expect(
      verdictDetail(t, { failed: 'rules', reason: 'REVOKED: certificate X has been revoked by its issuer' }),
    ).toBeNull();
    expect(verdictDetail(t, { failed: 'signature', reason: 'signature does not verify' })).toBeNull();
  });
});

describe('verdictCode', () => {
  it('keeps only the codes, never the English sentence', () => {
    expect(verdictCode(result(cases.notValidYet))).toBe('rules · NOT_VALID_YET');
    expect(verdictCode({ failed: 'signature', reason: 'signature does not verify' })).toBe('signature');
    expect(verdictCode({ failed: null, reason: 'valid' })).toBeNull();
  });
});
