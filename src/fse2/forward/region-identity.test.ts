import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { regionCertificateFiles } from '../../../test/support/fse2/region-cert.ts';
import { loadConfig } from '../../config.ts';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createForwarder } from './index.ts';
import { loadRegionIdentity, RegionIdentityError } from './region-identity.ts';
import { createRegionSigner } from './region-signer.ts';

const DAY = 86_400_000;
const valid = await regionCertificateFiles();
const expired = await regionCertificateFiles({
  notBefore: new Date(Date.now() - 10 * DAY),
  notAfter: new Date(Date.now() - DAY),
});
afterAll(() => {
  for (const dir of [valid.dir, expired.dir]) rmSync(dir, { recursive: true, force: true });
});

describe("the region's signing certificate from files", () => {
  it('signs with the provisioned key, and sends the chain (leaf first) as x5c', async () => {
    const identity = loadRegionIdentity(valid);
    expect(identity).toMatchObject({ source: 'files', alg: 'RS256', subject: 'CN=SALUS-REGIONE-TEST' });
    expect(identity.x5c).toHaveLength(2);
    const signer = await createRegionSigner('SALUS-REGIONE-TEST', identity);
    const token = await signer.signature('https://national/v1', { person_id: 'X' }, 'jti-1', null);
    const header = decodeProtectedHeader(token);
    expect(header.x5c?.[0]).toBe(valid.leafDer.toString('base64'));
    // Verifiable with the provisioned certificate: the national side checks exactly this.
    const leaf = new X509Certificate(valid.leafDer).toString();
    const { payload } = await jwtVerify(token, await importX509(leaf, 'RS256'), { audience: 'https://national/v1' });
    expect(payload).toMatchObject({ iss: 'integrity:SALUS-REGIONE-TEST', jti: 'jti-1', person_id: 'X' });
  });

  it('refuses an unreadable file, a key of another certificate and an expired certificate, saying which', () => {
    expect(() => loadRegionIdentity({ ...valid, certificatePath: join(valid.dir, 'missing.pem') })).toThrow(
      /certificate .*missing\.pem cannot be read/,
    );
    expect(() => loadRegionIdentity({ ...valid, privateKeyPath: join(valid.dir, 'missing.key') })).toThrow(
      /private key .*missing\.key cannot be read/,
    );
    expect(() => loadRegionIdentity({ ...valid, privateKeyPath: valid.otherKeyPath })).toThrow(
      /other\.key\.pem does not match the certificate/,
    );
    expect(() => loadRegionIdentity({ ...valid, certificatePath: valid.privateKeyPath })).toThrow(
      /holds no PEM certificate/,
    );
    expect(() => loadRegionIdentity(expired)).toThrow(/CN=SALUS-REGIONE-TEST\) expired on /);
  });

  it('is configured as two files together, required to forward outside demo mode', () => {
    const production = { SALUS_DEMO: 'false', DATABASE_URL: 'postgres://u:p@h:5432/d' };
    expect(() => loadConfig({ ...production, FSE2_REGION_CERT_FILE: valid.certificatePath })).toThrow(
      /FSE2_REGION_CERT_FILE and FSE2_REGION_KEY_FILE go together/,
    );
    expect(() => loadConfig({ ...production, FSE2_NATIONAL_GATEWAY_URL: 'https://national/v1' })).toThrow(
      /without the region certificate/,
    );
    const config = loadConfig({
      ...production,
      FSE2_NATIONAL_GATEWAY_URL: 'https://national/v1',
      FSE2_REGION_CERT_FILE: valid.certificatePath,
      FSE2_REGION_KEY_FILE: valid.privateKeyPath,
    });
    expect(config.FSE2_REGION_KEY_FILE).toBe(valid.privateKeyPath);
    // Demo: the generated certificate stays the default, with or without a national URL.
    expect(() => loadConfig({ FSE2_NATIONAL_GATEWAY_URL: 'https://national/v1' })).not.toThrow();
  });

  it('stops the composition (so the start-up) when the configured files cannot sign', () => {
    const compose = (keyFile: string) =>
      createForwarder({
        db: {} as never, // never reached: the files are checked first
        config: {
          FSE2_NATIONAL_SIMULATOR_PORT: 0,
          FSE2_FORWARD_TIMEOUT_MS: 1_000,
          FSE2_FORWARD_BACKOFF_CAP_MS: 1_000,
          FSE2_REGION_CERT_FILE: valid.certificatePath,
          FSE2_REGION_KEY_FILE: keyFile,
        },
        demo: true,
        metrics: new Registry(),
        log: pino({ level: 'silent' }),
      });
    expect(() => compose(valid.otherKeyPath)).toThrow(RegionIdentityError);
    expect(() => compose(valid.privateKeyPath)).not.toThrow();
  });
});
