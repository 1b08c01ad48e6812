import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { parseTrustedProxies } from './http/proxy.ts';
import { ForwardConfigSchema, regionIdentityProblem } from './fse2/index.ts';
import { NotifyConfigSchema } from './notify/index.ts';
import { WaitroomConfigSchema } from './waitroom/index.ts';

/**
 * Every setting Salus reads from the environment, in one schema. The type comes
 * from the schema, so the two cannot drift apart. Parsed once at start-up and
 * passed down explicitly: nothing reads process.env after this.
 */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
    description: 'development, test or production',
  }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'an integer port from 0 to 65535' }),
  // No default: unset is loopback in demo mode (its passwords and simulators are public), else all interfaces.
  HOST: Type.Optional(Type.String({ minLength: 1, description: 'the address to listen on' })),
  TRUST_PROXY: Type.Optional(
    Type.String({
      description:
        'comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-* headers to believe',
    }),
  ),
  SALUS_DATA_DIR: Type.String({ minLength: 1, default: './.salus', description: 'a directory path' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// or postgresql:// connection URL' }),
  ),
  // The role that owns the schema and runs the migrations; DATABASE_URL is then the
  // application's own role (salus_app), which owns nothing (migrations/0014_app_role.sql).
  DATABASE_OWNER_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'a postgres:// or postgresql:// connection URL of the owner role',
    }),
  ),
  SALUS_PG_PORT: Type.Integer({
    minimum: 1024,
    maximum: 65535,
    default: 54329,
    description: 'the port of the embedded PostgreSQL, 1024-65535',
  }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'an integer from 1 to 200' }),
  SALUS_DEMO: Type.Boolean({ default: true, description: 'true or false: seed and show demo data' }),
  SALUS_DEMO_CITIZENS: Type.Integer({
    minimum: 0,
    maximum: 2_000_000,
    default: 20_000,
    description: 'how many synthetic citizens the demo seed creates, 0-2000000',
  }),
  SALUS_DEMO_TODAY: Type.Integer({
    minimum: 0,
    maximum: 50,
    default: 6,
    description: "how many of today's appointments the demo books at the demo centre when it has none, 0-50",
  }),
  SALUS_DEMO_LAB_REPORTS: Type.Boolean({
    default: true,
    description: 'true or false: the demo files laboratory reports (LAB CDA2) for three demo citizens',
  }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'one of fatal, error, warn, info, debug, trace, silent' },
  ),
  PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/]+$',
      description: 'the public base URL without a trailing slash, e.g. https://salus.example.org',
    }),
  ),
  OIDC_ISSUER: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'the OpenID provider issuer URL; unset means the bundled provider at <PUBLIC_URL>/idp',
    }),
  ),
  OIDC_CLIENT_ID: Type.String({
    minLength: 1,
    default: 'salus-web',
    description: 'the client id registered at the OpenID provider',
  }),
  OIDC_CLIENT_SECRET: Type.Optional(
    Type.String({ minLength: 16, description: 'the client secret, at least 16 characters' }),
  ),
  SESSION_IDLE_MINUTES: Type.Integer({
    minimum: 1,
    maximum: 24 * 60,
    default: 30,
    description: 'minutes of inactivity that end a session, 1-1440',
  }),
  SESSION_ABSOLUTE_HOURS: Type.Integer({
    minimum: 1,
    maximum: 72,
    default: 12,
    description: 'hours after login that end a session, 1-72',
  }),
  ENROLLMENT_CODE_TTL_MINUTES: Type.Integer({
    minimum: 10,
    maximum: 24 * 60,
    default: 120,
    description: 'minutes an enrollment SMS code stays valid, 10-1440 (longer than the worst SMS delay)',
  }),
  RATE_LIMIT_SUBMIT_PER_IP: Type.Integer({
    minimum: 1,
    default: 30,
    description: 'enrollment submissions per IP per 15 minutes',
  }),
  RATE_LIMIT_VERIFY_PER_IP: Type.Integer({
    minimum: 1,
    default: 60,
    description: 'code verifications per IP per 15 minutes',
  }),
  // Memory: no statement and no commit per counter (issue 21); each instance counts alone (ADR 0021).
  RATE_LIMIT_STORE: Type.Union([Type.Literal('memory'), Type.Literal('postgres')], {
    default: 'memory',
    description: "where enrollment's rate-limit counters live: 'memory' (per instance) or 'postgres' (shared)",
  }),
  // Production signs DCCs with a DSC issued by the offline CSCA: only the DSC's key is on the host.
  DCC_DSC_CERT_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'path of the DSC certificate (PEM); with DCC_DSC_KEY_FILE' }),
  ),
  DCC_DSC_KEY_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'path of the DSC private key (PEM); with DCC_DSC_CERT_FILE' }),
  ),
  // SMS providers and the embedded SMSC simulators (src/notify/config.ts).
  ...NotifyConfigSchema.properties,
  // Forwarding to the national FSE 2.0 Gateway and its bundled simulator (src/fse2/forward/config.ts).
  ...ForwardConfigSchema.properties,
  // The waiting room (src/waitroom/config.ts).
  ...WaitroomConfigSchema.properties,
  // Issue 21 (ADR 0023): 'separate' keeps allocation runs out of the API servers (npm run allocator runs them).
  ALLOCATOR: Type.Union([Type.Literal('in-process'), Type.Literal('separate')], {
    default: 'in-process',
    description: "in-process (this server runs allocations) or separate (a process started with 'npm run allocator')",
  }),
  SHUTDOWN_GRACE_MS: Type.Integer({
    minimum: 0,
    maximum: 120_000,
    default: 10_000,
    description: 'milliseconds to drain requests on shutdown, 0-120000',
  }),
});

