import { Type, type Static } from 'typebox';

/** The forwarding settings, spread into src/config.ts's schema like notify's (ADR 0014). */
export const ForwardConfigSchema = Type.Object({
  FSE2_NATIONAL_GATEWAY_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^ ]+$',
      description:
        'the national FSE 2.0 Gateway base URL (e.g. https://host/v1); unset: the bundled simulator in demo mode, ' +
        'no forwarding otherwise (the outbox keeps every change)',
    }),
  ),
  FSE2_NATIONAL_SIMULATOR_PORT: Type.Integer({
    minimum: 0,
    maximum: 65_535,
    default: 0,
    description: 'the bundled national Gateway simulator (demo mode; 0 = any free port): an integer port 0-65535',
  }),
  FSE2_FORWARD_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 300_000,
    default: 15_000,
    description: 'milliseconds one send to the national Gateway may take before it is retried, 100-300000',
  }),
  FSE2_REGION_CERT_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "path of the region's signing certificate for the national Gateway (PEM, leaf first, then its chain); " +
        'with FSE2_REGION_KEY_FILE',
    }),
  ),
  FSE2_REGION_KEY_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description: "path of the region's signing private key (PEM, RSA or EC P-256); with FSE2_REGION_CERT_FILE",
    }),
  ),
  FSE2_FORWARD_BACKOFF_CAP_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 300_000,
    description: 'the longest wait between two tries of one forward, in milliseconds, 100-3600000',
  }),
  FSE2_FORWARD_MAX_PER_SECOND: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100_000,
      default: 0,
      description:
        'sends per second to the national Gateway at most (its quota for the region), 0-100000; ' +
        '0 = unpaced: a 429 pauses the relay for its Retry-After',
    }),
  ),
});

export type ForwardConfig = Static<typeof ForwardConfigSchema>;

/**
 * config.ts's cross-field check: the two files go together, and forwarding to a real national Gateway needs them
 * (the self-signed identity made at start-up is the demo's only; ADR 0020).
 */
export function regionIdentityProblem(config: ForwardConfig & { SALUS_DEMO: boolean }): string | null {
  const cert = config.FSE2_REGION_CERT_FILE !== undefined;
  if (cert !== (config.FSE2_REGION_KEY_FILE !== undefined)) {
    return 'FSE2_REGION_CERT_FILE and FSE2_REGION_KEY_FILE go together: set both, or neither (demo only)';
  }
  if (!cert && !config.SALUS_DEMO && config.FSE2_NATIONAL_GATEWAY_URL !== undefined) {
    return (
      'FSE2_NATIONAL_GATEWAY_URL is set outside demo mode without the region certificate: set ' +
      'FSE2_REGION_CERT_FILE and FSE2_REGION_KEY_FILE (the national provisioning)'
    );
  }
  return null;
}
