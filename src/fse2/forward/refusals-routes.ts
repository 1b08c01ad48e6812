import { Type } from 'typebox';
import { rolesAccess } from '../../http/policy.ts';
import { requireOperator } from '../../http/principals.ts';
import type { TypedApp } from '../../http/types.ts';
import type { RefusalsService } from './refusals.ts';

const tags = ['fse2'];
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Refusal = Type.Object({
  id: Type.String(),
  attempts: Type.Integer(),
  identificativoDoc: Type.String(),
  operation: Type.String(),
  documentType: NullableString,
  hl7Type: NullableString,
  facility: NullableString,
  facilityId: NullableString,
  acceptedAt: Type.String(),
  nationalError: Type.Object({
    status: Type.Union([Type.Integer(), Type.Null()]),
    type: NullableString,
    title: NullableString,
    detail: NullableString,
  }),
});
const Decided = Type.Object({
  id: Type.String(),
  action: Type.Union([Type.Literal('resend'), Type.Literal('drop')]),
  reason: NullableString,
  resolvedAt: Type.String(),
  alreadyDone: Type.Boolean(),
});
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
/** The refusal as the page saw it: a later refusal of the same row (after a resend) is a new one. */
const Seen = Type.Object(
  { attempts: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);
const DropBody = Type.Object(
  {
    attempts: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

/**
 * The region's refused forwards (routes thin: the role here at every request, the rest in refusals.ts). The
 * region operator is the one role whose work spans every facility; GPs, pharmacists and vaccinators act for
 * their own patients or site.
 */
export function registerRefusalRoutes(app: TypedApp, service: RefusalsService): void {
  const policy = { policy: rolesAccess('region') };
  app.get(
    '/api/region/fse2/refused-forwards',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Changes the national Gateway refused permanently, with the national error, oldest first',
        response: { 200: Type.Object({ items: Type.Array(Refusal) }) },
      },
    },
    async (r) => ({ items: await service.list(requireOperator(r.principal, 'region'), r.id) }),
  );
  app.post(
    '/api/region/fse2/refused-forwards/:id/resend',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Send a refused change again, after a fix (idempotent: a double submit resends once)',
        params: Params,
        body: Seen,
        response: { 200: Decided },
      },
    },
    (r) =>
      service.decide(
        requireOperator(r.principal, 'region'),
        { id: r.params.id, attempts: r.body.attempts, action: 'resend', reason: null },
        r.id,
      ),
  );
  app.post(
    '/api/region/fse2/refused-forwards/:id/drop',
    {
      config: policy,
      schema: {
        tags,
        summary: 'Never send a refused change, with the reason recorded (idempotent)',
        params: Params,
        body: DropBody,
        response: { 200: Decided },
      },
    },
    (r) =>
      service.decide(
        requireOperator(r.principal, 'region'),
        { id: r.params.id, attempts: r.body.attempts, action: 'drop', reason: r.body.reason.trim() },
        r.id,
      ),
  );
}
