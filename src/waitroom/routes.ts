import { publicAccess, rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { notFound } from '../shared/errors.ts';
import { ENROLLMENT_ROUTES } from './load.ts';
import { CodeParam, RoomSettingsBody, RoomView, Status, TicketHeaders, TICKET_HEADER } from './schemas.ts';
import type { WaitroomService } from './service.ts';

const tags = ['waitroom'];
// Answers depend on the moment and the ticket: never cached by the browser or a proxy.
const NO_STORE = 'no-store';

export interface WaitroomRouteOptions {
  readonly campaignExists?: ((code: string) => Promise<boolean>) | undefined;
  /** Latency of each answer of the enrollment endpoints (adaptive admission). */
  readonly observe: (ms: number) => void;
}

export function registerWaitroomRoutes(app: TypedApp, service: WaitroomService, options: WaitroomRouteOptions): void {
  // On the root instance, so that it sees the campaigns routes too.
  // Synchronous, and the key built only for POST: every request of the server passes here (a poll is a GET).
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method === 'POST' && ENROLLMENT_ROUTES.has(`POST ${request.routeOptions.url ?? ''}`))
      options.observe(reply.elapsedTime);
    done();
  });

  app.put(
    '/api/waitroom/:code',
    {
      config: { policy: rolesAccess('region') },
      schema: {
        tags,
        summary: 'Open or configure the waiting room of a campaign',
        params: CodeParam,
        body: RoomSettingsBody,
        response: { 200: RoomView },
      },
    },
    async (request) => {
      const { code } = request.params;
      if (options.campaignExists !== undefined && !(await options.campaignExists(code)))
        throw notFound('campaign.not_found', `There is no campaign "${code}".`);
      const b = request.body;
      return service.configure(code, {
        active: b.active,
        opensAt: new Date(b.opensAt),
        admitPerMinute: b.admitPerMinute,
        holdSeconds: Math.round((b.holdMinutes ?? 5) * 60),
        adaptive: b.adaptive ?? false,
        targetP95Ms: b.targetP95Ms ?? 400,
        paused: b.paused ?? false,
      });
    },
  );

  app.get(
    '/api/waitroom/:code',
    {
      config: { policy: publicAccess('waiting-room aggregates (size, rate, wait): no personal data') },
      schema: {
        tags,
        summary: 'The waiting room of a campaign: size, admission rate, wait',
        params: CodeParam,
        response: { 200: RoomView },
      },
    },
    async (request, reply) => {
      const room = await service.view(request.params.code);
      if (room === null) throw notFound('waitroom.not_found', `Campaign "${request.params.code}" has no waiting room.`);
      return reply.header('cache-control', 'public, max-age=1').send(room);
    },
  );

  app.post(
    '/api/waitroom/:code/join',
    {
      config: {
        policy: publicAccess('anyone may queue: the ticket only orders arrivals; identity is checked at enrollment'),
      },
      schema: {
        tags,
        summary: 'Take a place in line (or learn that there is no queue)',
        params: CodeParam,
        response: { 200: Status },
      },
    },
    async (request, reply) => reply.header('cache-control', NO_STORE).send(await service.join(request.params.code)),
  );

  app.get(
    '/api/waitroom/:code/status',
    {
      config: {
        policy: publicAccess('a signed queue ticket is the only credential; answered without a database read'),
      },
      schema: {
        tags,
        summary: 'Where a ticket stands; the admission token once its turn comes',
        params: CodeParam,
        headers: TicketHeaders,
        response: { 200: Status },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', NO_STORE)
        .send(await service.status(request.params.code, request.headers[TICKET_HEADER])),
  );
}
