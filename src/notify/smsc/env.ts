import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { SimulatorConfigPatch } from './config.ts';

/** The environment of `npm run smsc`. Types come from the schema; descriptions feed the error messages. */
export const SmscEnvSchema = Type.Object({
  SMSC_PORT: Type.Integer({
    minimum: 0,
    maximum: 65_535,
    default: 2775,
    description: 'an integer port from 0 to 65535',
  }),
  SMSC_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'the address to listen on' }),
  SMSC_SYSTEM_ID: Type.String({ minLength: 1, maxLength: 15, default: 'salus', description: '1-15 characters' }),
  SMSC_PASSWORD: Type.String({ maxLength: 8, default: 'salus', description: 'at most 8 characters (SMPP 3.4)' }),
  SMSC_TPS: Type.Number({
    minimum: 0,
    maximum: 1_000_000,
    default: 100,
    description: 'messages per second, 0 = unlimited',
  }),
  SMSC_THROTTLE_RATE: Type.Number({ minimum: 0, maximum: 1, default: 0, description: 'a probability from 0 to 1' }),
  SMSC_TAIL_P: Type.Number({ minimum: 0, maximum: 1, default: 0, description: 'a probability from 0 to 1' }),
  SMSC_TAIL_DELAY_MS: Type.Number({
    minimum: 0,
    maximum: 2_592_000_000,
    default: 3_000_000,
    description: 'milliseconds, 0 to 30 days',
  }),
  SMSC_RECEIPT_DELAY_MS: Type.Number({
    minimum: 0,
    maximum: 2_592_000_000,
    default: 500,
    description: 'milliseconds, 0 to 30 days',
  }),
  SMSC_TIME_SCALE: Type.Number({
    exclusiveMinimum: 0,
    maximum: 1_000_000,
    default: 1,
    description: 'a number > 0 (600 = 50 minutes in 5 s)',
  }),
});

export type SmscEnv = Static<typeof SmscEnvSchema>;

export interface SmscSettings {
  readonly port: number;
  readonly host: string;
  readonly config: SimulatorConfigPatch;
}

export class SmscEnvError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid SMSC simulator environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SmscEnvError';
    this.problems = problems;
  }
}

/** Reads and validates the SMSC_* variables; throws SmscEnvError naming each bad one. */
export function parseSmscEnv(env: Readonly<Record<string, string | undefined>>): SmscSettings {
  const names = Object.keys(SmscEnvSchema.properties);
  // Empty counts as unset, so `SMSC_TPS= npm run smsc` keeps the default.
  const given = Object.fromEntries(names.filter((n) => env[n] !== undefined && env[n] !== '').map((n) => [n, env[n]]));
  const value = Value.Convert(SmscEnvSchema, Value.Default(SmscEnvSchema, given));
  if (!Value.Check(SmscEnvSchema, value)) {
    const problems = new Map<string, string>();
    for (const error of Value.Errors(SmscEnvSchema, value)) {
      const name = error.instancePath.replace(/^\//, '');
      if (name === '' || problems.has(name)) continue;
      const described = (SmscEnvSchema.properties as Record<string, { description?: string } | undefined>)[name];
      problems.set(
        name,
        `${name}=${JSON.stringify(env[name])} is invalid: expected ${described?.description ?? error.message}`,
      );
    }
    throw new SmscEnvError([...problems.values()]);
  }
  return {
    port: value.SMSC_PORT,
    host: value.SMSC_HOST,
    config: {
      systemId: value.SMSC_SYSTEM_ID,
      password: value.SMSC_PASSWORD,
      tps: value.SMSC_TPS,
      throttleRate: value.SMSC_THROTTLE_RATE,
      delivery: { tail: value.SMSC_TAIL_P > 0 ? [{ p: value.SMSC_TAIL_P, delayMs: value.SMSC_TAIL_DELAY_MS }] : [] },
      receiptDelayMs: value.SMSC_RECEIPT_DELAY_MS,
      timeScale: value.SMSC_TIME_SCALE,
    },
  };
}
