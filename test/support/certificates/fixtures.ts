/** Shared test data: development keys in a throw-away directory, and holders and events. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueHc1 } from '../../../src/certificates/codec/index.ts';
import type { DccPayload } from '../../../src/certificates/codec/index.ts';
import { loadOrCreateDevKeys, type SigningKeys } from '../../../src/certificates/keys.ts';
import type { Holder, IssueRequest } from '../../../src/certificates/payload.ts';
import { parseFiscalCode } from '../../../src/shared/identifiers.ts';

export type TestKeys = { dataDir: string; keys: SigningKeys; remove(): void };

export async function testKeys(): Promise<TestKeys> {
  const dataDir = mkdtempSync(join(tmpdir(), 'salus-dcc-test-'));
  return {
    dataDir,
    keys: await loadOrCreateDevKeys(dataDir),
    remove: () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function signed(keys: SigningKeys, payload: DccPayload, issuedAt = new Date(), lifetimeMs = 86_400_000): string {
  return issueHc1(payload, {
    privateKey: keys.privateKey,
    kid: keys.signer.kid,
    issuer: keys.country,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + lifetimeMs),
  });
}

export const HOLDER: Holder = {
  fiscalCode: parseFiscalCode('RSSMRA38T03F205N'),
  familyName: "D'Àlessandro Fontanà",
  givenName: 'Maria Lucia',
  birthDate: '1938-12-03',
};

export function vaccination(sourceRef: string, dt: string, overrides: Partial<Holder> = {}): IssueRequest {
  return {
    type: 'v',
    subject: { ...HOLDER, ...overrides },
    payloadGroup: { vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2, dt },
    sourceRef,
  };
}

export function rapidTest(sourceRef: string, sampledAt: Date): IssueRequest {
  return {
    type: 't',
    subject: HOLDER,
    payloadGroup: {
      tt: 'LP217198-3',
      ma: '1232',
      sc: sampledAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      tr: '260415000',
      tc: 'Farmacia Centrale, Milano',
    },
    sourceRef,
  };
}

export function recovery(sourceRef: string, fr: string, df: string, du: string): IssueRequest {
  return { type: 'r', subject: HOLDER, payloadGroup: { fr, df, du }, sourceRef };
}

/** YYYY-MM-DD `days` from `from`. */
export function isoDay(from: Date, days = 0): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
