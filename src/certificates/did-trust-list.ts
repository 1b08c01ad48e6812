/**
 * WHO GDHCN trust lists as `did:web` DID documents (smart-trust, "DID Trustlist v2"):
 * reading them into the verifier's DSC list, and publishing Salus's own DSCs that way.
 *
 * A v2 document lists `verificationMethod`s that are either keys (the embedded variant:
 * JsonWebKey2020 with `publicKeyJwk`, its `kid` the base64 DCC kid and its `x5c` the
 * certificate chain, DSC first) or DID ids of further documents (the reference variant).
 * The key usage (SCA or DSC) is the last segment of the document's DID path
 * (`…:DCC:XXA:DSC`); in a document over every usage (`…:-:-`) a CA certificate is an SCA.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import { dccKid, loadTrustedSigner } from './codec/index.ts';
import type { TrustedSigner } from './codec/index.ts';

export type DidResolver = (did: string) => Promise<unknown>;

export class DidTrustError extends Error {}

type KeyEntry = { id: string; usage: 'DSC' | 'SCA'; jwk: Record<string, unknown>; chain: X509Certificate[] };

// A reference list links participant and usage levels (root → domain → participant →
// usage: 4 levels); more is a loop or an abuse, and so are thousands of references.
const MAX_DEPTH = 6;
const MAX_DOCUMENTS = 500;

/** The https URL a did:web resolves to (W3C did:web method §3.2: `:` → `/`, port as %3A). */
export function didWebUrl(did: string): string {
  const match = /^did:web:([^#?]+)$/.exec(did);
  if (!match?.[1]) throw new DidTrustError(`not a did:web DID: ${did}`);
  const [host = '', ...path] = match[1].split(':').map((part) => decodeURIComponent(part));
  return path.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${path.join('/')}/did.json`;
}

/** Fetches did:web documents over HTTPS. */
export const fetchDidWeb: DidResolver = async (did) => {
  const response = await fetch(didWebUrl(did), { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new DidTrustError(`${did}: HTTP ${response.status}`);
  return response.json();
};

/**
 * The DSCs of a DID trust list, following references with `resolve`. A DSC whose x5c
 * carries its issuer must be signed by it, and when the list publishes SCAs, the DSC
 * must chain to one of them (CSCA → DSC, as the EU DCC gateway checks uploads).
 */
export async function trustFromDidDocument(document: unknown, resolve: DidResolver): Promise<TrustedSigner[]> {
  const keys: KeyEntry[] = [];
  await collect(document, resolve, keys, new Set(), 0);
  const authorities = keys.filter((key) => key.usage === 'SCA').flatMap((key) => key.chain.slice(0, 1));
  return keys.filter((key) => key.usage === 'DSC').flatMap((key) => signerOf(key, authorities));
}

async function collect(
  document: unknown,
  resolve: DidResolver,
  keys: KeyEntry[],
  seen: Set<string>,
  depth: number,
): Promise<void> {
  if (!isRecord(document) || typeof document.id !== 'string') throw new DidTrustError('not a DID document (no id)');
  const documentId = document.id;
  if (seen.has(documentId)) return;
  seen.add(documentId);
  if (seen.size > MAX_DOCUMENTS) throw new DidTrustError(`more than ${MAX_DOCUMENTS} DID documents`);
  const methods = Array.isArray(document.verificationMethod) ? (document.verificationMethod as unknown[]) : [];
  for (const method of methods) {
    if (typeof method === 'string') {
      if (depth >= MAX_DEPTH) throw new DidTrustError(`DID references nested deeper than ${MAX_DEPTH}`);
      // A reference to a key of this document ("#kid") is not a further document.
      if (method.includes('#') || seen.has(method)) continue;
      await collect(await resolve(method), resolve, keys, seen, depth + 1);
    } else if (isRecord(method) && isRecord(method.publicKeyJwk) && typeof method.id === 'string') {
      const chain = certificates(method.publicKeyJwk.x5c);
      keys.push({ id: method.id, usage: usageOf(method.id, chain), jwk: method.publicKeyJwk, chain });
    }
  }
}

function usageOf(methodId: string, chain: readonly X509Certificate[]): 'DSC' | 'SCA' {
  const segment = methodId.split('#')[0]?.split(':').pop()?.toUpperCase();
  if (segment === 'SCA' || segment === 'DSC') return segment;
  return chain[0]?.ca === true ? 'SCA' : 'DSC';
}

function signerOf(key: KeyEntry, authorities: readonly X509Certificate[]): TrustedSigner[] {
  const [dsc, ...issuers] = key.chain;
  const jwkKid = typeof key.jwk.kid === 'string' ? Buffer.from(key.jwk.kid, 'base64') : null;
  if (!dsc) {
    // A bare key: no validity or key usage to check, so the trust list alone vouches for it.
    if (!jwkKid) return [];
    try {
      const publicKey = createPublicKey({ key: key.jwk, format: 'jwk' });
      return [
        {
          kid: jwkKid,
          der: Buffer.alloc(0),
          publicKey,
          notBefore: new Date(0),
          notAfter: new Date(8.64e15),
          extendedKeyUsages: [],
        },
      ];
    } catch {
      return [];
    }
  }
  const issuer = issuers[0];
  if (issuer && !(dsc.checkIssued(issuer) && dsc.verify(issuer.publicKey))) return [];
  const anchors = authorities.length > 0 ? authorities : [];
  if (anchors.length > 0 && !anchors.some((sca) => dsc.checkIssued(sca) && dsc.verify(sca.publicKey))) return [];
  const signer = loadTrustedSigner(dsc.raw);
  // The list's kid is the one verifiers match; it is the DCC kid of the DER unless the
  // publisher says otherwise, and then the publisher is right about its own list.
  return [jwkKid && jwkKid.length > 0 ? { ...signer, kid: jwkKid } : signer];
}

function certificates(x5c: unknown): X509Certificate[] {
  if (!Array.isArray(x5c)) return [];
  const out: X509Certificate[] = [];
  for (const entry of x5c) {
    if (typeof entry !== 'string') return [];
    try {
      out.push(new X509Certificate(Buffer.from(entry, 'base64')));
    } catch {
      return [];
    }
  }
  return out;
}

/** The did:web of Salus's list, `did:web:<host>:api:dcc:trust`, resolving to GET /api/dcc/trust/did.json. */
export function salusTrustDid(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `did:web:${encodeURIComponent(url.host)}:api:dcc:trust`;
}

export type DidDocument = {
  '@context': string[];
  id: string;
  controller: string;
  verificationMethod: {
    id: string;
    type: 'JsonWebKey2020';
    controller: string;
    publicKeyJwk: Record<string, unknown>;
  }[];
};

/**
 * Salus's DSCs (and the CSCA that signed them, when Salus holds it) as an embedded
 * GDHCN v2 document. The SCA and each DSC are separate keys; a DSC's x5c carries its
 * chain, so a verifier checks it without other input.
 */
export function didTrustDocument(did: string, signers: readonly TrustedSigner[], csca: Buffer | null): DidDocument {
  const method = (usage: 'DSC' | 'SCA', der: Buffer, chain: Buffer[]) => {
    const certificate = new X509Certificate(der);
    const kid = dccKid(der).toString('base64');
    const jwk = certificate.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return {
      id: `${did}:${usage}#${kid}`,
      type: 'JsonWebKey2020' as const,
      controller: did,
      publicKeyJwk: { ...jwk, kid, x5c: chain.map((c) => c.toString('base64')) },
    };
  };
  const chainTail = csca ? [csca] : [];
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    controller: did,
    verificationMethod: [
      ...(csca ? [method('SCA', csca, [csca])] : []),
      ...signers.map((signer) => method('DSC', signer.der, [signer.der, ...chainTail])),
    ],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
