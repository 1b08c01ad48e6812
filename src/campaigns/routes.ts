import { publicAccess, rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { requireCitizen as citizenOf, requireOperator as operatorOf } from '../http/principals.ts';
import { parseE164Phone, parseFiscalCode, parseHealthCardNumber } from '../shared/identifiers.ts';
import { validationError } from '../shared/errors.ts';
import type { CampaignAdmin } from './admin.ts';
import type { directFlows } from './direct.ts';
import type { draftFlows } from './drafts.ts';
import type { CampaignRow } from './repository.ts';
import {
  Campaign,
  CodeParam,
  ConfirmBody,
  DraftBody,
  Enrolled,
  Figures,
  NewCampaign,
  NewCohort,
  OperatorEnrollBody,
  ResumeBody,
  SpidEnrollQuery,
  Submitted,
} from './schemas.ts';

export interface CampaignRouteDeps {
  readonly admin: CampaignAdmin;
  readonly drafts: ReturnType<typeof draftFlows>;
  readonly direct: ReturnType<typeof directFlows>;
  /** Spends a point per key (IP, codice fiscale); throws 429 with Retry-After when spent. */
  readonly limit: (kind: 'submit' | 'verify', keys: readonly string[]) => Promise<void>;
  /** The waiting room: refuses a submission without a valid admission while the campaign's room is active. */
  readonly admission: (campaignCode: string, admissionHeader: string | undefined) => Promise<void>;
  readonly now: () => Date;
}

const tag = { tags: ['campaigns'] };

export function registerCampaignRoutes(app: TypedApp, deps: CampaignRouteDeps): void {
  const view = (c: CampaignRow) => {
    const now = deps.now();
    return {
      code: c.code,
      name: c.name,
      products: c.products,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt?.toISOString() ?? null,
      plannedWeeklyCapacity: c.plannedWeeklyCapacity,
      open: c.opensAt <= now && (c.closesAt === null || c.closesAt > now),
      cohorts: c.cohorts.map((k) => ({ ...k, opensAt: k.opensAt.toISOString(), open: k.opensAt <= now })),
    };
  };

  app.get(
    '/api/campaigns',
    {
      config: { policy: publicAccess('campaigns and their cohorts are public information') },
      schema: { ...tag, response: { 200: { type: 'array', items: Campaign } } },
    },
    async () => (await deps.admin.list()).map(view),
  );
  app.get(
    '/api/campaigns/:code',
    {
      config: { policy: publicAccess('campaigns and their cohorts are public information') },
      schema: { ...tag, params: CodeParam, response: { 200: Campaign } },
    },
    async (request) => view(await deps.admin.get(request.params.code)),
  );
  app.post(
    '/api/campaigns',
    { config: { policy: rolesAccess('region') }, schema: { ...tag, body: NewCampaign, response: { 201: Campaign } } },
    async (request, reply) => {
      const b = request.body;
      const created = await deps.admin.create(
        {
          code: b.code,
          name: b.name,
          products: b.products,
          opensAt: new Date(b.opensAt),
          closesAt: b.closesAt === undefined ? null : new Date(b.closesAt),
          plannedWeeklyCapacity: b.plannedWeeklyCapacity,
        },
        operatorOf(request.principal).operatorId,
      );
      return reply.status(201).send(view(created));
    },
  );
  app.post(
    '/api/campaigns/:code/cohorts',
    {
      config: { policy: rolesAccess('region') },
      schema: { ...tag, params: CodeParam, body: NewCohort, response: { 201: Campaign } },
    },
    async (request, reply) => {
      const b = request.body;
      const updated = await deps.admin.addCohort(request.params.code, {
        label: b.label,
        bornFromYear: b.bornFromYear ?? null,
        bornToYear: b.bornToYear,
        opensAt: new Date(b.opensAt),
      });
      return reply.status(201).send(view(updated));
    },
  );
  app.get(
    '/api/campaigns/:code/figures',
    { config: { policy: rolesAccess('region') }, schema: { ...tag, params: CodeParam, response: { 200: Figures } } },
    (request) => deps.admin.figures(request.params.code),
  );

  app.post(
    '/api/campaigns/:code/drafts',
    {
      config: {
        policy: publicAccess(
          'citizen channel step 1: identity is checked by codice fiscale + health card; rate limited',
        ),
      },
      schema: { ...tag, params: CodeParam, body: DraftBody, response: { 202: Submitted } },
    },
    async (request, reply) => {
      const input = {
        fiscalCode: parseFiscalCode(request.body.fiscalCode, '/fiscalCode'),
        healthCardNumber: parseHealthCardNumber(request.body.healthCardNumber, '/healthCardNumber'),
        mobilePhone: parseE164Phone(request.body.mobilePhone, '/mobilePhone'),
        lang: request.body.lang ?? null,
      };
      const admission = request.headers['x-admission'];
      await deps.admission(request.params.code, typeof admission === 'string' ? admission : undefined);
      await deps.limit('submit', [`ip:${request.ip}`, `cf:${input.fiscalCode}`]);
      return reply.status(202).send(await deps.drafts.submit(request.params.code, input));
    },
  );
  app.post(
    '/api/campaigns/:code/confirm',
    {
      config: { policy: publicAccess('citizen channel step 2: the SMS code confirms the saved draft; rate limited') },
      schema: { ...tag, params: CodeParam, body: ConfirmBody, response: { 201: Enrolled } },
    },
    async (request, reply) => {
      const fiscalCode = parseFiscalCode(request.body.fiscalCode, '/fiscalCode');
      await deps.limit('verify', [`ip:${request.ip}`, `cf:${fiscalCode}`]);
      return reply
        .status(201)
        .send(await deps.drafts.confirmWithCode(request.params.code, fiscalCode, request.body.code, request.id));
    },
  );
  app.post(
    '/api/enrollments/resume',
    {
      config: { policy: publicAccess('the link in the SMS confirms the saved draft; rate limited') },
      schema: { ...tag, body: ResumeBody, response: { 201: Enrolled } },
    },
    async (request, reply) => {
      await deps.limit('verify', [`ip:${request.ip}`]);
      return reply.status(201).send(await deps.drafts.confirmWithLink(request.body.token, request.id));
    },
  );
  app.post(
    '/api/campaigns/:code/enrollments/me',
    {
      config: { policy: rolesAccess('citizen') },
      schema: { ...tag, params: CodeParam, querystring: SpidEnrollQuery, response: { 201: Enrolled } },
    },
    async (request, reply) => {
      const citizen = citizenOf(request.principal);
      // SPID does not skip the queue: a citizen logged in waits like everyone else.
      const admission = request.headers['x-admission'];
      await deps.admission(request.params.code, typeof admission === 'string' ? admission : undefined);
      return reply
        .status(201)
        .send(await deps.direct.bySpid(request.params.code, citizen, request.id, request.query.lang ?? null));
    },
  );
  app.post(
    '/api/campaigns/:code/enrollments',
    {
      config: { policy: rolesAccess('pharmacist', 'gp') },
      schema: { ...tag, params: CodeParam, body: OperatorEnrollBody, response: { 201: Enrolled } },
    },
    async (request, reply) => {
      const operator = operatorOf(request.principal);
      const card = request.body.healthCardNumber;
      if (operator.role === 'pharmacist' && card === undefined) {
        throw validationError(
          'campaign.card_required',
          'A pharmacist enrolls with the health card: enter its number.',
          [{ field: '/healthCardNumber', message: 'required for pharmacists' }],
        );
      }
      const input = {
        fiscalCode: parseFiscalCode(request.body.fiscalCode, '/fiscalCode'),
        healthCardNumber: card === undefined ? null : parseHealthCardNumber(card, '/healthCardNumber'),
        lang: request.body.lang ?? null,
      };
      return reply.status(201).send(await deps.direct.byOperator(request.params.code, operator, input, request.id));
    },
  );
}
