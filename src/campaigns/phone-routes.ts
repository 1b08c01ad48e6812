import { Type } from 'typebox';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { requireCitizen as citizen } from '../http/principals.ts';
import { parseE164Phone } from '../shared/identifiers.ts';
import type { PhoneVerification } from './phone.ts';

export function registerPhoneRoutes(
  app: TypedApp,
  phone: PhoneVerification,
  limit: (keys: string[]) => Promise<void>,
): void {
  const tags = { tags: ['campaigns'] };
  app.get(
    '/api/me/phone',
    {
      config: { policy: rolesAccess('citizen') },
      schema: {
        ...tags,
        response: { 200: Type.Object({ phone: Type.Union([Type.String(), Type.Null()]), verified: Type.Boolean() }) },
      },
    },
    (r) => phone.status(citizen(r.principal)),
  );
  app.post(
    '/api/me/phone/verification',
    {
      config: { policy: rolesAccess('citizen') },
      schema: {
        ...tags,
        body: Type.Object(
          { mobilePhone: Type.String({ minLength: 6, maxLength: 24 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (r, reply) => {
      const who = citizen(r.principal);
      await limit([`cf:${who.fiscalCode}`]);
      await phone.request(who, parseE164Phone(r.body.mobilePhone, '/mobilePhone'));
      return reply.status(202).send({ status: 'sent' });
    },
  );
  app.post(
    '/api/me/phone/verification/confirm',
    {
      config: { policy: rolesAccess('citizen') },
      schema: {
        ...tags,
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
      },
    },
    async (r, reply) => {
      const who = citizen(r.principal);
      await limit([`cf:${who.fiscalCode}`]);
      await phone.confirm(who, r.body.code);
      return reply.status(204).send();
    },
  );
}
