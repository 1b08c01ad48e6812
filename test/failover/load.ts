import type { DbSite } from '../../deploy/ha/topology.ts';
import type { LoggedIn } from '../helpers/browserless-login.ts';

/**
 * Continuous writes through the Salus HTTP API of both sites, as clients would make
 * them: a pharmacist enrolling citizens (201, confirmation SMS queued in the same
 * transaction) and citizens submitting enrollment drafts (202, code SMS queued).
 * A failed attempt (connection refused, 5xx) is retried with backoff for up to
 * RETRY_BUDGET_MS; a site that refuses connections is avoided for a while, as a
 * global load balancer would.
 */
export const CAMPAIGN = 'covid-over80';
const RETRY_BUDGET_MS = 45_000;

export interface Citizen {
  readonly fiscalCode: string;
  readonly healthCard: string;
  readonly phone: string;
}

export type WriteKind = 'enroll' | 'draft';

export interface Attempt {
  readonly site: DbSite;
  readonly sentAt: number;
  readonly endedAt: number;
  /** HTTP status, or 0 when no response arrived (connection refused or reset). */
  readonly status: number;
  readonly code?: string;
}

export interface Write {
  readonly kind: WriteKind;
  readonly citizen: Citizen;
  readonly home: DbSite;
  readonly attempts: Attempt[];
  /** Set when a success answered: the write is then acknowledged. */
  ackedAt?: number;
  ackedBy?: DbSite;
  /** The last answer when the client gave up. */
  failure?: string;
}

export interface Site {
  readonly name: DbSite;
  readonly baseUrl: string;
  readonly operator: LoggedIn;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(site: Site, write: Write): Promise<Attempt> {
  const sentAt = Date.now();
  const c = write.citizen;
  const url = write.kind === 'enroll' ? `${site.baseUrl}/api/campaigns/${CAMPAIGN}/enrollments` : `${site.baseUrl}/api/campaigns/${CAMPAIGN}/drafts`;
  const body = write.kind === 'enroll' ? { fiscalCode: c.fiscalCode, healthCardNumber: c.healthCard } : { fiscalCode: c.fiscalCode, healthCardNumber: c.healthCard, mobilePhone: c.phone };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (write.kind === 'enroll') headers['x-csrf-token'] = site.operator.csrf;
  try {
    const init = { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) };
    const response = write.kind === 'enroll' ? await site.operator.jar.fetch(url, init) : await fetch(url, init);
    const text = await response.text();
    let code: string | undefined;
    if (!response.ok) {
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {
        code = text.slice(0, 80);
      }
    }
    return { site: site.name, sentAt, endedAt: Date.now(), status: response.status, ...(code === undefined ? {} : { code }) };
  } catch (error) {
    return { site: site.name, sentAt, endedAt: Date.now(), status: 0, code: error instanceof Error ? (error.cause as { code?: string } | undefined)?.code ?? error.name : 'error' };
  }
}

/**
 * One write until it is acknowledged or the budget is spent. A 409 "already enrolled"
 * after a failed attempt means that attempt committed although its answer was lost:
 * the write is then acknowledged (and must be present exactly once).
 */
async function perform(sites: Readonly<Record<DbSite, Site>>, down: Record<DbSite, number>, write: Write, aborted: () => boolean): Promise<void> {
  const started = Date.now();
  const other: DbSite = write.home === 'dc-a' ? 'dc-b' : 'dc-a';
  for (let i = 0; ; i++) {
    // Like a global load balancer: a site that refused a connection is avoided for 5 s.
    const site = sites[down[write.home] > Date.now() && down[other] <= Date.now() ? other : write.home];
    const a = await attempt(site, write);
    if (a.status === 0) down[site.name] = Date.now() + 5_000;
    write.attempts.push(a);
    const retriedConflict = i > 0 && a.status === 409 && a.code === 'campaign.already_enrolled';
    if ((a.status >= 200 && a.status < 300) || retriedConflict) {
      write.ackedAt = a.endedAt;
      write.ackedBy = a.site;
      return;
    }
    const retryable = a.status === 0 || a.status >= 500;
    if (!retryable || Date.now() - started > RETRY_BUDGET_MS || aborted()) {
      write.failure = `${a.status} ${a.code ?? ''}`.trim();
      return;
    }
    await sleep(Math.min(1_000, 100 * 2 ** Math.min(i, 4)) * (0.5 + Math.random() / 2));
  }
}

export interface Load {
  readonly writes: Write[];
  /** Stops issuing new writes and waits for those in flight (which stop retrying if `abort`). */
  stop(abort?: boolean): Promise<void>;
  /** Citizens not used yet. */
  remaining(): number;
  /** Takes an unused citizen for a probe of its own. */
  take(): Citizen | undefined;
}

/**
 * `workersPerSite` clients per site, each issuing one write every `paceMs` (or slower
 * when answers are slow). Every third write is a citizen draft, the rest are
 * pharmacist enrollments; each write uses a citizen of its own.
 */
export function startLoad(sites: Readonly<Record<DbSite, Site>>, citizens: Citizen[], options: { workersPerSite: number; paceMs: number }): Load {
  const writes: Write[] = [];
  const down: Record<DbSite, number> = { 'dc-a': 0, 'dc-b': 0 };
  let stopping = false;
  let aborting = false;
  let n = 0;
  const worker = async (home: DbSite): Promise<void> => {
    while (!stopping) {
      const citizen = citizens.pop();
      if (citizen === undefined) return;
      const write: Write = { kind: n++ % 3 === 2 ? 'draft' : 'enroll', citizen, home, attempts: [] };
      writes.push(write);
      const began = Date.now();
      await perform(sites, down, write, () => aborting);
      await sleep(Math.max(0, options.paceMs - (Date.now() - began)));
    }
  };
  const running = (['dc-a', 'dc-b'] as const).flatMap((home) => Array.from({ length: options.workersPerSite }, () => worker(home)));
  return {
    writes,
    remaining: () => citizens.length,
    take: () => citizens.pop(),
    stop: async (abort = false) => {
      stopping = true;
      aborting = abort;
      await Promise.all(running);
    },
  };
}
