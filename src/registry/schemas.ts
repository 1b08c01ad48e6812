import { Type, type Static } from 'typebox';

export const ProvinceAbbr = Type.String({ pattern: '^[A-Z]{2}$', description: 'Province abbreviation, e.g. MI' });

export const MunicipalityQuery = Type.Object(
  {
    province: Type.Optional(ProvinceAbbr),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'Start of the name' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type MunicipalityQuery = Static<typeof MunicipalityQuery>;

export const Municipality = Type.Object({
  istatCode: Type.String(),
  cadastralCode: Type.String(),
  name: Type.String(),
  provinceAbbr: Type.String(),
  provinceName: Type.String(),
  atsName: Type.String(),
  population: Type.Integer(),
});

export const MunicipalityPage = Type.Object({ total: Type.Integer(), items: Type.Array(Municipality) });

export const PopulationStats = Type.Object({
  asOf: Type.String({ format: 'date' }),
  citizens: Type.Integer(),
  municipalities: Type.Integer(),
  gps: Type.Integer(),
  over80: Type.Integer(),
  over100: Type.Integer(),
  byAgeBand: Type.Array(Type.Object({ band: Type.String(), count: Type.Integer() })),
  byProvince: Type.Array(
    Type.Object({
      provinceAbbr: Type.String(),
      provinceName: Type.String(),
      atsName: Type.String(),
      citizens: Type.Integer(),
      population: Type.Integer(),
    }),
  ),
});
export type PopulationStats = Static<typeof PopulationStats>;

export const DemoInfo = Type.Object({
  enabled: Type.Boolean(),
  /** The demo accounts' password at the bundled identity provider (demo mode only). */
  password: Type.Union([Type.String(), Type.Null()]),
  /** A facility system's client credentials, for trying the FSE publishing API (demo mode only). */
  facilityClient: Type.Union([Type.Object({ clientId: Type.String(), clientSecret: Type.String() }), Type.Null()]),
  accounts: Type.Array(
    Type.Object({
      role: Type.Union([
        Type.Literal('citizen'),
        Type.Literal('gp'),
        Type.Literal('pharmacist'),
        Type.Literal('vaccinator'),
        Type.Literal('region'),
      ]),
      name: Type.String(),
      username: Type.String(),
      fiscalCode: Type.Union([Type.String(), Type.Null()]),
      /** Citizens only: the tessera sanitaria number and the mobile phone the web forms ask for. */
      healthCard: Type.Union([Type.String(), Type.Null()]),
      phone: Type.Union([Type.String(), Type.Null()]),
      note: Type.Object({ it: Type.String(), en: Type.String() }),
    }),
  ),
  /** Eligible synthetic citizens not yet enrolled in the demo campaign, to try web enrollment with (demo mode only). */
  notEnrolled: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        fiscalCode: Type.String(),
        healthCard: Type.String(),
        phone: Type.String(),
        birthDate: Type.String({ format: 'date' }),
        municipality: Type.String(),
      }),
    ),
  ),
});

/** Where the patient stands in each open campaign: "Iscrivi" is offered only for `now` and not enrolled. */
export const CampaignStanding = Type.Object({
  campaign: Type.String(),
  campaignName: Type.String(),
  enrollment: Type.Union([
    Type.Object({
      channel: Type.Union([Type.Literal('citizen'), Type.Literal('pharmacist'), Type.Literal('gp')]),
      enrolledAt: Type.String(),
      withdrawn: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  eligibility: Type.Union([Type.Literal('now'), Type.Literal('later'), Type.Literal('none')]),
  eligibleFrom: Type.Union([Type.String(), Type.Null()]),
});
/** What the campaigns module tells the registry about a person (the port is registry's: campaigns imports registry). */
export type PatientStanding = Static<typeof CampaignStanding>;
