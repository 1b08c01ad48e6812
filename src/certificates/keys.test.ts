import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERIFY_STEPS, issueHc1, loadDccSchema, verifyHc1 } from './codec/index.ts';
import { gatewayTrustList, keysDir, loadOrCreateDevKeys, loadOwnTrust, loadSigningKeys, loadX509 } from './keys.ts';

const x509 = await loadX509();

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'salus-keys-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('development keys', () => {
  it('generates a CSCA and a DSC once, with private keys readable by the owner only', async () => {
    const dataDir = tempDataDir();
    const first = await loadOrCreateDevKeys(dataDir);
    const files = readdirSync(keysDir(dataDir)).sort();
    expect(files).toEqual(['csca.cert.pem', 'csca.key.pem', 'dsc.cert.pem', 'dsc.key.pem']);
    for (const key of ['csca.key.pem', 'dsc.key.pem']) {
      expect(statSync(join(keysDir(dataDir), key)).mode & 0o777).toBe(0o600);
    }
    const again = await loadOrCreateDevKeys(dataDir);
    expect(again.signer.kid).toEqual(first.signer.kid);
  });

  it('issues a DSC chained to the CSCA, P-256, with the three DCC key usages', async () => {
    const dataDir = tempDataDir();
    await loadOrCreateDevKeys(dataDir);
    const read = (name: string) => new x509.X509Certificate(readFileSync(join(keysDir(dataDir), name), 'utf8'));
    const csca = read('csca.cert.pem');
    const dsc = read('dsc.cert.pem');
    expect(await dsc.verify({ publicKey: csca.publicKey, signatureOnly: true })).toBe(true);
    expect(dsc.issuer).toBe(csca.subject);
    expect(dsc.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    const eku = dsc.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.usages).toEqual([
      '1.3.6.1.4.1.1847.2021.1.1',
      '1.3.6.1.4.1.1847.2021.1.2',
      '1.3.6.1.4.1.1847.2021.1.3',
    ]);
    expect(csca.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
  });

  it('gives one key set to concurrent first users', async () => {
    const dataDir = tempDataDir();
    const [a, b, c] = await Promise.all([
      loadOrCreateDevKeys(dataDir),
      loadOrCreateDevKeys(dataDir),
      loadOwnTrust(dataDir),
    ]);
    expect(b.signer.kid).toEqual(a.signer.kid);
    expect(c.map((s) => s.kid)).toEqual([a.signer.kid]);
    expect(readdirSync(dataDir)).toEqual(['keys']);
  });

  it('signs certificates that its own trust list verifies', async () => {
    const dataDir = tempDataDir();
    const keys = await loadOrCreateDevKeys(dataDir);
    const payload = {
      ver: '1.3.0',
      nam: { fnt: 'ROSSI' },
      dob: '1950-01-01',
      r: [
        {
          tg: '840539006',
          fr: '2021-01-01',
          co: 'IT',
          is: 'Salus',
          df: '2021-01-12',
          du: '2021-06-30',
          ci: 'URN:UVCI:01:IT:X',
        },
      ],
    };
    const now = new Date();
    const hc1 = issueHc1(payload, {
      privateKey: keys.privateKey,
      kid: keys.signer.kid,
      issuer: keys.country,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    const result = verifyHc1(hc1, {
      trust: await loadOwnTrust(dataDir),
      clock: new Date(now.getTime() + 1000),
      schema: loadDccSchema(),
    });
    expect(result).toMatchObject({ valid: true, failed: null });
    expect(VERIFY_STEPS).toContain('keyUsage');
  });

  it('loads production PEM files and refuses a key that does not match the certificate', async () => {
    const one = keysDir(tempDataDir());
    const two = keysDir(tempDataDir());
    await loadOrCreateDevKeys(join(one, '..'));
    await loadOrCreateDevKeys(join(two, '..'));
    const keys = loadSigningKeys({
      certificatePath: join(one, 'dsc.cert.pem'),
      privateKeyPath: join(one, 'dsc.key.pem'),
    });
    expect(keys.signer.kid).toHaveLength(8);
    expect(() =>
      loadSigningKeys({ certificatePath: join(one, 'dsc.cert.pem'), privateKeyPath: join(two, 'dsc.key.pem') }),
    ).toThrow(/does not match/);
  });
});

describe('gatewayTrustList', () => {
  it('lists each DSC as the EU DCC Gateway does', async () => {
    const dataDir = tempDataDir();
    const [signer] = await loadOwnTrust(dataDir);
    if (!signer) throw new Error('no DSC');
    const [entry] = gatewayTrustList([signer]);
    const der = Buffer.from(entry?.rawData ?? '', 'base64');
    expect(entry).toEqual({
      kid: createHash('sha256').update(der).digest().subarray(0, 8).toString('base64'),
      country: 'IT',
      certificateType: 'DSC',
      timestamp: signer.notBefore.toISOString(),
      thumbprint: createHash('sha256').update(der).digest('hex'),
      rawData: signer.der.toString('base64'),
    });
    expect(new x509.X509Certificate(der).subject).toContain('Salus Development DSC');
  });
});
