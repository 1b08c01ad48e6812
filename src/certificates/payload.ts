/**
 * What issuance is asked for, and the DCC payload built from it. Codes are those of
 * the EU value sets (testdata/dcc-schema/valuesets); the schema check before
 * signing catches anything malformed.
 */
import { parseInstant } from './codec/index.ts';
import type { CertificateType, DccPayload } from './codec/index.ts';
import { icaoName } from './icao-name.ts';
import type { FiscalCode } from '../shared/identifiers.ts';
import type { FieldProblem } from '../shared/errors.ts';
import { romeDay } from '../shared/rome-day.ts';

export type Holder = {
  fiscalCode: FiscalCode;
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD (YYYY-MM or YYYY when only that is known, as the DCC allows). */
  birthDate: string;
};

/** `tg` defaults to COVID-19 (SNOMED 840539006) and `co` to IT. */
export type VaccinationGroup = {
  vp: string;
  mp: string;
  ma: string;
  dn: number;
  sd: number;
  dt: string;
  co?: string;
  tg?: string;
};
export type TestGroup = {
  tt: string;
  sc: string;
  tr: string;
  nm?: string;
  ma?: string;
  tc?: string;
  co?: string;
  tg?: string;
};
export type RecoveryGroup = { fr: string; df: string; du: string; co?: string; tg?: string };

type Request<T extends CertificateType, G> = {
  type: T;
  subject: Holder;
  payloadGroup: G;
  /** The recorded event this certificate attests, e.g. "Immunization/123". */
  sourceRef: string;
};

export type IssueRequest = Request<'v', VaccinationGroup> | Request<'t', TestGroup> | Request<'r', RecoveryGroup>;

export const DCC_VERSION = '1.3.0';
const COVID_19 = '840539006';
const HOUR_MS = 3_600_000;
// The CWT lifetime is technical: the Italian rules decide validity day by day, so a
// vaccination certificate only needs to outlive the longest rule window that
// applies before a new dose brings a new certificate.
const VACCINATION_LIFETIME_MS = 365 * 24 * HOUR_MS;
// The longest Italian test window (molecular, 72 h from sample collection).
const TEST_LIFETIME_MS = 72 * HOUR_MS;
// A sample "taken" a few minutes in the future is clock skew between systems, not an error.
const CLOCK_SKEW_MS = 5 * 60_000;

export function buildPayload(request: IssueRequest, uvci: string, issuer: string): DccPayload {
  const { subject } = request;
  const given = subject.givenName.trim();
  const nam = compact({
    fn: subject.familyName.trim(),
    fnt: icaoName(subject.familyName),
    gn: given === '' ? undefined : given,
    gnt: given === '' ? undefined : icaoName(given),
  });
  const entry = compact({
    tg: COVID_19,
    ...request.payloadGroup,
    co: request.payloadGroup.co ?? 'IT',
    is: issuer,
    ci: uvci,
  });
  return { ver: DCC_VERSION, nam, dob: subject.birthDate, [request.type]: [entry] };
}

/** The CWT expiry: when this certificate can no longer be valid under any rule we apply. */
export function certificateExpiry(request: IssueRequest, issuedAt: Date): Date | null {
  if (request.type === 'v') return new Date(issuedAt.getTime() + VACCINATION_LIFETIME_MS);
  if (request.type === 't') {
    const sampled = parseInstant(request.payloadGroup.sc);
    return sampled === null ? null : new Date(sampled.getTime() + TEST_LIFETIME_MS);
  }
  // du is the last valid day; the end of that day in UTC is already past midnight in Rome.
  const until = Date.parse(`${request.payloadGroup.du}T23:59:59Z`);
  return Number.isNaN(until) ? null : new Date(until);
}

/** Checks the JSON schema cannot express: dates in order and not in the future. */
export function consistencyProblems(request: IssueRequest, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Italian days: dt is the day in Italy (from-events.ts), and between midnight and
  // 01:00 (02:00 in summer) in Rome the UTC date is still yesterday.
  const today = romeDay(now);
  const group = request.payloadGroup;
  if (request.type === 'v') {
    const v = request.payloadGroup;
    if (v.dt > today) problems.push({ field: '/payloadGroup/dt', message: 'the vaccination date is in the future' });
  } else if (request.type === 't') {
    const sampled = parseInstant(request.payloadGroup.sc);
    if (sampled !== null && sampled.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      problems.push({ field: '/payloadGroup/sc', message: 'the sample collection time is in the future' });
    }
  } else {
    const r = request.payloadGroup;
    if (r.fr > r.df)
      problems.push({ field: '/payloadGroup/df', message: 'valid from (df) is before the first positive test (fr)' });
    if (r.df > r.du)
      problems.push({ field: '/payloadGroup/du', message: 'valid until (du) is before valid from (df)' });
  }
  if (group.co !== undefined && !/^[A-Z]{2}$/.test(group.co)) {
    problems.push({ field: '/payloadGroup/co', message: 'expected an ISO 3166-1 alpha-2 country code' });
  }
  return problems;
}

/** Drops undefined members: CBOR would encode them as `undefined`, and the schema refuses that. */
function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
