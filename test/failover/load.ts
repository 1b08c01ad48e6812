import type { DbSite } from '../../deploy/ha/topology.ts';
import type { LoggedIn } from '../helpers/browserless-login.ts';
import { sleep, timed, untilAcknowledged, type Attempt, type Avoid, type Tracked } from './client.ts';

/**
 * Continuous writes through the Salus HTTP API of both sites, as clients would make
 * them: a pharmacist enrolling citizens (201, confirmation SMS queued in the same
 * transaction) and citizens submitting enrollment drafts (202, code SMS queued).
 * Failed attempts are retried as client.ts describes.
 */
export const CAMPAIGN = 'covid-over80';

export interface Citizen {
  readonly fiscalCode: string;
  readonly healthCard: string;
  readonly phone: string;
}

export type WriteKind = 'enroll' | 'draft';

export interface Write extends Tracked {
  readonly kind: WriteKind;
  readonly citizen: Citizen;
}

export interface Site {
  readonly name: DbSite;
  readonly baseUrl: string;
  readonly operator: LoggedIn;
}

function attempt(site: Site, write: Write): Promise<Attempt> {
  const c = write.citizen;
  const url =
    write.kind === 'enroll'
      ? `${site.baseUrl}/api/campaigns/${CAMPAIGN}/enrollments`
      : `${site.baseUrl}/api/campaigns/${CAMPAIGN}/drafts`;
  const body =
    write.kind === 'enroll'
      ? { fiscalCode: c.fiscalCode, healthCardNumber: c.healthCard }
      : { fiscalCode: c.fiscalCode, healthCardNumber: c.healthCard, mobilePhone: c.phone };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (write.kind === 'enroll') headers['x-csrf-token'] = site.operator.csrf;
  const init = { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) };
  return timed(site.name, () => (write.kind === 'enroll' ? site.operator.jar.fetch(url, init) : fetch(url, init)));
}

/**
 * One write until it is acknowledged or the budget is spent. A 409 "already enrolled"
 * after a failed attempt means that attempt committed although its answer was lost:
 * the write is then acknowledged (and must be present exactly once).
 */
function perform(
  sites: Readonly<Record<DbSite, Site>>,
  avoid: Avoid,
  write: Write,
  aborted: () => boolean,
): Promise<void> {
  return untilAcknowledged(write, {
    avoid,
    aborted,
    send: (site) => attempt(sites[site], write),
    acknowledges: (a, retry) => retry && a.status === 409 && a.code === 'campaign.already_enrolled',
  });
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
export function startLoad(
  sites: Readonly<Record<DbSite, Site>>,
  citizens: Citizen[],
  options: { workersPerSite: number; paceMs: number },
): Load {
  const writes: Write[] = [];
  const avoid: Avoid = { 'dc-a': 0, 'dc-b': 0 };
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
      await perform(sites, avoid, write, () => aborting);
      await sleep(Math.max(0, options.paceMs - (Date.now() - began)));
    }
  };
  const running = (['dc-a', 'dc-b'] as const).flatMap((home) =>
    Array.from({ length: options.workersPerSite }, () => worker(home)),
  );
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
