import { Type, type Static } from 'typebox';
import { SimulatorConfigPatchSchema, SimulatorConfigSchema } from './smsc/index.ts';

const LaneName = Type.Union([
  Type.Literal('otp'),
  Type.Literal('appointment'),
  Type.Literal('reminder'),
  Type.Literal('bulk'),
]);
const Timestamp = Type.String({ format: 'date-time' });

export const QueueStats = Type.Object({
  lanes: Type.Array(
    Type.Object({
      lane: LaneName,
      queued: Type.Integer({ description: 'waiting to be sent' }),
      oldestAgeSeconds: Type.Number({ description: 'age of the oldest waiting message, 0 if none' }),
      submitting: Type.Integer({ description: 'claimed by a dispatcher, being submitted' }),
      unknown: Type.Integer({ description: 'sent without an answer; awaiting a receipt or the validity period' }),
      deadLetters: Type.Integer({ description: 'given up after repeated refusals: each one was alerted on' }),
    }),
  ),
  providers: Type.Array(
    Type.Object({
      id: Type.String(),
      state: Type.Union([
        Type.Literal('up'),
        Type.Literal('cooling'),
        Type.Literal('probing'),
        Type.Literal('disconnected'),
      ]),
      rate: Type.Number({ description: 'messages per second' }),
      inFlight: Type.Integer(),
    }),
    { description: 'in order of preference; empty when this process runs no dispatcher' },
  ),
});
export type QueueStats = Static<typeof QueueStats>;

export const Page = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type Page = Static<typeof Page>;

export const DeadLetterPage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      lane: LaneName,
      to: Type.String(),
      attempts: Type.Integer(),
      reason: Type.Union([Type.String(), Type.Null()]),
      queuedAt: Timestamp,
      deadAt: Type.Union([Timestamp, Type.Null()]),
    }),
  ),
});
export type DeadLetterPage = Static<typeof DeadLetterPage>;

export const MessageParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const MessageHistory = Type.Object({
  id: Type.Integer(),
  lane: LaneName,
  status: Type.String(),
  to: Type.String(),
  attempts: Type.Integer(),
  provider: Type.Union([Type.String(), Type.Null()]),
  providerMessageId: Type.Union([Type.String(), Type.Null()]),
  queuedAt: Timestamp,
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  finalAt: Type.Union([Timestamp, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(
    Type.Object({
      at: Timestamp,
      kind: Type.String(),
      provider: Type.Union([Type.String(), Type.Null()]),
      providerMessageId: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type MessageHistory = Static<typeof MessageHistory>;

// Simulated phones (demo mode only).

export const ProviderParams = Type.Object({
  provider: Type.Union([Type.Literal('a'), Type.Literal('b')], { description: 'the simulated provider: a or b' }),
});

export const PhoneParams = Type.Object({
  number: Type.String({ pattern: '^\\+?[1-9][0-9]{6,14}$', description: 'E.164, with or without +' }),
});

export const SimPhoneList = Type.Object({
  phones: Type.Array(
    Type.Object({
      number: Type.String({ description: 'E.164 with +' }),
      received: Type.Integer(),
      lastDeliveredAt: Timestamp,
    }),
    { description: 'most recently reached first, over both providers' },
  ),
});
export type SimPhoneList = Static<typeof SimPhoneList>;

export const SimMessages = Type.Object({
  number: Type.String(),
  messages: Type.Array(
    Type.Object({
      id: Type.String({ description: "the provider's message id" }),
      provider: Type.String(),
      from: Type.String(),
      text: Type.String(),
      submittedAt: Timestamp,
      deliveredAt: Timestamp,
    }),
    { description: 'newest first' },
  ),
});
export type SimMessages = Static<typeof SimMessages>;

/** The live configuration of a simulated SMSC; the password stays out of responses. */
export const SimConfig = Type.Object({
  provider: Type.String(),
  config: Type.Omit(SimulatorConfigSchema, ['password']),
});
export type SimConfig = Static<typeof SimConfig>;

export const SimConfigPatch = SimulatorConfigPatchSchema;
