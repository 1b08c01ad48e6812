import type { DeliveryLatency } from './config.ts';

/**
 * How long a message takes to reach the handset: first a draw against the tail
 * buckets (e.g. p 0.02 -> 50 minutes, the Lombardy 2021 figure), otherwise uniform
 * between minMs and maxMs.
 */
export function sampleDeliveryDelay(latency: DeliveryLatency, random: () => number): number {
  if (latency.tail.length > 0) {
    let draw = random();
    for (const bucket of latency.tail) {
      if (draw < bucket.p) return bucket.delayMs;
      draw -= bucket.p;
    }
  }
  const spread = latency.maxMs - latency.minMs;
  return spread > 0 ? latency.minMs + random() * spread : latency.minMs;
}
