import { withDbRetry } from '../db/retry.ts';
import { notFound, validationError } from '../shared/errors.ts';
import type { ProviderId } from './config.ts';
import type { ProviderStatus } from './dispatch/dispatcher.ts';
import type { NotifyRepository } from './repository.ts';
import type {
  DeadLetterPage,
  MessageHistory,
  Page,
  QueueStats,
  SimConfig,
  SimMessages,
  SimPhoneList,
} from './schemas.ts';
import {
  SimulatorConfigError,
  type SimulatorConfig,
  type SimulatorConfigPatch,
  type SimulatorControl,
} from './smsc/index.ts';

export interface NotifyServiceDeps {
  readonly repo: NotifyRepository;
  /** The dispatcher's view of the providers; empty when none runs in this process. */
  readonly providers: () => readonly ProviderStatus[];
  /** The embedded SMSC simulators by provider; empty when they are off. */
  readonly simulators: () => ReadonlyMap<ProviderId, SimulatorControl>;
}

const iso = (value: Date | number): string => new Date(value).toISOString();
const isoOrNull = (value: Date | null): string | null => (value === null ? null : iso(value));

export function notifyService(deps: NotifyServiceDeps) {
  const simulator = (provider: ProviderId): SimulatorControl => {
    const control = deps.simulators().get(provider);
    if (control === undefined) {
      throw notFound('notify.simulator_off', `No simulated SMSC runs for provider ${provider} (SMS_SIMULATOR=false?).`);
    }
    return control;
  };
  const simConfig = (provider: ProviderId): SimConfig => {
    const config: Partial<SimulatorConfig> = simulator(provider).getConfig();
    delete config.password;
    return { provider, config: config as SimConfig['config'] };
  };

  const queue = async (): Promise<QueueStats> => {
    const lanes = await withDbRetry(() => deps.repo.laneSnapshot(), { idempotent: true });
    const now = Date.now();
    return {
      lanes: lanes.map((l) => ({
        lane: l.lane,
        queued: l.queued,
        oldestAgeSeconds: l.oldestQueuedAt === null ? 0 : Math.max(0, (now - l.oldestQueuedAt.getTime()) / 1_000),
        submitting: l.submitting,
        unknown: l.unknown,
        deadLetters: l.dead,
      })),
      providers: [...deps.providers()],
    };
  };

  return {
    queue,

    /**
     * The SMS section of the region's dashboard: queue per lane, provider states, and the
     * latency figures the delivery receipts give, per provider and lane, over the last hour.
     */
    async dashboard(): Promise<Record<string, unknown>> {
      const [now, latency] = await Promise.all([
        queue(),
        withDbRetry(() => deps.repo.deliveryLatency(60), { idempotent: true }),
      ]);
      return {
        lanes: now.lanes,
        providers: now.providers,
        latencyLastHour: latency.map((l) => ({
          provider: l.provider,
          lane: l.lane,
          delivered: l.delivered,
          queuedToSubmittedP50Seconds: l.submit_p50,
          queuedToSubmittedP99Seconds: l.submit_p99,
          queuedToDeliveredP50Seconds: l.deliver_p50,
          queuedToDeliveredP99Seconds: l.deliver_p99,
        })),
      };
    },

    async deadLetters(page: Page): Promise<DeadLetterPage> {
      const { total, items } = await withDbRetry(() => deps.repo.deadLetters(page.limit, page.offset), {
        idempotent: true,
      });
      return {
        total,
        items: items.map((d) => ({
          id: d.id,
          lane: d.lane,
          to: d.recipient,
          attempts: d.attempts,
          reason: d.last_error,
          queuedAt: iso(d.queued_at),
          deadAt: isoOrNull(d.final_at),
        })),
      };
    },

    async message(id: number): Promise<MessageHistory> {
      const found = await withDbRetry(() => deps.repo.message(id), { idempotent: true });
      if (found === null) throw notFound('notify.message_not_found', `There is no message ${id}.`);
      const m = found.message;
      return {
        id: m.id,
        lane: m.lane,
        status: m.status,
        to: m.recipient,
        attempts: m.attempts,
        provider: m.provider,
        providerMessageId: m.provider_message_id,
        queuedAt: iso(m.queued_at),
        submittedAt: isoOrNull(m.submitted_at),
        finalAt: isoOrNull(m.final_at),
        lastError: m.last_error,
        events: found.events.map((e) => ({
          at: iso(e.at),
          kind: e.kind,
          provider: e.provider,
          providerMessageId: e.provider_message_id,
          detail: e.detail,
        })),
      };
    },

    /** Every simulated handset that received something, over both providers. */
    simPhones(): SimPhoneList {
      const merged = new Map<string, { received: number; last: number }>();
      for (const control of deps.simulators().values()) {
        for (const phone of control.allPhones()) {
          const seen = merged.get(phone.number) ?? { received: 0, last: 0 };
          merged.set(phone.number, {
            received: seen.received + phone.received,
            last: Math.max(seen.last, phone.lastDeliveredAt),
          });
        }
      }
      return {
        phones: [...merged]
          .sort(([, a], [, b]) => b.last - a.last)
          .map(([number, p]) => ({ number: `+${number}`, received: p.received, lastDeliveredAt: iso(p.last) })),
      };
    },

    simMessages(number: string): SimMessages {
      const received = [...deps.simulators()].flatMap(([provider, control]) =>
        control.messagesFor(number).map((m) => ({ provider, m })),
      );
      received.sort((a, b) => b.m.deliveredAt - a.m.deliveredAt);
      return {
        number: `+${number.replace(/^\+/, '')}`,
        messages: received.map(({ provider, m }) => ({
          id: m.id,
          provider,
          from: m.from,
          text: m.text,
          submittedAt: iso(m.submittedAt),
          deliveredAt: iso(m.deliveredAt),
        })),
      };
    },

    simConfig,

    patchSimConfig(provider: ProviderId, patch: SimulatorConfigPatch): SimConfig {
      if (patch.systemId !== undefined || patch.password !== undefined) {
        throw validationError(
          'notify.simulator_credentials_fixed',
          'The credentials of a simulated provider come from SMS_*_SYSTEM_ID and SMS_*_PASSWORD.',
          [{ field: patch.systemId === undefined ? '/password' : '/systemId', message: 'cannot be changed here' }],
        );
      }
      try {
        simulator(provider).update(patch);
      } catch (error) {
        if (!(error instanceof SimulatorConfigError)) throw error;
        throw validationError(
          'notify.simulator_config_invalid',
          error.message,
          error.problems.map((message) => ({ field: '/', message })),
        );
      }
      return simConfig(provider);
    },
  };
}

export type NotifyService = ReturnType<typeof notifyService>;
