import { luhnCheckDigit } from '../../src/shared/identifiers.ts';
import type { LoggedIn } from '../helpers/browserless-login.ts';
import { sleep } from './client.ts';
import { CAMPAIGN, type Citizen } from './load.ts';

// A well-formed health card number that belongs to nobody.
const NOBODYS_CARD = `8038000000000000000${luhnCheckDigit('8038000000000000000')}`;

/**
 * What a person sees from the surviving site while no database leader exists yet:
 * a write must fail fast with 503 and Retry-After (or succeed, once a leader is back),
 * and what needs no database keeps answering at once: liveness, the static citizen
 * pages (the app and the waiting-room page) and the waiting room's status poll, which
 * is answered from the ticket's signature and the instance's cached counter.
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
  /** Every read below answered 200 within READ_FAST_MS. */
  readonly readsServed: boolean;
  /** GET /, /sala-attesa.html and /health/live: answered 200 fast / asked. */
  readonly pagesServed: number;
  readonly pagesAsked: number;
  /** Waiting-room polls with a ticket taken before the kill: answered 200 fast with a queue state / asked. */
  readonly waitroomServed: number;
  readonly waitroomAsked: number;
  readonly waitroomStates: string[];
  readonly slowestReadMs: number;
  /** What the failing reads answered. */
  readonly readsOther: string[];
}

/** A queue ticket taken before the kill, to poll with during the gap. */
export interface WaitroomProbe {
  readonly campaign: string;
  readonly ticket: string;
}

// Reads that need no database answer in milliseconds; a second means something waited for it.
const READ_FAST_MS = 1_000;
const QUEUE_STATES = new Set(['pre-queue', 'waiting', 'admitted']);

/** Each probe uses a citizen of its own (`next`): the per-codice-fiscale rate limit allows 10 in 15 minutes. */
export function probeDegraded(
  baseUrl: string,
  next: () => Citizen | undefined,
  waitroom: WaitroomProbe,
): { stop(): Promise<DegradedReport> } {
  let stopping = false;
  let ticket = waitroom.ticket;
  let pagesServed = 0;
  let pagesAsked = 0;
  let waitroomServed = 0;
  let waitroomAsked = 0;
  let slowestReadMs = 0;
  const waitroomStates = new Set<string>();
  const readsOther: string[] = [];
  /** One read: its status and body, and whether it was fast. */
  const read = async (path: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; body: string }> => {
    const began = Date.now();
    try {
      const response = await fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      const ms = Date.now() - began;
      slowestReadMs = Math.max(slowestReadMs, ms);
      if (response.status !== 200 || ms > READ_FAST_MS) readsOther.push(`${path} ${response.status} ${ms} ms`);
      return { ok: response.status === 200 && ms <= READ_FAST_MS, body };
    } catch (error) {
      readsOther.push(`${path} ${error instanceof Error ? error.name : 'error'}`);
      return { ok: false, body: '' };
    }
  };
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
          body: JSON.stringify({
            fiscalCode: citizen.fiscalCode,
            healthCardNumber: NOBODYS_CARD,
            mobilePhone: citizen.phone,
          }),
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
      for (const path of ['/health/live', '/', '/sala-attesa.html']) {
        pagesAsked++;
        if ((await read(path)).ok) pagesServed++;
        else readsServed = false;
      }
      waitroomAsked++;
      const poll = await read(`/api/waitroom/${waitroom.campaign}/status`, { 'x-queue-ticket': ticket });
      const status = poll.ok ? (JSON.parse(poll.body) as { state: string; ticket?: string }) : null;
      if (status !== null) waitroomStates.add(status.state);
      if (status !== null && QUEUE_STATES.has(status.state)) {
        waitroomServed++;
        ticket = status.ticket ?? ticket;
      } else {
        readsServed = false;
      }
      await sleep(250);
    }
  };
  const running = loop();
  return {
    stop: async () => {
      stopping = true;
      await running;
      return {
        probes,
        writes503,
        writesOk,
        writesOther: writesOther.slice(0, 10),
        slowestWriteMs,
        readsServed,
        pagesServed,
        pagesAsked,
        waitroomServed,
        waitroomAsked,
        waitroomStates: [...waitroomStates],
        slowestReadMs,
        readsOther: readsOther.slice(0, 10),
      };
    },
  };
}

/** The waiting room polled during the gap: a campaign of its own, so the load's enrollments need no admission. */
export const PROBE_CAMPAIGN = 'failover-sala-attesa';

/**
 * Opens a waiting room (1 admission a minute) as the region's operator, waits until
 * `probeUrl`'s instance has it in its cache, and joins the line there 20 times: the
 * last ticket stays "waiting" for the whole test.
 */
export async function queueTicket(adminUrl: string, region: LoggedIn, probeUrl: string): Promise<WaitroomProbe> {
  const send = async (method: string, path: string, body: unknown, ok: readonly number[]): Promise<void> => {
    const response = await region.jar.fetch(`${adminUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': region.csrf },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!ok.includes(response.status))
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  };
  const now = Date.now();
  await send(
    'POST',
    '/api/campaigns',
    {
      code: PROBE_CAMPAIGN,
      name: 'Sala d’attesa della prova di failover',
      products: ['Comirnaty'],
      opensAt: new Date(now - 86_400_000).toISOString(),
      plannedWeeklyCapacity: 100,
    },
    [201, 409],
  );
  await send(
    'PUT',
    `/api/waitroom/${PROBE_CAMPAIGN}`,
    { active: true, opensAt: new Date(now - 60_000).toISOString(), admitPerMinute: 1, holdMinutes: 60 },
    [200],
  );
  let ticket: string | undefined;
  const deadline = Date.now() + 30_000;
  for (let joined = 0; joined < 20;) {
    const status = await waitroomCall(probeUrl, `/api/waitroom/${PROBE_CAMPAIGN}/join`, { method: 'POST' });
    if (status.state !== 'open' && status.ticket !== undefined) {
      ticket = status.ticket;
      joined++;
    } else if (Date.now() > deadline) {
      throw new Error(`the waiting room of ${PROBE_CAMPAIGN} did not open at ${probeUrl}`);
    } else {
      await sleep(500); // the probe site's cache reads the new room about once a second
    }
  }
  const polled = await waitroomCall(probeUrl, `/api/waitroom/${PROBE_CAMPAIGN}/status`, {
    headers: { 'x-queue-ticket': ticket ?? '' },
  });
  if (!QUEUE_STATES.has(polled.state)) throw new Error(`the waiting room answered "${polled.state}" before the kill`);
  return { campaign: PROBE_CAMPAIGN, ticket: polled.ticket ?? ticket ?? '' };
}

async function waitroomCall(
  baseUrl: string,
  path: string,
  init: RequestInit,
): Promise<{ state: string; ticket?: string }> {
  const response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
  if (response.status !== 200)
    throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as { state: string; ticket?: string };
}
