/** Runs the real CLI in a child process, as `npm run dcc` would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTrustedSigner } from './codec/index.ts';
import type { VerificationResult } from './codec/index.ts';
import { didTrustDocument } from './did-trust-list.ts';
import { loadOwnCsca, loadOwnTrust } from './keys.ts';
import { revocationListDocument } from './revocation-list.ts';
import { isValidUvci } from './uvci.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
// The repo's Node 24 (type stripping), not whatever `node` is on PATH.
const node = join(repoRoot, 'node_modules', '.bin', 'node');
const dataDir = mkdtempSync(join(tmpdir(), 'salus-dcc-cli-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function dcc(args: string[], input: string) {
  const run = spawnSync(node, [join(repoRoot, 'src', 'certificates', 'cli.ts'), ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    env: { ...process.env, SALUS_DATA_DIR: dataDir },
    timeout: 20_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function results(stdout: string): VerificationResult[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as VerificationResult);
}

// A well-formed UVCI: its check character is right (see uvci.test.ts).
const UVCI = 'URN:UVCI:01:IT:0123456789ABCDEF#B';

/** A rapid antigen test sampled an hour ago: valid under the Italian rules right now. */
function rapidTest(sampledAt: Date) {
  return {
    ver: '1.3.0',
    nam: { fn: 'Bianchi', fnt: 'BIANCHI', gn: 'Giovanni', gnt: 'GIOVANNI' },
    dob: '1938-11-02',
    t: [
      {
        tg: '840539006',
        tt: 'LP217198-3',
        ma: '1232',
        sc: sampledAt.toISOString().replace(/\.\d+Z$/, 'Z'),
        tr: '260415000',
        tc: 'Farmacia Centrale',
        co: 'IT',
        is: 'Ministero della Salute',
        ci: UVCI,
      },
    ],
  };
}

