/**
 * The simulated national Gateway's capacity: a token bucket refilled at `perSecond`, holding one second's worth.
 * The national Gateway sits behind GovWay (swagger_gtw.yaml's server is .../govway/rest/in/FSE/gateway/v1), whose
 * traffic policies count requests per interval and answer an excess with 429 Too Many Requests (in the OpenAPI for
 * every operation, with the ErrorResponseDTO) and a Retry-After header: the simulator does the same, and does no
 * work for a refused request. A client paced at `perSecond` never meets a 429; one that bursts above it does.
 */
export class CapacityLimit {
  #perSecond = 0;
  #tokens = 0;
  #at = 0;
  readonly #now: () => number;

  constructor(perSecond = 0, now: () => number = () => performance.now()) {
    this.#now = now;
    this.perSecond = perSecond;
  }

  /** Requests per second accepted; 0 = no limit. Setting it refills the bucket. */
  get perSecond(): number {
    return this.#perSecond;
  }

  set perSecond(value: number) {
    this.#perSecond = Math.max(0, value);
    this.#tokens = this.#perSecond;
    this.#at = this.#now();
  }

  /** Takes one request's token: 0 if it may go through, else the milliseconds until the next token. */
  take(): number {
    if (this.#perSecond === 0) return 0;
    const now = this.#now();
    this.#tokens = Math.min(this.#perSecond, this.#tokens + ((now - this.#at) * this.#perSecond) / 1000);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.#perSecond);
  }
}

/** Retry-After is whole seconds (RFC 9110 10.2.3): at least 1. */
export const retryAfterSeconds = (waitMs: number): number => Math.max(1, Math.ceil(waitMs / 1000));
