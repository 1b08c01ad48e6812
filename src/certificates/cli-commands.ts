/** The `dcc` CLI commands, with their streams passed in. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { issueHc1, loadDccSchema, loadTrustedSigner } from './codec/index.ts';
import type { DccPayload, TrustedSigner } from './codec/index.ts';
import { certificatesInTrustFile, UsageError } from './cli-args.ts';
import type { VerifyArgs } from './cli-args.ts';
import { gatewayTrustList, loadOrCreateDevKeys, loadOwnTrust } from './keys.ts';
import { parseRevocationList, uciHash } from './revocation-list.ts';
import { verifyCertificate } from './verify-certificate.ts';
import { fetchDidWeb, trustFromDidDocument } from './did-trust-list.ts';

const YEAR_MS = 365 * 86_400_000;

export async function runVerify(args: VerifyArgs, dataDir: string, input: Readable, output: Writable): Promise<void> {
  const given = [...args.trustFiles.flatMap(readTrustFile), ...(await readTrustDids(args.trustDids))];
  const trust = args.trustFiles.length + args.trustDids.length > 0 ? given : await loadOwnTrust(dataDir);
  // A verifier reads `format` as an annotation, as the reference validators do (codec/schema.ts).
  const schema = loadDccSchema(undefined, { formats: 'annotate' });
  const revoked = args.revocationFiles.length > 0 ? readRevocationFiles(args.revocationFiles) : null;
  const isRevoked = revoked === null ? null : (uvci: string) => revoked.has(uciHash(uvci));
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    // Only blank lines are skipped: a space is a Base45 digit, so lines are not trimmed.
    if (line.trim() === '') continue;
    const result = verifyCertificate(line, {
      trust,
      schema,
      clock: args.clock ?? new Date(),
      rules: args.rules,
      isRevoked,
    });
    output.write(`${JSON.stringify(result)}\n`);
  }
}

/** The union of the lists' hashes: an operator may hold lists from several issuers. */
function readRevocationFiles(paths: readonly string[]): Set<string> {
  const hashes = new Set<string>();
  for (const path of paths) {
    try {
      for (const hash of parseRevocationList(JSON.parse(readFileSync(path, 'utf8')))) hashes.add(hash);
    } catch (error) {
      throw new UsageError(`--revocations ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return hashes;
}

/** Each source is a did:web document: an https URL, or a file (its references are still fetched). */
async function readTrustDids(sources: readonly string[]): Promise<TrustedSigner[]> {
  const signers: TrustedSigner[] = [];
  for (const source of sources) {
    try {
      const document: unknown = source.startsWith('https://')
        ? await (await fetch(source, { signal: AbortSignal.timeout(10_000) })).json()
        : JSON.parse(readFileSync(source, 'utf8'));
      const found = await trustFromDidDocument(document, fetchDidWeb);
      if (found.length === 0) throw new Error('no usable DSC in the DID document');
      signers.push(...found);
    } catch (error) {
      throw new UsageError(`--trust-did ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return signers;
}

function readTrustFile(path: string): TrustedSigner[] {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--trust ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const certificates = certificatesInTrustFile(text);
  if (certificates.length === 0) throw new UsageError(`--trust ${path}: no certificate found`);
  return certificates.map((certificate) => {
    try {
      return loadTrustedSigner(certificate);
    } catch (error) {
      throw new UsageError(`--trust ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

export class IssueError extends Error {}

/** Signs one payload with Salus's keys. Strict on input: the schema must pass before signing. */
export async function runIssue(dataDir: string, input: Readable, output: Writable): Promise<void> {
  let payload: unknown;
  try {
    payload = JSON.parse(await readAll(input));
  } catch (error) {
    throw new IssueError(`stdin is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const check = loadDccSchema()(payload);
  if (!check.ok) throw new IssueError(`payload is not a valid DCC: ${check.reason}`);
  const keys = await loadOrCreateDevKeys(dataDir);
  // Read the clock after the keys exist: on first use they are generated just now.
  const now = new Date();
  // A certificate must not outlive the DSC that signs it (verifiers check exp ≤ DSC notAfter).
  const expiresAt = new Date(Math.min(now.getTime() + YEAR_MS, keys.signer.notAfter.getTime()));
  const hc1 = issueHc1(payload as DccPayload, {
    privateKey: keys.privateKey,
    kid: keys.signer.kid,
    issuer: keys.country,
    issuedAt: now,
    expiresAt,
  });
  output.write(`${hc1}\n`);
}

export async function runTrustList(dataDir: string, output: Writable): Promise<void> {
  output.write(`${JSON.stringify(gatewayTrustList(await loadOwnTrust(dataDir)), null, 2)}\n`);
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