export type RawConfig = Static<typeof ConfigSchema>;
export type Config = Omit<RawConfig, 'HOST'> & {
  /** HOST, or 127.0.0.1 in demo mode and 0.0.0.0 otherwise. */
  readonly HOST: string;
  /** Why HOST is what it is, for the start-up log. */
  readonly hostReason: string;
  /** TRUST_PROXY's entries; empty trusts no forwarding header. */
  readonly trustedProxies: readonly string[];
  readonly dataDir: string;
  /** PUBLIC_URL, or http://localhost:<PORT> in development. */
  readonly publicUrl: string;
};

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment against the schema. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const keys = Object.keys(ConfigSchema.properties);
  // Empty strings count as unset, so `PORT= npm start` falls back to the default.
  const picked = Object.fromEntries(keys.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, picked));
  if (!Value.Check(ConfigSchema, converted)) {
    const problems = new Map<string, string>();
    for (const error of Value.Errors(ConfigSchema, converted)) {
      const name = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
      if (name === '' || problems.has(name)) continue;
      const schema = (ConfigSchema.properties as Record<string, { description?: string } | undefined>)[name];
      problems.set(
        name,
        `${name}=${JSON.stringify(env[name])} is invalid: expected ${schema?.description ?? error.message}`,
      );
    }
    throw new ConfigError([...problems.values()]);
  }
  const proxies = parseTrustedProxies(converted.TRUST_PROXY);
  if (proxies.invalid.length > 0) {
    throw new ConfigError([
      `TRUST_PROXY=${JSON.stringify(env.TRUST_PROXY)} is invalid: ` +
        `${proxies.invalid.join(', ')} is not an IP address or CIDR range`,
    ]);
  }
  if ((converted.DCC_DSC_CERT_FILE === undefined) !== (converted.DCC_DSC_KEY_FILE === undefined)) {
    throw new ConfigError([
      'DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE go together: set both (production) or neither (development keys)',
    ]);
  }
  const regionIdentity = regionIdentityProblem(converted);
  if (regionIdentity !== null) throw new ConfigError([regionIdentity]);
  if (converted.DATABASE_OWNER_URL !== undefined && converted.DATABASE_URL === undefined) {
    throw new ConfigError([
      'DATABASE_OWNER_URL is set without DATABASE_URL: set both, or neither for the embedded PostgreSQL',
    ]);
  }
  return {
    ...converted,
    ...listenHost(converted),
    trustedProxies: proxies.entries,
    dataDir: path.resolve(converted.SALUS_DATA_DIR),
    publicUrl: converted.PUBLIC_URL ?? `http://localhost:${converted.PORT}`,
  };
}

function listenHost(config: RawConfig): { HOST: string; hostReason: string } {
  if (config.HOST !== undefined) return { HOST: config.HOST, hostReason: 'HOST is set' };
  if (config.SALUS_DEMO) {
    return { HOST: '127.0.0.1', hostReason: 'demo mode listens on loopback only; set HOST to listen elsewhere' };
  }
  return { HOST: '0.0.0.0', hostReason: 'HOST is unset and demo mode is off' };
}
