/** Retry timing of one forward: exponential from baseMs, capped, with jitter. */
export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

/**
 * "Equal jitter": half the exponential delay fixed, half random. After an outage every
 * waiting chain would otherwise retry in the same instant; spread over half the delay
 * they come back as a ramp. attempts = tries so far (1 after the first failure).
 */
export function retryDelayMs(attempts: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
