import { Type } from 'typebox';

const CampaignCode = Type.String({ pattern: '^[a-z0-9-]{3,40}$', description: 'the campaign, e.g. covid-over80' });
export const CodeParam = Type.Object({ code: CampaignCode });

export const TICKET_HEADER = 'x-queue-ticket';
export const ADMISSION_HEADER = 'x-admission';

export const TicketHeaders = Type.Object({
  [TICKET_HEADER]: Type.String({
    minLength: 10,
    maxLength: 400,
    description: 'the ticket from the last join or status answer',
  }),
});

export const RoomSettingsBody = Type.Object(
  {
    active: Type.Boolean({ description: 'while true, citizen enrollment requires an admission token' }),
    opensAt: Type.String({
      format: 'date-time',
      description: 'arrivals before this form the pre-queue, drawn at random at this time',
    }),
    admitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'people admitted per minute' }),
    holdMinutes: Type.Optional(
      Type.Number({
        minimum: 0.5,
        maximum: 1_440,
        description: 'how long a place is kept after the last poll (default 5)',
      }),
    ),
    adaptive: Type.Optional(
      Type.Boolean({
        description: 'follow the latency of the enrollment endpoints, up to admitPerMinute (default false)',
      }),
    ),
    targetP95Ms: Type.Optional(
      Type.Integer({
        minimum: 50,
        maximum: 10_000,
        description: 'adaptive: the p95 latency to keep under (default 400 ms)',
      }),
    ),
    paused: Type.Optional(
      Type.Boolean({ description: 'admission paused: nobody is admitted, places are kept (default false)' }),
    ),
  },
  { additionalProperties: false },
);

export const RoomView = Type.Object({
  campaign: Type.String(),
  active: Type.Boolean(),
  opensAt: Type.String({ format: 'date-time' }),
  admitPerMinute: Type.Integer({ description: 'the configured rate (the ceiling, when adaptive)' }),
  adaptive: Type.Boolean(),
  paused: Type.Boolean({ description: 'admission paused by the region' }),
  currentRatePerMinute: Type.Integer({ description: 'the rate in force now' }),
  holdMinutes: Type.Number(),
  open: Type.Boolean({ description: 'the opening draw has taken place' }),
  issued: Type.Integer({ description: 'tickets handed out' }),
  preQueue: Type.Union([Type.Integer(), Type.Null()], { description: 'arrivals drawn at the opening' }),
  admitted: Type.Integer(),
  givenUp: Type.Integer({ description: 'places given up after the hold' }),
  waiting: Type.Integer({ description: 'people present, not yet admitted (counted every 2 s, 1 s per 5,000 people)' }),
  admittedLastMinute: Type.Integer(),
  estimatedWaitSeconds: Type.Integer({ description: 'for someone joining now' }),
});

// One shape for every state, so that the serializer stays a fast compiled one.
export const Status = Type.Object({
  state: Type.Union([
    Type.Literal('open'),
    Type.Literal('pre-queue'),
    Type.Literal('waiting'),
    Type.Literal('admitted'),
    Type.Literal('expired'),
  ]),
  ticket: Type.Optional(Type.String({ description: 'keep it and send it back with the next poll' })),
  position: Type.Optional(Type.Integer({ description: 'your number in line' })),
  ahead: Type.Optional(Type.Integer({ description: 'people still present ahead of you' })),
  estimatedWaitSeconds: Type.Optional(Type.Integer()),
  nextPollSeconds: Type.Optional(Type.Integer()),
  opensAt: Type.Optional(Type.String({ format: 'date-time' })),
  preQueue: Type.Optional(Type.Integer({ description: 'people in the pre-queue so far' })),
  admission: Type.Optional(Type.String({ description: `send it as the ${ADMISSION_HEADER} header when enrolling` })),
  admissionExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  enrollUrl: Type.Optional(Type.String()),
  holdMinutes: Type.Optional(Type.Integer()),
});
