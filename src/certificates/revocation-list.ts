/**
 * The published revocation list, and the verifier check that honours it.
 *
 * Entries are hashes, not UVCIs, as in the EU DCC revocation lists (hash type
 * "UCI": SHA-256 over the UTF-8 UVCI, first 128 bits) and the Italian
 * VerificaC19 list. A verifier holding a certificate can hash its UVCI and look it
 * up; the list itself names nobody. Plain UVCIs are printed on PDFs and shown by
 * apps, so a public list of them would let anyone who ever saw a certificate learn
 * that it was revoked (which often means fraud). Our UVCIs carry 128 random bits,
 * so the hashes cannot be reversed by trying candidates.
 */
import { createHash } from 'node:crypto';
import type { DccPayload, RulesCheck } from './codec/index.ts';

export type RevocationListEntry = {
  /** base64 of the first 16 bytes of SHA-256(UVCI). */
  hash: string;
  /** The certificate's own expiry: after it, the entry may be dropped. */
  expires: string;
};

export type RevocationListDocument = {
  country: string;
  hashType: 'UCI';
  generatedAt: string;
  entries: RevocationListEntry[];
};

export function uciHash(uvci: string): string {
  return createHash('sha256').update(uvci, 'utf8').digest().subarray(0, 16).toString('base64');
}

export function revocationListDocument(
  revoked: readonly { uvci: string; expiresAt: Date }[],
  country: string,
  now: Date,
): RevocationListDocument {
  const entries = revoked
    .map((r) => ({ hash: uciHash(r.uvci), expires: r.expiresAt.toISOString() }))
    // Sorted by hash: a stable order that says nothing about the UVCIs behind it.
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return { country, hashType: 'UCI', generatedAt: now.toISOString(), entries };
}

export class RevocationListError extends Error {}

/** Reads a document as served by GET /api/dcc/revocations into a set of hashes. */
export function parseRevocationList(json: unknown): Set<string> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new RevocationListError('a revocation list is a JSON object with "hashType" and "entries"');
  }
  const doc = json as { hashType?: unknown; entries?: unknown };
  if (doc.hashType !== 'UCI')
    throw new RevocationListError(`hashType ${JSON.stringify(doc.hashType)} is not supported (only "UCI")`);
  if (!Array.isArray(doc.entries)) throw new RevocationListError('"entries" must be an array');
  const hashes = new Set<string>();
  for (const [i, entry] of (doc.entries as unknown[]).entries()) {
    const hash: unknown = entry !== null && typeof entry === 'object' ? (entry as { hash?: unknown }).hash : undefined;
    if (typeof hash !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(hash)) {
      throw new RevocationListError(`entries[${i}].hash must be base64 of 16 bytes`);
    }
    hashes.add(hash);
  }
  return hashes;
}

/** The UVCIs (`ci`) of every entry of a payload: a DCC has one entry, but be thorough. */
export function certificateIds(payload: DccPayload): string[] {
  const ids: string[] = [];
  for (const group of ['v', 't', 'r']) {
    const entries = payload[group];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      const ci: unknown = entry !== null && typeof entry === 'object' ? (entry as { ci?: unknown }).ci : undefined;
      if (typeof ci === 'string') ids.push(ci);
    }
  }
  return ids;
}

/**
 * A rules-step check failing revoked certificates. It runs in the codec's `rules`
 * step, after the signature and schema, so the `failed` values stay those of the
 * CLI contract: a revoked certificate fails with "rules" and a reason starting
 * "REVOKED", the status name VerificaC19 uses.
 */
export function revocationCheck(isRevoked: (uvci: string) => boolean): RulesCheck {
  return (payload) => {
    const revoked = certificateIds(payload).find(isRevoked);
    return revoked === undefined
      ? { ok: true, reason: 'valid: not revoked' }
      : { ok: false, reason: `REVOKED: certificate ${revoked} has been revoked by its issuer` };
  };
}

/** Runs checks in order; the first failure wins, otherwise the last reason is kept. */
export function allChecks(checks: readonly RulesCheck[]): RulesCheck {
  return (payload, clock) => {
    let last = { ok: true, reason: 'valid' };
    for (const check of checks) {
      last = check(payload, clock);
      if (!last.ok) return last;
    }
    return last;
  };
}
