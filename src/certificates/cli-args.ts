/** Argument parsing for the `dcc` CLI, kept apart from I/O so it is easy to test. */
import { parseArgs } from 'node:util';
import { parseInstant } from './codec/index.ts';

export const USAGE = `usage:
  dcc verify [--clock ISO-8601] [--trust FILE]... [--trust-did FILE|URL]... [--rules it]
             [--revocations FILE]...
                  HC1 strings on stdin, one JSON result per line
  dcc issue       DCC JSON payload on stdin, signed HC1 string out
  dcc trustlist   Salus's DSCs as EU DCC Gateway trust-list JSON

  --trust FILE         trust these DSCs (PEM, or base64 DER one per line) instead of Salus's own
  --trust-did FILE|URL trust the DSCs of a WHO GDHCN DID trust list (did:web document, v2,
                       keys embedded or referenced; references are fetched over HTTPS)
  --revocations FILE   a revocation list as published at GET /api/dcc/revocations; a revoked
                       certificate fails with "rules" and a reason starting "REVOKED". The CLI
                       works offline: without this option nothing is checked for revocation.`;

export class UsageError extends Error {}

export type VerifyArgs = {
  /** Fixed validation clock; null means "now" at each line. */
  clock: Date | null;
  trustFiles: string[];
  /** DID documents (file paths or https URLs) whose DSCs are trusted. */
  trustDids: string[];
  rules: 'it' | null;
  revocationFiles: string[];
};

export type Command = { name: 'verify'; args: VerifyArgs } | { name: 'issue' } | { name: 'trustlist' };

export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === 'verify') return { name, args: parseVerifyArgs(rest) };
  if (name === 'issue' || name === 'trustlist') {
    if (rest.length > 0) throw new UsageError(`${name} takes no arguments`);
    return { name };
  }
  throw new UsageError(name === undefined ? 'missing command' : `unknown command ${JSON.stringify(name)}`);
}

function parseVerifyArgs(argv: string[]): VerifyArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        clock: { type: 'string' },
        trust: { type: 'string', multiple: true },
        'trust-did': { type: 'string', multiple: true },
        rules: { type: 'string' },
        revocations: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  let clock: Date | null = null;
  if (values.clock !== undefined) {
    clock = parseInstant(values.clock);
    if (!clock) throw new UsageError(`--clock ${JSON.stringify(values.clock)} is not an ISO 8601 instant`);
  }
  if (values.rules !== undefined && values.rules !== 'it') {
    throw new UsageError(`--rules ${JSON.stringify(values.rules)}: only "it" is supported`);
  }
  return {
    clock,
    trustFiles: values.trust ?? [],
    trustDids: values['trust-did'] ?? [],
    rules: values.rules === 'it' ? 'it' : null,
    revocationFiles: values.revocations ?? [],
  };
}

/** A trust file holds PEM certificates, or base64 DER certificates one per line. */
export function certificatesInTrustFile(text: string): string[] {
  const pem = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pem) return pem;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
