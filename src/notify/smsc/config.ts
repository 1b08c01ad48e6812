import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

const Milliseconds = Type.Number({
  minimum: 0,
  maximum: 30 * 24 * 3_600_000,
  description: 'milliseconds, 0 to 30 days',
});
const Probability = Type.Number({ minimum: 0, maximum: 1, description: 'a probability from 0 to 1' });
const NumberPrefix = Type.String({ pattern: '^[0-9]{1,15}$', description: 'leading digits of an E.164 number, no +' });

export const TailBucketSchema = Type.Object(
  { p: Probability, delayMs: Milliseconds },
  { additionalProperties: false, description: 'a share p of the messages reaches the phone after exactly delayMs' },
);

export const DeliveryLatencySchema = Type.Object(
  {
    minMs: Milliseconds,
    maxMs: Milliseconds,
    tail: Type.Array(TailBucketSchema, { maxItems: 10 }),
  },
  { additionalProperties: false, description: 'uniform between minMs and maxMs, except the tail buckets' },
);

export const SimulatorConfigSchema = Type.Object(
  {
    // SMPP 3.4 section 4.1: system_id is at most 15 characters and password at most 8.
    systemId: Type.String({ minLength: 1, maxLength: 15, description: '1-15 characters (SMPP 3.4 system_id)' }),
    password: Type.String({ maxLength: 8, description: 'at most 8 characters (SMPP 3.4 password)' }),
    tps: Type.Number({ minimum: 0, maximum: 1_000_000, description: 'accepted submit_sm per second; 0 = unlimited' }),
    throttleRate: Probability,
    submitResponseDelayMs: Milliseconds,
    delivery: DeliveryLatencySchema,
    receiptDelayMs: Milliseconds,
    expireAfterMs: Type.Number({ minimum: 1, maximum: 30 * 24 * 3_600_000, description: 'validity period in ms' }),
    rejectPrefixes: Type.Array(NumberPrefix, { maxItems: 1_000 }),
    undeliverablePrefixes: Type.Array(NumberPrefix, { maxItems: 1_000 }),
    outage: Type.Boolean(),
    timeScale: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'simulated ms per real ms, > 0' }),
  },
  { additionalProperties: false },
);

/**
 * Everything about the simulated SMSC that can change while it runs. All durations
 * and rates are in simulated time, which runs `timeScale` times faster than the wall
 * clock, so a 50-minute tail and a 100 msg/s limit scale together.
 */
export type SimulatorConfig = Static<typeof SimulatorConfigSchema>;
export type DeliveryLatency = Static<typeof DeliveryLatencySchema>;

/** What update() accepts: any top-level field, and any field of `delivery`. */
export const SimulatorConfigPatchSchema = Type.Partial(
  Type.Object({ ...SimulatorConfigSchema.properties, delivery: Type.Partial(DeliveryLatencySchema) }),
  { additionalProperties: false },
);
export type SimulatorConfigPatch = Static<typeof SimulatorConfigPatchSchema>;

export const defaultSimulatorConfig: SimulatorConfig = {
  systemId: 'salus',
  password: 'salus',
  tps: 100,
  throttleRate: 0,
  submitResponseDelayMs: 0,
  // Handsets usually get a message within seconds; the 2021 incident was the tail.
  delivery: { minMs: 1_000, maxMs: 5_000, tail: [] },
  receiptDelayMs: 500,
  // 48 h is the validity period most SMSCs apply when the ESME sets none.
  expireAfterMs: 48 * 3_600_000,
  rejectPrefixes: [],
  undeliverablePrefixes: [],
  outage: false,
  timeScale: 1,
};

export class SimulatorConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid SMSC simulator configuration: ${problems.join('; ')}`);
    this.name = 'SimulatorConfigError';
    this.problems = problems;
  }
}

/** Applies a patch and returns the new, fully validated configuration; throws SimulatorConfigError. */
export function mergeConfig(base: SimulatorConfig, patch: SimulatorConfigPatch): SimulatorConfig {
  if (!Value.Check(SimulatorConfigPatchSchema, patch)) {
    throw new SimulatorConfigError(describeErrors(SimulatorConfigPatchSchema, patch));
  }
  const merged: SimulatorConfig = { ...base, ...patch, delivery: { ...base.delivery, ...patch.delivery } };
  const problems = Value.Check(SimulatorConfigSchema, merged) ? [] : describeErrors(SimulatorConfigSchema, merged);
  if (merged.delivery.minMs > merged.delivery.maxMs) problems.push('delivery.minMs must not exceed delivery.maxMs');
  const tailShare = merged.delivery.tail.reduce((sum, bucket) => sum + bucket.p, 0);
  if (tailShare > 1) problems.push(`delivery.tail shares add up to ${tailShare}, more than 1`);
  if (problems.length > 0) throw new SimulatorConfigError(problems);
  return structuredClone(merged);
}

function describeErrors(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)]
    .filter((error) => error.keyword !== 'boolean') // duplicates of "additional properties"
    .map((error) => {
      const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return `${path === '' ? 'config' : path} ${error.message}`;
    });
}
