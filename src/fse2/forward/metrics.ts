import { Counter, type Registry } from 'prom-client';
import { snapshotGauges } from '../../shared/snapshot-gauges.ts';
import type { BacklogFigures } from './repository.ts';
import type { ForwardOperation, TransientCause } from './types.ts';

export interface ForwardMetrics {
  forwarded(operation: ForwardOperation): void;
  /** A transient failure (retried) or a permanent refusal ("refused"). */
  failed(cause: TransientCause | 'refused'): void;
}

const NO_FIGURES: BacklogFigures = {
  backlog: 0,
  refused: 0,
  overSla: 0,
  oldestAgeSeconds: 0,
  oldestAcceptedAt: null,
  failingByCause: [],
};

/** The national backlog for Prometheus (issue 20 item 5): one query per scrape serves every gauge. */
export function forwardMetrics(registry: Registry, figures: () => Promise<BacklogFigures>): ForwardMetrics {
  snapshotGauges(registry, figures, NO_FIGURES, [
    {
      name: 'fse2_national_backlog',
      help:
        'Accepted publications, replacements, deletions and metadata updates ' +
        'not yet forwarded to the national Gateway',
      value: (f) => f.backlog,
    },
    {
      name: 'fse2_national_backlog_oldest_age_seconds',
      help: 'Age of the oldest change not yet forwarded to the national Gateway (SLA: 86400)',
      value: (f) => f.oldestAgeSeconds,
    },
    {
      name: 'fse2_national_backlog_over_sla',
      help: 'Changes not yet forwarded to the national Gateway, accepted more than 24 hours ago (the SLA)',
      value: (f) => f.overSla,
    },
    {
      name: 'fse2_national_refused',
      help: 'Changes the national Gateway refused permanently, waiting for a person (national error stored)',
      value: (f) => f.refused,
    },
    {
      name: 'fse2_national_backlog_failing',
      help: 'Changes not yet forwarded whose last try failed, by cause (the database, the same from every instance)',
      labelNames: ['cause'],
      values: (f) => f.failingByCause.map((c) => ({ labels: { cause: c.cause }, value: c.items })),
    },
  ]);
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
