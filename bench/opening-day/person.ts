import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient, HttpResult } from './http.ts';

export type Step = 'page' | 'join' | 'poll' | 'submit' | 'confirm' | 'resume';
export type Outcome = 'enrolled' | 'already' | 'abandoned' | 'failed' | 'unfinished';

/** One simulated citizen and what happened to them (times in ms since the opening). */
export interface Person {
  readonly idx: number;
  readonly citizenId: number;
  readonly fiscalCode: string;
  readonly healthCard: string;
  readonly phone: string;
  /** Loopback source address (a household's public IP). */
  readonly source: string;
  readonly arriveAt: number;
  /** Closes the waiting page for good at this time (given up by the room after the hold). */
  readonly abandonAt: number | null;
  /** Reloads the waiting page once at this time: the stored ticket must keep the place. */
  readonly reloadAt: number | null;
  /** Closes the page after submitting and finishes from the SMS link. */
  readonly prefersLink: boolean;
  joinStart: number;
  joinEnd: number;
  preQueue: boolean;
  position: number;
  positionChanged: boolean;
  admittedAt: number;
  submittedAt: number;
  smsAt: number;
  completedAt: number;
  via: 'code' | 'link' | null;
  submits: number;
  rejoins: number;
  reloaded: boolean;
  outcome: Outcome;
}

export interface PersonContext {
  readonly http: HttpClient;
  readonly campaign: string;
  /** Wall-clock ms of the opening. */
  readonly openAt: number;
  /** Simulated ms per real ms at the SMSC: the citizen's patience is in the SMS's time. */
  readonly timeScale: number;
  /** When everyone stops (moved earlier by the load generator if nothing moves for 2 minutes). */
  deadline: number;
  readonly pagePath: string | null;
  /** The newest SMS text on this phone, from the simulated SMSCs. */
  readonly lastSms: (phone: string) => string | null;
  readonly record: (step: Step, result: HttpResult, ok: boolean) => void;
  readonly event: (kind: 'admitted' | 'completed', at: number) => void;
}

const since = (ctx: PersonContext): number => Date.now() - ctx.openAt;
// With the page open, a person waits 2 (simulated) minutes for the code, then closes it.
const PATIENCE_SIM_MS = 120_000;
// Without any SMS after 15 simulated minutes, they go back and ask for it again.
const RESEND_SIM_MS = 15 * 60_000;
const MAX_SUBMITS = 4;
const MAX_TRIES = 6;

/** Calls `send` until `ok` says so, backing off on errors (a person retries a failed click). */
async function attempt(
  ctx: PersonContext,
  step: Step,
  send: () => Promise<HttpResult>,
  ok: (r: HttpResult) => boolean,
): Promise<HttpResult | null> {
  for (let tries = 1; tries <= MAX_TRIES && Date.now() < ctx.deadline; tries++) {
    const result = await send();
    const good = ok(result);
    ctx.record(step, result, good);
    if (good) return result;
    const retryAfter = Number(/"retryAfter":(\d+)/.exec(result.body)?.[1] ?? 0);
    await sleep(Math.max(retryAfter * 1000, 500 * 2 ** tries * (0.5 + Math.random())));
  }
  return null;
}

