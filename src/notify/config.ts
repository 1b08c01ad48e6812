import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Port = (fallback: number, what: string) =>
  Type.Integer({
    minimum: 0,
    maximum: 65_535,
    default: fallback,
    description: `${what}: an integer port from 0 to 65535`,
  });
// SMPP 3.4 section 4.1: system_id has at most 15 characters and password at most 8.
const SystemId = (fallback: string) =>
  Type.String({ minLength: 1, maxLength: 15, default: fallback, description: '1-15 characters (SMPP system_id)' });
const Password = (fallback: string) =>
  Type.String({ maxLength: 8, default: fallback, description: 'at most 8 characters (SMPP password)' });
const Rate = (fallback: number) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: 10_000,
    default: fallback,
    description: 'messages per second the contract allows, > 0',
  });

/**
 * The notify settings, in the style of src/config.ts: to be spread into ConfigSchema
 * (`...NotifyConfigSchema.properties`). Provider A is preferred; B takes what A cannot
 * (throttled, down, receipts late) and the overflow above A's rate.
 */
export const NotifyConfigSchema = Type.Object({
  SMS_SIMULATOR: Type.Boolean({
    default: true,
    description:
      'true or false: run the two SMSC simulators (providers A and B) on loopback inside the server; ' +
      'false in production',
  }),
  SMS_SIMULATOR_A_PORT: Port(0, 'the simulator of provider A (0 = any free port)'),
  SMS_SIMULATOR_B_PORT: Port(0, 'the simulator of provider B (0 = any free port)'),
  SMS_SENDER: Type.String({
    pattern: '^([A-Za-z0-9 ._-]{1,11}|\\+?[1-9][0-9]{6,14})$',
    default: 'Salus',
    description: 'up to 11 letters/digits, or an E.164 number',
  }),
  SMS_A_HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'host name or address of provider A (ignored with SMS_SIMULATOR)',
  }),
  SMS_A_PORT: Port(2775, 'provider A (ignored with SMS_SIMULATOR)'),
  SMS_A_SYSTEM_ID: SystemId('salus-a'),
  SMS_A_PASSWORD: Password('salus-a'),
  SMS_A_RATE: Rate(100),
  SMS_B_HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'host name or address of provider B (ignored with SMS_SIMULATOR)',
  }),
  SMS_B_PORT: Port(2776, 'provider B (ignored with SMS_SIMULATOR)'),
  SMS_B_SYSTEM_ID: SystemId('salus-b'),
  SMS_B_PASSWORD: Password('salus-b'),
  SMS_B_RATE: Rate(50),
});

export type NotifyConfig = Static<typeof NotifyConfigSchema>;

export type ProviderId = 'a' | 'b';
export const PROVIDER_IDS: readonly ProviderId[] = ['a', 'b'];

export interface ProviderSettings {
  readonly id: ProviderId;
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  /** Messages per second. */
  readonly rate: number;
}

/** Providers in order of preference, as configured (before any simulator port is known). */
export function providerSettings(config: NotifyConfig): ProviderSettings[] {
  return [
    {
      id: 'a',
      host: config.SMS_A_HOST,
      port: config.SMS_A_PORT,
      systemId: config.SMS_A_SYSTEM_ID,
      password: config.SMS_A_PASSWORD,
      rate: config.SMS_A_RATE,
    },
    {
      id: 'b',
      host: config.SMS_B_HOST,
      port: config.SMS_B_PORT,
      systemId: config.SMS_B_SYSTEM_ID,
      password: config.SMS_B_PASSWORD,
      rate: config.SMS_B_RATE,
    },
  ];
}

/** The notify settings from string variables over the defaults (tests, the benchmark); throws on invalid input. */
export function parseNotifyConfig(env: Readonly<Record<string, string | undefined>> = {}): NotifyConfig {
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in NotifyConfigSchema.properties && value !== undefined && value !== '',
    ),
  );
  const value = Value.Convert(NotifyConfigSchema, Value.Default(NotifyConfigSchema, given));
  if (!Value.Check(NotifyConfigSchema, value)) {
    throw new Error(
      'Invalid notify settings: ' +
        [...Value.Errors(NotifyConfigSchema, value)].map((e) => `${e.instancePath} ${e.message}`).join('; '),
    );
  }
  return value;
}
