import type { DbSite } from '../../deploy/ha/topology.ts';

/**
 * How the failover test's clients behave, whatever they send: each request is
 * recorded attempt by attempt; a failed attempt (connection refused or reset, 5xx) is
 * retried with backoff for up to RETRY_BUDGET_MS; a site that refuses connections is
 * avoided for a while, as a global load balancer would.
 */
const RETRY_BUDGET_MS = 45_000;
// Like a global load balancer: a site that refused a connection is avoided for 5 s.
const AVOID_MS = 5_000;

export interface Attempt {
  readonly site: DbSite;
  readonly sentAt: number;
  readonly endedAt: number;
  /** HTTP status, or 0 when no response arrived (connection refused or reset). */
  readonly status: number;
  readonly code?: string;
}

/** One client request and what happened to it. */
export interface Tracked {
  readonly home: DbSite;
  readonly attempts: Attempt[];
  /** Set when a success answered: the request is then acknowledged. */
  ackedAt?: number;
  ackedBy?: DbSite;
  /** The last answer when the client gave up. */
  failure?: string;
}

/** Until when each site is avoided (epoch ms); shared by the clients of one load. */
export type Avoid = Record<DbSite, number>;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The error code of a problem+json (`code`) or an OperationOutcome (`issue[0].code`). */
function errorCode(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: string; issue?: { code?: string }[] };
    return body.code ?? body.issue?.[0]?.code ?? text.slice(0, 80);
  } catch {
    return text.slice(0, 80);
  }
}

/** Sends one attempt and records its outcome; never throws. */
export async function timed(site: DbSite, send: () => Promise<Response>): Promise<Attempt> {
  const sentAt = Date.now();
  try {
    const response = await send();
    const text = await response.text();
    const code = response.ok ? undefined : errorCode(text);
    return { site, sentAt, endedAt: Date.now(), status: response.status, ...(code === undefined ? {} : { code }) };
  } catch (error) {
    return {
      site,
      sentAt,
      endedAt: Date.now(),
      status: 0,
      code: error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : 'error',
    };
  }
}

export interface Persist {
  readonly avoid: Avoid;
  /** One attempt through `site`. */
  readonly send: (site: DbSite) => Promise<Attempt>;
  /** Whether an answer acknowledges the request; `retry` is true after a failed attempt. */
  readonly acknowledges: (attempt: Attempt, retry: boolean) => boolean;
  readonly aborted: () => boolean;
}

/** One request until it is acknowledged, refused for good, or the retry budget is spent. */
export async function untilAcknowledged(item: Tracked, p: Persist): Promise<void> {
  const started = Date.now();
  const other: DbSite = item.home === 'dc-a' ? 'dc-b' : 'dc-a';
  for (let i = 0; ; i++) {
    const now = Date.now();
    const site = p.avoid[item.home] > now && p.avoid[other] <= now ? other : item.home;
    const a = await p.send(site);
    if (a.status === 0) p.avoid[site] = Date.now() + AVOID_MS;
    item.attempts.push(a);
    if ((a.status >= 200 && a.status < 300) || p.acknowledges(a, i > 0)) {
      item.ackedAt = a.endedAt;
      item.ackedBy = a.site;
      return;
    }
    const retryable = a.status === 0 || a.status >= 500;
    if (!retryable || Date.now() - started > RETRY_BUDGET_MS || p.aborted()) {
      item.failure = `${a.status} ${a.code ?? ''}`.trim();
      return;
    }
    await sleep(Math.min(1_000, 100 * 2 ** Math.min(i, 4)) * (0.5 + Math.random() / 2));
  }
}
