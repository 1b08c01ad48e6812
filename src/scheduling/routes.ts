import { Type } from 'typebox';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { parseFiscalCode, parseHealthCardNumber } from '../shared/identifiers.ts';
import { requireCitizen as citizen, requireOperator as operator } from '../http/principals.ts';
import type { AppointmentService } from './appointments.ts';
import type { CentreService } from './centre.ts';
import type { PlanningService } from './planning.ts';
import {
  AllocateBody,
  Appointment,
  CapacityBody,
  DayList,
  DayQuery,
  DoseBody,
  IdParam,
  MoveBody,
  RangeQuery,
  SupplyBody,
  WalkInBody,
} from './schemas.ts';

export interface SchedulingRouteDeps {
  readonly appointments: AppointmentService;
  readonly centre: CentreService;
  readonly planning: PlanningService;
  readonly allocateNow: (campaign: string) => Promise<unknown>;
}

const tags = { tags: ['scheduling'] };

export function registerSchedulingRoutes(app: TypedApp, deps: SchedulingRouteDeps): void {
  // Citizens (and delegates acting for them)
  app.get(
    '/api/me/appointments',
    { config: { policy: rolesAccess('citizen') }, schema: { ...tags, response: { 200: Type.Array(Appointment) } } },
    (r) => deps.appointments.mine(citizen(r.principal), r.id),
  );
  app.post(
    '/api/appointments/:id/cancel',
    { config: { policy: rolesAccess('citizen') }, schema: { ...tags, params: IdParam } },
    async (r, reply) => {
      await deps.appointments.cancel(citizen(r.principal), r.params.id, r.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/appointments/:id/move',
    {
      config: { policy: rolesAccess('citizen') },
      schema: { ...tags, params: IdParam, body: MoveBody, response: { 200: Type.Array(Appointment) } },
    },
    (r) => deps.appointments.move(citizen(r.principal), r.params.id, r.body, r.id),
  );

  // Vaccination centre staff
  app.get(
    '/api/centre/appointments',
    {
      config: { policy: rolesAccess('vaccinator') },
      schema: { ...tags, querystring: DayQuery, response: { 200: DayList } },
    },
    (r) => deps.centre.dayList(operator(r.principal), r.query.day, r.id),
  );
  app.post(
    '/api/centre/appointments/:id/check-in',
    { config: { policy: rolesAccess('vaccinator') }, schema: { ...tags, params: IdParam } },
    async (r, reply) => {
      await deps.centre.checkIn(operator(r.principal), r.params.id, r.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/centre/appointments/:id/dose',
    { config: { policy: rolesAccess('vaccinator') }, schema: { ...tags, params: IdParam, body: DoseBody } },
    async (r, reply) =>
      reply.status(201).send(
        await deps.centre.recordDose(
          operator(r.principal),
          r.params.id,
          {
            lot: r.body.lot,
            administeredAt: r.body.administeredAt === undefined ? null : new Date(r.body.administeredAt),
          },
          r.id,
        ),
      ),
  );
  app.post(
    '/api/centre/appointments/:id/no-show',
    { config: { policy: rolesAccess('vaccinator') }, schema: { ...tags, params: IdParam } },
    async (r, reply) => {
      await deps.centre.noShow(operator(r.principal), r.params.id, r.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/centre/walk-ins',
    { config: { policy: rolesAccess('vaccinator') }, schema: { ...tags, body: WalkInBody } },
    async (r, reply) =>
      reply.status(201).send(
        await deps.centre.walkIn(
          operator(r.principal),
          {
            ...r.body,
            fiscalCode: parseFiscalCode(r.body.fiscalCode, '/fiscalCode'),
            healthCardNumber: parseHealthCardNumber(r.body.healthCardNumber, '/healthCardNumber'),
          },
          r.id,
        ),
      ),
  );

  // Region operators
  const region = { config: { policy: rolesAccess('region') } };
  app.get(
    '/api/scheduling/centres',
    { config: { policy: rolesAccess('region', 'citizen', 'vaccinator') }, schema: tags },
    () => deps.planning.centres(),
  );
  app.get(
    '/api/scheduling/products',
    { config: { policy: rolesAccess('region', 'citizen', 'vaccinator') }, schema: tags },
    () => deps.planning.products(),
  );
  app.get(
    '/api/scheduling/centres/:code/capacity',
    {
      ...region,
      schema: { ...tags, params: Type.Object({ code: Type.String({ maxLength: 40 }) }), querystring: RangeQuery },
    },
    (r) => deps.planning.capacity(r.params.code, r.query.from, r.query.to),
  );
  app.put('/api/scheduling/capacity', { ...region, schema: { ...tags, body: CapacityBody } }, async (r, reply) => {
    await deps.planning.setCapacity(r.body.centreCode, r.body.day, r.body.product, r.body.doses);
    return reply.status(204).send();
  });
  app.get(
    '/api/scheduling/supply/:province',
    {
      ...region,
      schema: {
        ...tags,
        params: Type.Object({ province: Type.String({ pattern: '^[A-Z]{2}$' }) }),
        querystring: RangeQuery,
      },
    },
    (r) => deps.planning.supply(r.params.province, r.query.from, r.query.to),
  );
  app.put('/api/scheduling/supply', { ...region, schema: { ...tags, body: SupplyBody } }, async (r, reply) => {
    await deps.planning.setSupply(r.body.province, r.body.day, r.body.product, r.body.doses);
    return reply.status(204).send();
  });
  app.get(
    '/api/scheduling/overview',
    {
      ...region,
      schema: {
        ...tags,
        querystring: Type.Object({
          from: Type.String({ format: 'date' }),
          weeks: Type.Integer({ minimum: 1, maximum: 26, default: 8 }),
        }),
      },
    },
    (r) => deps.planning.overview(r.query.from, r.query.weeks),
  );
  app.post('/api/scheduling/allocate', { ...region, schema: { ...tags, body: AllocateBody } }, (r) =>
    deps.allocateNow(r.body.campaign),
  );
}
