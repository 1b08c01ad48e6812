import { Type } from 'typebox';

export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const Appointment = Type.Object({
  id: Type.Integer(),
  doseNumber: Type.Integer(),
  product: Type.String(),
  centre: Type.Object({ code: Type.String(), name: Type.String() }),
  day: Type.String(),
  startsAt: Type.String(),
  status: Type.String(),
  canMove: Type.Boolean(),
  canCancel: Type.Boolean(),
});

export const MoveBody = Type.Object(
  { day: Day, centreCode: Type.String({ minLength: 3, maxLength: 40 }) },
  { additionalProperties: false },
);

export const DayQuery = Type.Object({ day: Day }, { additionalProperties: false });

export const DayList = Type.Object({
  centre: Type.String(),
  day: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      startsAt: Type.String(),
      fiscalCode: Type.String(),
      name: Type.String(),
      birthDate: Type.String(),
      doseNumber: Type.Integer(),
      product: Type.String(),
      status: Type.String(),
    }),
  ),
});

export const DoseBody = Type.Object(
  {
    lot: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }),
    administeredAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'when the dose was given: now (the default) or earlier today in Italy; ' +
          'up to 5 minutes ahead (clock skew) is recorded as now',
      }),
    ),
  },
  { additionalProperties: false },
);

export const WalkInBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 16, maxLength: 20 }),
    healthCardNumber: Type.String({ minLength: 20, maxLength: 24 }),
    product: Type.String({ minLength: 2, maxLength: 40 }),
    lot: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }),
    doseNumber: Type.Integer({ minimum: 1, maximum: 3 }),
  },
  { additionalProperties: false },
);

export const RangeQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

export const CapacityBody = Type.Object(
  {
    centreCode: Type.String({ minLength: 3, maxLength: 40 }),
    day: Day,
    product: Type.String({ minLength: 2, maxLength: 40 }),
    doses: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);

export const SupplyBody = Type.Object(
  {
    province: Type.String({ pattern: '^[A-Z]{2}$' }),
    day: Day,
    product: Type.String({ minLength: 2, maxLength: 40 }),
    doses: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export const AllocateBody = Type.Object(
  { campaign: Type.String({ pattern: '^[a-z0-9-]{3,40}$' }) },
  { additionalProperties: false },
);
