import { Type } from 'typebox';

export const FiscalCodeString = Type.String({
  minLength: 16,
  maxLength: 20,
  description: 'codice fiscale, 16 characters',
});

export const LoginQuery = Type.Object(
  {
    as: Type.Union([Type.Literal('citizen'), Type.Literal('operator')], { default: 'citizen' }),
    returnTo: Type.Optional(Type.String({ maxLength: 500 })),
    /**
     * A username the provider's login form starts with (OpenID Connect login_hint): the demo's "try as this person".
     */
    loginHint: Type.Optional(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' })),
  },
  { additionalProperties: false },
);

export const CallbackQuery = Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) });

const Person = Type.Object({ fiscalCode: Type.String(), name: Type.String() });

export const Me = Type.Object({
  authenticated: Type.Boolean(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('operator'), Type.Literal('facility'), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  fiscalCode: Type.Union([Type.String(), Type.Null()]),
  actingFor: Type.Union([Person, Type.Null()]),
  /**
   * True when `actingFor` names someone whose delegation has since been revoked or has expired:
   * every request but choosing again (POST /api/me/acting-for) and logout is then refused.
   */
  actingForEnded: Type.Boolean(),
  /** People this citizen may act for (delegations held), for the header's switcher. */
  canActFor: Type.Array(Person),
});

export const ActingForBody = Type.Object(
  { fiscalCode: Type.Union([FiscalCodeString, Type.Null()]) },
  { additionalProperties: false },
);

export const Delegation = Type.Object({
  id: Type.Integer(),
  fiscalCode: Type.String(),
  name: Type.String(),
  since: Type.String(),
});

export const Delegations = Type.Object({ delegates: Type.Array(Delegation), representing: Type.Array(Delegation) });

export const NewDelegation = Type.Object(
  { fiscalCode: FiscalCodeString, healthCardNumber: Type.String({ minLength: 20, maxLength: 24 }) },
  { additionalProperties: false },
);

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const Paging = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const AccessLog = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      at: Type.String(),
      who: Type.String(),
      role: Type.String(),
      onBehalfOf: Type.Union([Type.String(), Type.Null()]),
      action: Type.String(),
      resourceType: Type.String(),
      purpose: Type.String(),
      outcome: Type.String(),
    }),
  ),
});
