import { generateKeyPairSync, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** scrypt with a random 16-byte salt: `scrypt$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export interface IdentitySecrets {
  /** The provider's signing keys (private JWKs). */
  readonly jwks: { keys: JWK[] };
  /** Keys that sign the provider's cookies; the first signs, all verify. */
  readonly cookieKeys: string[];
  /** The Salus web client's secret at the bundled provider. */
  readonly webClientSecret: string;
  /** The password of the demo accounts, shown only in demo mode. */
  readonly demoPassword: string;
}

/**
 * Development secrets are generated on first start into `<dataDir>/identity.json`
 * (mode 0600) and reused after, so sessions and tokens survive a restart. No secret
 * is in the repository; production names its own files through the environment.
 */
function signingKey(type: 'rsa' | 'ec', alg: 'RS256' | 'ES256'): JWK {
  const { privateKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomBytes(8).toString('hex'), alg, use: 'sig' };
}

export function loadOrCreateSecrets(dataDir: string): IdentitySecrets {
  const file = path.join(dataDir, 'identity.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as IdentitySecrets;
  const secrets: IdentitySecrets = {
    // RS256 first: the default ID token algorithm of OpenID Connect (and SPID); ES256 for API access tokens.
    jwks: { keys: [signingKey('rsa', 'RS256'), signingKey('ec', 'ES256')] },
    cookieKeys: [randomBytes(32).toString('base64url')],
    webClientSecret: randomBytes(32).toString('base64url'),
    // Readable on purpose: a person types it on the demo login page.
    demoPassword: `demo-${randomBytes(3).toString('hex')}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
