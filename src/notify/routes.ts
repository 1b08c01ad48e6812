import { publicAccess, rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import {
  DeadLetterPage,
  MessageHistory,
  MessageParams,
  Page,
  PhoneParams,
  ProviderParams,
  QueueStats,
  SimConfig,
  SimConfigPatch,
  SimMessages,
  SimPhoneList,
} from './schemas.ts';
import type { NotifyService } from './service.ts';

export interface NotifyRouteOptions {
  /** Registers the simulated-phones API (demo mode with the embedded simulators). */
  readonly simulatedPhones: boolean;
}

const SIM_POLICY = publicAccess('simulated phones: demo/test tool, disabled when SALUS_DEMO=false');
// Individual messages carry phone numbers (never their text here): region operators only,
// who act on dead letters. Everyone else sees the aggregates of /api/notify/queue.
const OPERATIONS_POLICY = rolesAccess('region');

export function registerNotifyRoutes(app: TypedApp, service: NotifyService, options: NotifyRouteOptions): void {
  app.get(
    '/api/notify/queue',
    {
      config: { policy: publicAccess('SMS queue aggregates per lane and provider states, no personal data') },
      schema: {
        tags: ['notify'],
        summary: 'SMS outbox: depth and age per lane, dead letters, provider states',
        response: { 200: QueueStats },
      },
    },
    () => service.queue(),
  );

  app.get(
    '/api/notify/dead-letters',
    {
      config: { policy: OPERATIONS_POLICY },
      schema: {
        tags: ['notify'],
        summary: 'Messages given up on, newest first',
        querystring: Page,
        response: { 200: DeadLetterPage },
      },
    },
    (request) => service.deadLetters(request.query),
  );
  app.get(
    '/api/notify/messages/:id',
    {
      config: { policy: OPERATIONS_POLICY },
      schema: {
        tags: ['notify'],
        summary: 'One message and its full history',
        params: MessageParams,
        response: { 200: MessageHistory },
      },
    },
    (request) => service.message(request.params.id),
  );

  if (!options.simulatedPhones) return;
  app.get(
    '/api/sim/phones',
    {
      config: { policy: SIM_POLICY },
      schema: { tags: ['demo'], summary: 'Simulated handsets that received an SMS', response: { 200: SimPhoneList } },
    },
    () => service.simPhones(),
  );
  app.get(
    '/api/sim/phones/:number/messages',
    {
      config: { policy: SIM_POLICY },
      schema: {
        tags: ['demo'],
        summary: 'The texts one simulated handset received, newest first',
        params: PhoneParams,
        response: { 200: SimMessages },
      },
    },
    (request) => service.simMessages(request.params.number),
  );
  app.get(
    '/api/sim/config/:provider',
    {
      config: { policy: SIM_POLICY },
      schema: {
        tags: ['demo'],
        summary: 'Live configuration of a simulated SMSC',
        params: ProviderParams,
        response: { 200: SimConfig },
      },
    },
    (request) => service.simConfig(request.params.provider),
  );
  app.patch(
    '/api/sim/config/:provider',
    {
      config: { policy: SIM_POLICY },
      schema: {
        tags: ['demo'],
        summary:
          'Change a simulated SMSC while it runs: throughput, latency and its long tail, ' +
          'receipt delay, throttling, outage',
        params: ProviderParams,
        body: SimConfigPatch,
        response: { 200: SimConfig },
      },
    },
    (request) => service.patchSimConfig(request.params.provider, request.body),
  );
}
