import { Type } from 'typebox';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { requireOperator } from '../http/principals.ts';
import { forbidden } from '../shared/errors.ts';
import type { OperatorPrincipal, Principal } from '../shared/principal.ts';
import { parseFiscalCode } from '../shared/identifiers.ts';
import type { PeopleService } from './people.ts';
import type { RegistryService } from './service.ts';
import { CampaignStanding, PopulationStats } from './schemas.ts';

const CitizenProfile = Type.Object({
  fiscalCode: Type.String(),
  /** The tessera sanitaria number that web enrollment, the pharmacy and /certificato ask for. */
  healthCardNumber: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  sex: Type.String(),
  birthDate: Type.String(),
  birthPlaceCode: Type.String(),
  residenceIstat: Type.String(),
  mobilePhone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});

const PatientPage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      fiscalCode: Type.String(),
      givenName: Type.String(),
      familyName: Type.String(),
      birthDate: Type.String(),
      campaigns: Type.Array(CampaignStanding),
    }),
  ),
});

const Paging = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

const requireGp = (principal: Principal | null): OperatorPrincipal =>
  requireOperator(principal, 'gp', 'Only GPs have a patient list.');

export function registerPeopleRoutes(app: TypedApp, people: PeopleService, registry: RegistryService): void {
  app.get(
    '/api/citizens/:fiscalCode',
    {
      config: { policy: rolesAccess('citizen', 'gp') },
      schema: {
        tags: ['registry'],
        summary: 'A citizen’s registry data (self, delegate or GP); every read is logged',
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 20 }) }),
        response: { 200: CitizenProfile },
      },
    },
    async (request) => {
      if (request.principal === null) throw forbidden('auth.required', 'Log in first.');
      return people.profile(request.principal, parseFiscalCode(request.params.fiscalCode, '/fiscalCode'), request.id);
    },
  );
  app.get(
    '/api/gp/patients',
    {
      config: { policy: rolesAccess('gp') },
      schema: {
        tags: ['registry'],
        summary: 'The GP’s own patient list',
        querystring: Paging,
        response: { 200: PatientPage },
      },
    },
    (request) => people.patients(requireGp(request.principal), request.query.limit, request.query.offset, request.id),
  );
  app.get(
    '/api/region/overview',
    {
      config: { policy: rolesAccess('region') },
      schema: {
        tags: ['registry'],
        summary: 'Aggregates for region operators (no personal data)',
        response: { 200: PopulationStats },
      },
    },
    () => registry.stats(),
  );
}