const json = (r: HttpResult): Record<string, unknown> => {
  try {
    return JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export async function runPerson(p: Person, ctx: PersonContext): Promise<void> {
  const wait = p.arriveAt - since(ctx);
  if (wait > 0) await sleep(wait);
  const base = `/api/waitroom/${ctx.campaign}`;
  if (ctx.pagePath !== null)
    await attempt(
      ctx,
      'page',
      () => ctx.http.get(p.source, ctx.pagePath ?? '/'),
      (r) => r.status === 200,
    );
  const join = async (): Promise<string | null> => {
    p.joinStart = since(ctx);
    const r = await attempt(
      ctx,
      'join',
      () => ctx.http.post(p.source, `${base}/join`, undefined),
      (x) => x.status === 200,
    );
    p.joinEnd = since(ctx);
    if (r === null) return null;
    const body = json(r);
    p.preQueue = body.state === 'pre-queue';
    if (typeof body.position === 'number') p.position = body.position;
    return typeof body.ticket === 'string' ? body.ticket : '';
  };
  let ticket = await join();
  if (ticket === null) {
    p.outcome = 'failed';
    return;
  }

  /** Polls until admitted; null if the person leaves (or the run ends). */
  const waitForTurn = async (): Promise<string | null> => {
    for (;;) {
      if (Date.now() > ctx.deadline) return null;
      if (p.abandonAt !== null && since(ctx) >= p.abandonAt) {
        p.outcome = 'abandoned';
        return null;
      }
      const r = await attempt(
        ctx,
        'poll',
        () => ctx.http.get(p.source, `${base}/status`, ticket === '' ? {} : { 'x-queue-ticket': ticket ?? '' }),
        (x) => x.status === 200,
      );
      if (r === null) return null;
      const body = json(r);
      if (body.state === 'admitted' && typeof body.admission === 'string') return body.admission;
      if (body.state === 'open') return '';
      if (body.state === 'expired') {
        p.rejoins += 1;
        ticket = await join();
        if (ticket === null) return null;
        continue;
      }
      if (typeof body.ticket === 'string') ticket = body.ticket;
      if (typeof body.position === 'number') {
        if (p.position !== 0 && p.position !== body.position) p.positionChanged = true;
        p.position = body.position;
      }
      let pause = (typeof body.nextPollSeconds === 'number' ? body.nextPollSeconds : 10) * 1000;
      if (p.reloadAt !== null && !p.reloaded && since(ctx) + pause >= p.reloadAt) {
        // Reload: the page comes back with the ticket from localStorage and polls at once.
        pause = Math.max(0, p.reloadAt - since(ctx));
        p.reloaded = true;
        await sleep(pause);
        if (ctx.pagePath !== null)
          await attempt(
            ctx,
            'page',
            () => ctx.http.get(p.source, ctx.pagePath ?? '/'),
            (x) => x.status === 200,
          );
        continue;
      }
      // Never past the end of the run: people far back are told to come back in up to 10 minutes.
      await sleep(Math.max(0, Math.min(pause, ctx.deadline - Date.now() + 100)));
    }
  };

  let admission = await waitForTurn();
  if (admission === null) {
    if (p.outcome === 'unfinished' && Date.now() <= ctx.deadline) p.outcome = 'failed';
    return;
  }
  p.admittedAt = since(ctx);
  ctx.event('admitted', p.admittedAt);

  const submit = async (): Promise<boolean> => {
    const r = await attempt(
      ctx,
      'submit',
      () =>
        ctx.http.post(
          p.source,
          `/api/campaigns/${ctx.campaign}/drafts`,
          { fiscalCode: p.fiscalCode, healthCardNumber: p.healthCard, mobilePhone: p.phone },
          admission === '' ? {} : { 'x-admission': admission ?? '' },
        ),
      (x) => x.status === 202,
    );
    p.submits += 1;
    return r !== null;
  };
  if (!(await submit())) {
    p.outcome = 'failed';
    return;
  }
  p.submittedAt = since(ctx);
  let lastSubmit = Date.now();
  let pageOpen = !p.prefersLink;

  while (Date.now() < ctx.deadline) {
    const sms = ctx.lastSms(p.phone);
    const code = sms === null ? null : /\b(\d{6})\b/.exec(sms)?.[1];
    const link = sms === null ? null : /\/r\/([0-9]+\.[A-Za-z0-9_-]{43})/.exec(sms)?.[1];
    if (code != null && link != null) {
      p.smsAt = since(ctx);
      const r = pageOpen
        ? (await sleep(300 + Math.random() * 700),
          await attempt(
            ctx,
            'confirm',
            () => ctx.http.post(p.source, `/api/campaigns/${ctx.campaign}/confirm`, { fiscalCode: p.fiscalCode, code }),
            (x) => x.status === 201 || x.status === 409,
          ))
        : await attempt(
            ctx,
            'resume',
            () => ctx.http.post(p.source, '/api/enrollments/resume', { token: link }),
            (x) => x.status === 201 || x.status === 409,
          );
      if (r === null) {
        p.outcome = 'failed';
        return;
      }
      p.via = pageOpen ? 'code' : 'link';
      p.outcome = r.status === 201 ? 'enrolled' : 'already';
      p.completedAt = since(ctx);
      ctx.event('completed', p.completedAt);
      return;
    }
    const waited = (Date.now() - lastSubmit) * ctx.timeScale;
    if (pageOpen && waited > PATIENCE_SIM_MS) pageOpen = false; // closes the page; the SMS will finish it
    if (waited > RESEND_SIM_MS && p.submits < MAX_SUBMITS) {
      // No SMS at all: back to the waiting-room page, whose stored ticket is admitted again at once.
      admission = await waitForTurn();
      if (admission === null || !(await submit())) {
        p.outcome = 'failed';
        return;
      }
      lastSubmit = Date.now();
    }
    await sleep(pageOpen ? 250 : 1_000 + Math.random() * 1_000);
  }
}
