// Words for the DCC's codes and the verifier's outcomes, shared by the Green Pass pages.
import type { TFunction } from 'i18next';
import type { CertificateSummary, VerifyResult } from '../../api/certificates.ts';
import type { Formatters } from '../../format.ts';

// EU value set vaccine-medicinal-product: the products Lombardy used.
const PRODUCTS: Readonly<Record<string, string>> = {
  'EU/1/20/1528': 'Comirnaty (Pfizer-BioNTech)',
  'EU/1/20/1507': 'Spikevax (Moderna)',
  'EU/1/21/1529': 'Vaxzevria (AstraZeneca)',
  'EU/1/20/1525': 'Jcovden (Janssen)',
};

const text = (value: string | number | undefined): string => (value === undefined ? '' : String(value));

/** "Vaccinazione: dose 1 di 2", "Test antigenico rapido: negativo", "Guarigione". */
export function certificateTitle(t: TFunction, c: Pick<CertificateSummary, 'type' | 'event'>): string {
  if (c.type === 'v') return t('greenpass.kind.vaccination', { dose: text(c.event.dn), of: text(c.event.sd) });
  if (c.type === 't') {
    const kind = c.event.tt === 'LP6464-4' ? t('greenpass.kind.molecular') : t('greenpass.kind.rapid');
    return t('greenpass.kind.test', {
      kind,
      result: c.event.tr === '260373001' ? t('greenpass.kind.detected') : t('greenpass.kind.notDetected'),
    });
  }
  return t('greenpass.kind.recovery');
}

/** The event's facts as label/value pairs, for a description list. */
export function certificateFacts(
  t: TFunction,
  format: Formatters,
  c: Pick<CertificateSummary, 'type' | 'event'>,
): [string, string][] {
  const e = c.event;
  if (c.type === 'v') {
    return [
      [t('greenpass.fact.product'), PRODUCTS[text(e.mp)] ?? text(e.mp)],
      [t('greenpass.fact.vaccinatedOn'), format.date(text(e.dt))],
    ];
  }
  if (c.type === 't') {
    return [
      [t('greenpass.fact.sampledAt'), format.dateTime(text(e.sc))],
      [t('greenpass.fact.testCentre'), text(e.tc)],
    ];
  }
  return [
    [t('greenpass.fact.validFrom'), format.date(text(e.df))],
    [t('greenpass.fact.validUntil'), format.date(text(e.du))],
  ];
}

export type Verdict =
  'valid' | 'notValidYet' | 'notValid' | 'revoked' | 'unreadable' | 'untrusted' | 'expired' | 'keyUsage' | 'schema';

/** What the verifier's answer means for the person at the door. */
export function verdictOf(result: VerifyResult): Verdict {
  const status = result.reason.split(':')[0] ?? '';
  if (result.valid) return 'valid';
  if (status === 'REVOKED') return 'revoked';
  if (status === 'NOT_VALID_YET') return 'notValidYet';
  switch (result.failed) {
    case 'prefix':
    case 'base45':
    case 'compression':
    case 'cose':
      return 'unreadable';
    case 'kid':
    case 'signature':
      return 'untrusted';
    case 'expiry':
      return 'expired';
    case 'keyUsage':
      return 'keyUsage';
    case 'schema':
      return 'schema';
    default:
      return 'notValid';
  }
}

/** The holder as the certificate names them: given name and family name, and the date of birth. */
export function holderOf(payload: Record<string, unknown> | null): { name: string; birthDate: string } | null {
  if (payload === null) return null;
  const nam = (typeof payload.nam === 'object' && payload.nam !== null ? payload.nam : {}) as Record<string, unknown>;
  const part = (key: string): string => (typeof nam[key] === 'string' ? nam[key] : '');
  const name = [part('gn') || part('gnt'), part('fn') || part('fnt')].filter((s) => s !== '').join(' ');
  return { name, birthDate: typeof payload.dob === 'string' ? payload.dob : '' };
}

/** The verdict in words (each key written out, so the catalogue check sees them). */
export function verdictText(t: TFunction, verdict: Verdict): string {
  switch (verdict) {
    case 'valid':
      return t('greenpass.verdict.valid');
    case 'notValidYet':
      return t('greenpass.verdict.notValidYet');
    case 'notValid':
      return t('greenpass.verdict.notValid');
    case 'revoked':
      return t('greenpass.verdict.revoked');
    case 'unreadable':
      return t('greenpass.verdict.unreadable');
    case 'untrusted':
      return t('greenpass.verdict.untrusted');
    case 'expired':
      return t('greenpass.verdict.expired');
    case 'keyUsage':
      return t('greenpass.verdict.keyUsage');
    case 'schema':
      return t('greenpass.verdict.schema');
  }
}

// The Italian rules explain a verdict in English for logs and the CLI
// (src/certificates/rules/evaluate.ts): "NOT_VALID_YET: not valid yet: 3 days after
// completing the cycle, valid from 15". The page says it in the reader's language.
const WINDOW_STATE = '(not valid yet|expired|valid)';
const ELAPSED = String.raw`(-?\d+(?:\.\d+)?) (days|hours)`;
const LIMIT = String.raw`(?:valid from|valid until|window) (\d+)(?:–(\d+))?`;
const WINDOW = new RegExp(`^[A-Z_]+: ${WINDOW_STATE}: ${ELAPSED} after [^,]*, ${LIMIT}`);

/** The reason of the verdict in words, or null when the verdict says it all. */
export function verdictDetail(t: TFunction, result: Pick<VerifyResult, 'failed' | 'reason'>): string | null {
  const window = WINDOW.exec(result.reason);
  if (window !== null) {
    const [, state, elapsed, unit, limit, end] = window;
    // Hours are shown whole: "30 ore", not "29.75".
    const count = Math.floor(Math.abs(Number(elapsed)));
    const hours = unit === 'hours';
    if (state === 'not valid yet') {
      return hours
        ? t('greenpass.detail.notValidYetHours', { count, limit: Number(limit) })
        : t('greenpass.detail.notValidYetDays', { count, limit: Number(limit) });
    }
    if (state === 'expired') {
      return hours
        ? t('greenpass.detail.expiredHours', { count, limit: Number(limit) })
        : t('greenpass.detail.expiredDays', { count, limit: Number(limit) });
    }
    return hours
      ? t('greenpass.detail.validHours', { count, limit: Number(end ?? limit) })
      : t('greenpass.detail.validDays', { count, limit: Number(end ?? limit) });
  }
  if (result.reason.includes('test result: detected')) return t('greenpass.detail.testDetected');
  if (/^[A-Z_]+: vaccine \S* is (?:not accepted|accepted only from)/.test(result.reason))
    return t('greenpass.detail.productRefused');
  if (/^[A-Z_]+: test type \S* is not accepted/.test(result.reason)) return t('greenpass.detail.testTypeRefused');
  return null;
}

/** The machine code of the outcome, for support: "rules · NOT_VALID_YET". Never the English sentence. */
export function verdictCode(result: Pick<VerifyResult, 'failed' | 'reason'>): string | null {
  const status = /^[A-Z_]+(?=:)/.exec(result.reason)?.[0];
  return [result.failed, status].filter((part) => part !== null && part !== undefined).join(' · ') || null;
}
