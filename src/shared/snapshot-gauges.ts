import { Gauge, type Registry } from 'prom-client';

/** One gauge of a snapshot: a single value, or one value per label set (the labels absent now are removed). */
export type SnapshotGauge<T> =
  | { readonly name: string; readonly help: string; readonly value: (snapshot: T) => number }
  | {
      readonly name: string;
      readonly help: string;
      readonly labelNames: readonly string[];
      readonly values: (snapshot: T) => readonly { labels: Record<string, string>; value: number }[];
    };

/**
 * Gauges read from the database at each scrape, so that every instance reports the same truth: the gauges of one
 * snapshot are collected together, and one query (in flight at most once) serves them all. A scrape whose query
 * fails (a database failover) keeps the last figures rather than failing the whole exposition.
 * Used by the FSE ingestion SLA (records) and the national forwarding backlog (fse2).
 */
export function snapshotGauges<T>(
  registry: Registry,
  read: () => Promise<T>,
  initial: T,
  gauges: readonly SnapshotGauge<T>[],
): void {
  let last = initial;
  let inflight: Promise<T> | null = null;
  const refresh = (): Promise<T> => {
    inflight ??= read()
      .then(
        (snapshot) => (last = snapshot),
        () => last,
      )
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
  for (const spec of gauges) {
    if ('value' in spec) {
      new Gauge({
        name: spec.name,
        help: spec.help,
        registers: [registry],
        async collect() {
          this.set(spec.value(await refresh()));
        },
      });
    } else {
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: [...spec.labelNames],
        registers: [registry],
        async collect() {
          const values = spec.values(await refresh());
          this.reset();
          for (const { labels, value } of values) this.set(labels, value);
        },
      });
    }
  }
}
