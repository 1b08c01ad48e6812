import { luhnCheckDigit } from '../../src/registry/identifiers.ts';
import { CAMPAIGN, type Citizen } from './load.ts';

// A well-formed health card number that belongs to nobody.
const NOBODYS_CARD = `8038000000000000000${luhnCheckDigit('8038000000000000000')}`;

/**
 * What a person sees from the surviving site while no database leader exists yet:
 * a write must fail fast with 503 and Retry-After (or succeed, once a leader is back),
 * and what needs no database (liveness, the static pages when built) keeps answering.
 */
export interface DegradedReport {
  readonly probes: number;
  /** Write probes answered 503 with a Retry-After header. */
  readonly writes503: number;
  /** Write probes answered 2xx (the leader was back). */
  readonly writesOk: number;
  /** Write probes answered anything else (500, no Retry-After, no answer): should be 0. */
  readonly writesOther: string[];
  readonly slowestWriteMs: number;
  /** GET /health/live and GET / (when the web app is built) answered 200 every time. */
  readonly readsServed: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Each probe uses a citizen of its own (`next`): the per-codice-fiscale rate limit allows 10 in 15 minutes. */
export function probeDegraded(baseUrl: string, next: () => Citizen | undefined, options: { webBuilt: boolean }): { stop(): Promise<DegradedReport> } {
  let stopping = false;
  let probes = 0;
  let writes503 = 0;
  let writesOk = 0;
  let slowestWriteMs = 0;
  let readsServed = true;
  const writesOther: string[] = [];
  const loop = async (): Promise<void> => {
    for (let citizen = next(); !stopping && citizen !== undefined; citizen = next()) {
      probes++;
      const began = Date.now();
      // A wrong health card number: the answer is 202 either way and nothing is written,
      // but the registry lookup needs the database.
      try {
        const response = await fetch(`${baseUrl}/api/campaigns/${CAMPAIGN}/drafts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ fiscalCode: citizen.fiscalCode, healthCardNumber: NOBODYS_CARD, mobilePhone: citizen.phone }),
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        if (response.status === 503 && response.headers.get('retry-after') !== null) writes503++;
        else if (response.ok) writesOk++;
        else writesOther.push(String(response.status));
      } catch (error) {
        writesOther.push(error instanceof Error ? error.name : 'error');
      }
      slowestWriteMs = Math.max(slowestWriteMs, Date.now() - began);
      const reads = ['/health/live', ...(options.webBuilt ? ['/'] : [])];
      for (const path of reads) {
        const ok = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(5_000) }).then(
          async (r) => { await r.body?.cancel(); return r.ok; },
          () => false,
        );
        if (!ok) readsServed = false;
      }
      await sleep(250);
    }
  };
  const running = loop();
  return {
    stop: async () => {
      stopping = true;
      await running;
      return { probes, writes503, writesOk, writesOther: writesOther.slice(0, 10), slowestWriteMs, readsServed };
    },
  };
}