describe('dcc CLI', () => {
  it('issues with its own keys, then verifies that, a blank line and garbage', () => {
    const payload = rapidTest(new Date(Date.now() - 3_600_000));
    const issued = dcc(['issue'], JSON.stringify(payload));
    expect(issued.stderr).toBe('');
    expect(issued.status).toBe(0);
    const hc1 = issued.stdout.trim();
    expect(hc1).toMatch(/^HC1:[0-9A-Z $%*+\-./:]+$/);

    const verified = dcc(
      ['verify', '--rules', 'it'],
      `${hc1}\n\n   \nthis is not a certificate\nHC1:${hc1.slice(4, 40)}\n`,
    );
    expect(verified.status).toBe(0);
    const [ok, garbage, truncated, ...extra] = results(verified.stdout);
    expect(extra).toHaveLength(0);
    expect(ok).toEqual({ valid: true, failed: null, reason: expect.stringMatching(/^VALID: /) as unknown, payload });
    expect(garbage).toEqual({ valid: false, failed: 'prefix', reason: 'missing "HC1:" prefix', payload: null });
    expect(truncated?.valid).toBe(false);
    expect(['base45', 'compression']).toContain(truncated?.failed);
  });

  it('applies the Italian rules at --clock', () => {
    const sampled = new Date(Date.now() - 3_600_000);
    const hc1 = dcc(['issue'], JSON.stringify(rapidTest(sampled))).stdout.trim();
    const later = new Date(sampled.getTime() + 49 * 3_600_000).toISOString();
    const [result] = results(dcc(['verify', '--rules', 'it', '--clock', later], hc1).stdout);
    expect(result).toMatchObject({ valid: false, failed: 'rules' });
    expect(result?.reason).toMatch(/^NOT_VALID: expired/);
  });

  it('trusts only the --trust certificates when given (base64 DER line, or PEM)', () => {
    const vector = JSON.parse(
      readFileSync(join(repoRoot, '..', 'shared', 'testdata', 'dcc', 'common', '2DCode', 'raw', 'CO28.json'), 'utf8'),
    ) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } };
    const derFile = join(dataDir, 'co28.b64');
    writeFileSync(derFile, `${vector.TESTCTX.CERTIFICATE}\n`);
    const clock = vector.TESTCTX.VALIDATIONCLOCK;
    const [accepted] = results(dcc(['verify', '--clock', clock, '--trust', derFile], vector.PREFIX).stdout);
    expect(accepted).toMatchObject({ valid: true, failed: null });

    const ownPem = join(dataDir, 'keys', 'dsc.cert.pem');
    const [unknownKid] = results(dcc(['verify', '--clock', clock, '--trust', ownPem], vector.PREFIX).stdout);
    expect(unknownKid).toMatchObject({ valid: false, failed: 'kid' });
  });

  it('trusts the DSCs of GDHCN DID documents given with --trust-did, Salus’s own or a foreign one', async () => {
    const hc1 = dcc(['issue'], JSON.stringify(rapidTest(new Date(Date.now() - 3_600_000)))).stdout.trim();
    const own = didTrustDocument(
      'did:web:salus.example:api:dcc:trust',
      await loadOwnTrust(dataDir),
      loadOwnCsca(dataDir),
    );
    const ownFile = join(dataDir, 'salus-did.json');
    writeFileSync(ownFile, JSON.stringify(own));
    expect(results(dcc(['verify', '--trust-did', ownFile], hc1).stdout)[0]).toMatchObject({ valid: true });

    const vector = JSON.parse(
      readFileSync(join(repoRoot, '..', 'shared', 'testdata', 'dcc', 'common', '2DCode', 'raw', 'CO28.json'), 'utf8'),
    ) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } };
    const dsc = loadTrustedSigner(vector.TESTCTX.CERTIFICATE);
    const did = 'did:web:tng-cdn.example.org:v2:trustlist:DCC:XXA:DSC';
    const foreignFile = join(dataDir, 'foreign-did.json');
    writeFileSync(
      foreignFile,
      JSON.stringify({
        id: did,
        verificationMethod: [
          {
            id: `${did}#${dsc.kid.toString('base64')}`,
            type: 'JsonWebKey2020',
            controller: did,
            publicKeyJwk: { ...dsc.publicKey.export({ format: 'jwk' }), x5c: [vector.TESTCTX.CERTIFICATE] },
          },
        ],
      }),
    );
    const clock = vector.TESTCTX.VALIDATIONCLOCK;
    const foreign = ['verify', '--clock', clock, '--trust-did', foreignFile];
    expect(results(dcc(foreign, vector.PREFIX).stdout)[0]).toMatchObject({ valid: true });
    expect(results(dcc(['verify', '--trust-did', foreignFile], hc1).stdout)[0]).toMatchObject({ failed: 'kid' });
    expect(dcc(['verify', '--trust-did', join(dataDir, 'absent.json')], '').status).toBe(2);
  });

  it('honours --revocations lists as published by the API, REVOKED before the rules', () => {
    expect(isValidUvci(UVCI)).toBe(true);
    const sampled = new Date(Date.now() - 3_600_000);
    const hc1 = dcc(['issue'], JSON.stringify(rapidTest(sampled))).stdout.trim();
    const expires = new Date(Date.now() + 86_400_000);
    const listFile = (name: string, uvci: string) => {
      const file = join(dataDir, name);
      writeFileSync(file, JSON.stringify(revocationListDocument([{ uvci, expiresAt: expires }], 'IT', new Date())));
      return file;
    };
    const revoking = listFile('revoked.json', UVCI);
    const unrelated = listFile('other.json', 'URN:UVCI:01:IT:SOMETHINGELSE#A');

    const [revoked] = results(dcc(['verify', '--revocations', unrelated, '--revocations', revoking], hc1).stdout);
    expect(revoked).toMatchObject({ valid: false, failed: 'rules' });
    expect(revoked?.reason).toMatch(/^REVOKED: /);
    expect(revoked?.payload).not.toBeNull();

    const later = new Date(sampled.getTime() + 49 * 3_600_000).toISOString();
    const [both] = results(dcc(['verify', '--rules', 'it', '--clock', later, '--revocations', revoking], hc1).stdout);
    expect(both?.reason).toMatch(/^REVOKED: /);

    const [fine] = results(dcc(['verify', '--rules', 'it', '--revocations', unrelated], hc1).stdout);
    expect(fine).toMatchObject({ valid: true, failed: null });
  });

  it('refuses unreadable or malformed revocation lists before reading stdin', () => {
    const malformed = join(dataDir, 'malformed.json');
    writeFileSync(malformed, JSON.stringify({ hashType: 'SIGNATURE', entries: [] }));
    const run = dcc(['verify', '--revocations', malformed], 'HC1:whatever\n');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('hashType');
    expect(dcc(['verify', '--revocations', join(dataDir, 'absent.json')], '').status).toBe(2);
  });

  it('prints the trust list of its own DSC', () => {
    const run = dcc(['trustlist'], '');
    const list = JSON.parse(run.stdout) as { certificateType: string; country: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ certificateType: 'DSC', country: 'IT' });
  });

  it('reports usage errors and refuses to sign an invalid payload', () => {
    expect(dcc(['verify', '--clock', 'tomorrow'], '').status).toBe(2);
    expect(dcc(['verify', '--rules', 'de'], '').status).toBe(2);
    expect(dcc(['verify', '--trust', join(dataDir, 'missing.pem')], '').status).toBe(2);
    expect(dcc(['frobnicate'], '').stderr).toContain('usage:');
    const refused = dcc(['issue'], JSON.stringify({ ver: '1.3.0', nam: { fnt: 'X' } }));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('not a valid DCC');
    expect(dcc(['issue'], '{not json').status).toBe(1);
  });
});
