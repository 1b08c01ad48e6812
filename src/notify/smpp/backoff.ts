export interface BackoffOptions {
  /** Delay before the first reconnection attempt. */
  readonly initialDelayMs: number;
  /** Upper bound of the delay, reached after a few failures. */
  readonly maxDelayMs: number;
  /** Growth per failed attempt. */
  readonly multiplier: number;
}

// 1 s doubling up to 60 s: an SMSC restart (~10-30 s) is caught within one or two
// attempts, and a long outage costs one bind attempt a minute per connection.
export const defaultBackoff: BackoffOptions = { initialDelayMs: 1_000, maxDelayMs: 60_000, multiplier: 2 };

/**
 * Delay before reconnection attempt `attempt` (0-based), with "equal jitter": half of
 * the capped exponential delay is fixed and half is random. The fixed half keeps a
 * floor between attempts against a down SMSC; the random half spreads the binds of
 * many application servers so they do not all hit the SMSC in the same instant when
 * it comes back.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exponential = options.initialDelayMs * options.multiplier ** Math.max(0, attempt);
  const cap = Math.min(options.maxDelayMs, exponential);
  return Math.round(cap / 2 + (random() * cap) / 2);
}
