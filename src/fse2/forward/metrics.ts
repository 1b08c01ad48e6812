import { Counter, Gauge, type Registry } from 'prom-client';
import type { BacklogFigures } from './repository.ts';
import type { ForwardOperation, TransientCause } from './types.ts';

export interface ForwardMetrics {
  forwarded(operation: ForwardOperation): void;
  /** A transient failure (retried) or a permanent refusal ("refused"). */
  failed(cause: TransientCause | 'refused'): void;
}

/** The national backlog for Prometheus (issue 20 item 5): one query per scrape serves the three gauges. */
export function forwardMetrics(registry: Registry, figures: () => Promise<BacklogFigures>): ForwardMetrics {
  let last: BacklogFigures = { backlog: 0, refused: 0, oldestAgeSeconds: 0 };
  let inflight: Promise<BacklogFigures> | null = null;
  const refresh = (): Promise<BacklogFigures> => {
    inflight ??= figures()
      .then(
        (f) => (last = f),
        () => last, // a scrape during a database failover keeps the last figures
      )
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
  const gauge = (name: string, help: string, read: (f: BacklogFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await refresh()));
      },
    });
  gauge(
    'fse2_national_backlog',
    'Accepted publications, replacements, deletions and metadata updates not yet forwarded to the national Gateway',
    (f) => f.backlog,
  );
  gauge(
    'fse2_national_backlog_oldest_age_seconds',
    'Age of the oldest change not yet forwarded to the national Gateway (SLA: 86400)',
    (f) => f.oldestAgeSeconds,
  );
  gauge(
    'fse2_national_refused',
    'Changes the national Gateway refused permanently, waiting for a person (national error stored)',
    (f) => f.refused,
  );
  const failures = new Counter({
    name: 'fse2_national_forward_failures_total',
    help: 'Failed sends to the national Gateway by cause (unreachable, timeout, server_error, throttled, refused…)',
    labelNames: ['cause'],
    registers: [registry],
  });
  const forwarded = new Counter({
    name: 'fse2_national_forwarded_total',
    help: 'Changes the national Gateway accepted, by operation',
    labelNames: ['operation'],
    registers: [registry],
  });
  return {
    forwarded: (operation) => {
      forwarded.inc({ operation });
    },
    failed: (cause) => {
      failures.inc({ cause });
    },
  };
}
