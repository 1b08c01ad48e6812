import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dccKid, loadDccSchema, loadTrustedSigner, parseInstant } from './codec/index.ts';
import { didTrustDocument, didWebUrl, trustFromDidDocument } from './did-trust-list.ts';
import type { DidResolver } from './did-trust-list.ts';
import { loadOwnCsca, loadOwnTrust } from './keys.ts';
import { VACCINATION_PAYLOAD } from '../../test/support/certificates/codec-keys.ts';
import { signed, testKeys } from '../../test/support/certificates/fixtures.ts';
import { verifyCertificate } from './verify-certificate.ts';

const schema = loadDccSchema(undefined, { formats: 'annotate' });
const keys = await testKeys();
afterAll(() => {
  keys.remove();
});
const noReferences: DidResolver = (did) => Promise.reject(new Error(`unexpected reference ${did}`));

/** A foreign country's vector (shared EU test data), its DSC published as a GDHCN key. */
const vector = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'shared', 'testdata', 'dcc', 'common', '2DCode', 'raw', 'CO28.json'),
    'utf8',
  ),
) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } };
const FOREIGN_DID = 'did:web:tng-cdn.example.org:v2:trustlist:DCC:XXA:DSC';

function foreignDocument(x5c: string[], kid = dccKid(Buffer.from(vector.TESTCTX.CERTIFICATE, 'base64'))) {
  const signer = loadTrustedSigner(vector.TESTCTX.CERTIFICATE);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: FOREIGN_DID,
    controller: 'did:web:tng-cdn.example.org:v2:trustlist:DCC:XXA',
    verificationMethod: [
      {
        id: `${FOREIGN_DID}#${kid.toString('base64')}`,
        type: 'JsonWebKey2020',
        controller: FOREIGN_DID,
        publicKeyJwk: { ...signer.publicKey.export({ format: 'jwk' }), kid: kid.toString('base64'), x5c },
      },
    ],
  };
}

function verifyForeign(trust: Parameters<typeof verifyCertificate>[1]['trust']) {
  const clock = parseInstant(vector.TESTCTX.VALIDATIONCLOCK) ?? new Date();
  return verifyCertificate(vector.PREFIX, { trust, schema, clock, rules: null, isRevoked: null });
}

describe('reading GDHCN DID trust lists', () => {
  it('resolves did:web as the method says', () => {
    expect(didWebUrl('did:web:example.org')).toBe('https://example.org/.well-known/did.json');
    expect(didWebUrl('did:web:localhost%3A3000:api:dcc:trust')).toBe('https://localhost:3000/api/dcc/trust/did.json');
    expect(() => didWebUrl('did:key:z6Mk')).toThrow('not a did:web');
  });

  it('takes a foreign DSC embedded with its x5c, and verifies that country’s certificate with it', async () => {
    const trust = await trustFromDidDocument(foreignDocument([vector.TESTCTX.CERTIFICATE]), noReferences);
    expect(trust).toHaveLength(1);
    expect(verifyForeign(trust)).toMatchObject({ valid: true });
  });

  it('follows references (the reference variant) to the documents holding the keys', async () => {
    const root = {
      id: 'did:web:tng-cdn.example.org:v2:trustlist-ref',
      verificationMethod: ['did:web:tng-cdn.example.org:v2:trustlist-ref:DCC', FOREIGN_DID],
    };
    const documents: Record<string, unknown> = {
      'did:web:tng-cdn.example.org:v2:trustlist-ref:DCC': {
        id: 'did:web:tng-cdn.example.org:v2:trustlist-ref:DCC',
        verificationMethod: [FOREIGN_DID, 'did:web:tng-cdn.example.org:v2:trustlist-ref'],
      },
      [FOREIGN_DID]: foreignDocument([vector.TESTCTX.CERTIFICATE]),
    };
    const asked: string[] = [];
    const trust = await trustFromDidDocument(root, (did) => {
      asked.push(did);
      return Promise.resolve(documents[did]);
    });
    expect(trust).toHaveLength(1);
    // Each document once, loops included.
    expect(asked.filter((did) => did === FOREIGN_DID)).toHaveLength(1);
    expect(verifyForeign(trust)).toMatchObject({ valid: true });
  });

  it('drops a DSC whose x5c issuer did not sign it, and one outside the listed SCAs', async () => {
    const csca = loadOwnCsca(keys.dataDir);
    expect(csca).not.toBeNull();
    const cscaB64 = csca?.toString('base64') ?? '';
    expect(
      await trustFromDidDocument(foreignDocument([vector.TESTCTX.CERTIFICATE, cscaB64]), noReferences),
    ).toHaveLength(0);
    const withSca = {
      ...foreignDocument([vector.TESTCTX.CERTIFICATE]),
      verificationMethod: [
        ...foreignDocument([vector.TESTCTX.CERTIFICATE]).verificationMethod,
        { id: 'did:web:x:SCA#a', type: 'JsonWebKey2020', controller: 'x', publicKeyJwk: { x5c: [cscaB64] } },
      ],
    };
    expect(await trustFromDidDocument(withSca, noReferences)).toHaveLength(0);
  });

  it('uses the list’s kid for a bare key without certificate', async () => {
    const signer = loadTrustedSigner(vector.TESTCTX.CERTIFICATE);
    const document = foreignDocument([]);
    const trust = await trustFromDidDocument(document, noReferences);
    expect(trust.map((t) => t.kid.toString('base64'))).toEqual([signer.kid.toString('base64')]);
    expect(verifyForeign(trust)).toMatchObject({ valid: true });
  });
});

describe('publishing Salus’s trust list as a DID document', () => {
  it('round-trips: Salus’s DSC and CSCA, chain checked, verifying what Salus signs', async () => {
    const own = await loadOwnTrust(keys.dataDir);
    const document = didTrustDocument('did:web:salus.example:api:dcc:trust', own, loadOwnCsca(keys.dataDir));
    expect(document.verificationMethod.map((m) => m.id.split('#')[0])).toEqual([
      'did:web:salus.example:api:dcc:trust:SCA',
      'did:web:salus.example:api:dcc:trust:DSC',
    ]);
    const trust = await trustFromDidDocument(JSON.parse(JSON.stringify(document)), noReferences);
    expect(trust.map((t) => t.kid.toString('base64'))).toEqual(own.map((t) => t.kid.toString('base64')));
    const issuedAt = new Date(Date.now() - 60_000);
    const hc1 = signed(keys.keys, VACCINATION_PAYLOAD, issuedAt);
    expect(verifyCertificate(hc1, { trust, schema, clock: new Date(), rules: null, isRevoked: null })).toMatchObject({
      valid: true,
    });
  });
});
