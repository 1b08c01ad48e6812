import { Type } from 'typebox';

const CampaignCode = Type.String({ pattern: '^[a-z0-9-]{3,40}$', description: 'e.g. covid-over80' });
export const CodeParam = Type.Object({ code: CampaignCode });

export const Cohort = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  bornFromYear: Type.Union([Type.Integer(), Type.Null()]),
  bornToYear: Type.Integer(),
  opensAt: Type.String({ format: 'date-time' }),
  open: Type.Boolean(),
});

export const Campaign = Type.Object({
  code: Type.String(),
  name: Type.String(),
  products: Type.Array(Type.String()),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  plannedWeeklyCapacity: Type.Integer(),
  open: Type.Boolean(),
  cohorts: Type.Array(Cohort),
});

export const NewCampaign = Type.Object(
  {
    code: CampaignCode,
    name: Type.String({ minLength: 3, maxLength: 120 }),
    products: Type.Array(Type.String({ minLength: 2, maxLength: 60 }), { minItems: 1, maxItems: 10 }),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.Optional(Type.String({ format: 'date-time' })),
    plannedWeeklyCapacity: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export const NewCohort = Type.Object(
  {
    label: Type.String({ minLength: 2, maxLength: 60 }),
    bornFromYear: Type.Optional(Type.Integer({ minimum: 1880, maximum: 2100 })),
    bornToYear: Type.Integer({ minimum: 1880, maximum: 2100 }),
    opensAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

const FiscalCodeInput = Type.String({ minLength: 16, maxLength: 20 });
const smsLang = (description = 'the language of the SMS; Italian when absent') =>
  Type.Union([Type.Literal('it'), Type.Literal('en')], { description });

export const DraftBody = Type.Object(
  {
    fiscalCode: FiscalCodeInput,
    healthCardNumber: Type.String({ minLength: 20, maxLength: 24 }),
    mobilePhone: Type.String({ minLength: 6, maxLength: 24 }),
    lang: Type.Optional(smsLang()),
  },
  { additionalProperties: false },
);

export const ConfirmBody = Type.Object(
  {
    fiscalCode: FiscalCodeInput,
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'the 6 digits from the SMS' }),
  },
  { additionalProperties: false },
);

export const ResumeBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 80 }) },
  { additionalProperties: false },
);

export const OperatorEnrollBody = Type.Object(
  {
    fiscalCode: FiscalCodeInput,
    healthCardNumber: Type.Optional(Type.String({ minLength: 20, maxLength: 24 })),
    lang: Type.Optional(smsLang('the language the citizen asks for their SMS; Italian when absent')),
  },
  { additionalProperties: false },
);

/** SPID/CIE enrollment takes no body: the language of the pages comes in the query string. */
export const SpidEnrollQuery = Type.Object(
  { lang: Type.Optional(smsLang('the language of the pages, for the SMS')) },
  { additionalProperties: false },
);

export const Submitted = Type.Object({ status: Type.Literal('submitted'), message: Type.String() });

export const Enrolled = Type.Object({
  campaign: Type.String(),
  cohort: Type.String(),
  channel: Type.String(),
  enrolledAt: Type.String(),
  estimatedWeeks: Type.Object({ fromWeek: Type.Integer(), toWeek: Type.Integer() }),
  notice: Type.String(),
});

export const Figures = Type.Object({
  campaign: Type.String(),
  total: Type.Integer(),
  byChannel: Type.Object({ citizen: Type.Integer(), pharmacist: Type.Integer(), gp: Type.Integer() }),
  byBirthYear: Type.Array(Type.Object({ year: Type.Integer(), count: Type.Integer() })),
  perMinute: Type.Array(Type.Object({ minute: Type.String(), channel: Type.String(), count: Type.Integer() })),
});
