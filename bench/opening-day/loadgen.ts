// The load generator process: the citizens' browsers and phones. It hosts the two
// simulated SMSCs (providers A and B, real SMPP on loopback), since the phones that
// receive the codes are the citizens' own; Salus's dispatcher connects to them.
import { readFileSync, writeFileSync } from 'node:fs';
import { startSimulator, type RunningSimulator } from '../../src/notify/smsc/index.ts';
import { mulberry32 } from './arrivals.ts';
import { httpClient, sourceAddress, type HttpResult } from './http.ts';
import { runPerson, type Person, type PersonContext, type Step } from './person.ts';
import {
  NEVER,
  type LoadgenInit,
  type LoadgenGo,
  type LoadgenMessage,
  type LoadgenResults,
  type PersonInput,
} from './protocol.ts';

const send = (message: LoadgenMessage): void => {
  process.send?.(message);
};
let simulators: RunningSimulator[] = [];

async function init(options: LoadgenInit): Promise<void> {
  const tail = options.tail.map((t) => ({ p: t.p, delayMs: t.delayMs }));
  simulators = await Promise.all(
    options.providers.map((p) =>
      startSimulator({
        port: 0,
        host: '127.0.0.1',
        // Everyone's phone stays reachable: the default keeps only 10,000 numbers.
        maxPhones: Math.ceil(options.people * 1.2) + 1_000,
        messagesPerPhone: 20,
        config: {
          systemId: p.systemId,
          password: p.password,
          // Unlimited: the dispatcher keeps to the contract rate itself (SMS_*_RATE). A limit in
          // simulated time refills in bursts of a few ms of real time when scaled, and the
          // throttling that follows measures the token bucket, not Salus.
          tps: 0,
          delivery: { minMs: 1_000, maxMs: 5_000, tail },
          receiptDelayMs: 500,
          timeScale: options.timeScale,
        },
      }),
    ),
  );
  send({ kind: 'ready', ports: simulators.map((s) => s.port) });
}

async function go(options: LoadgenGo): Promise<void> {
  const people = JSON.parse(readFileSync(options.peopleFile, 'utf8')) as PersonInput[];
  const http = httpClient(options.servers, options.socketsPerSource, 30_000);
  const random = mulberry32(options.seed);
  const persons: Person[] = people.map((input, idx) => {
    const abandons = random() < options.abandonShare;
    const reloads = random() < options.reloadShare;
    return {
      idx,
      citizenId: input.id,
      fiscalCode: input.cf,
      healthCard: input.card,
      phone: input.phone,
      source: sourceAddress(idx),
      arriveAt: input.at,
      abandonAt: abandons ? input.at + 2_000 + random() * 20_000 : null,
      reloadAt: reloads ? input.at + 5_000 + random() * 60_000 : null,
      prefersLink: random() < options.linkShare,
      joinStart: NEVER,
      joinEnd: NEVER,
      preQueue: false,
      position: 0,
      positionChanged: false,
      admittedAt: NEVER,
      submittedAt: NEVER,
      smsAt: NEVER,
      completedAt: NEVER,
      via: null,
      submits: 0,
      rejoins: 0,
      reloaded: false,
      outcome: 'unfinished',
    };
  });
  const latencies: Record<Step, number[]> = { page: [], join: [], poll: [], submit: [], confirm: [], resume: [] };
  // Per second since the opening: admissions, completions, and latencies after admission.
  const seconds = Math.ceil((options.deadline - options.openAt) / 1000) + 120;
  const admitted = new Uint32Array(seconds + 1);
  const completed = new Uint32Array(seconds + 1);
  // Requests to the room (page, join, poll) per second since the opening: the room phase's cost per request.
  const roomRequests = new Uint32Array(seconds + 1);
  const stepLatency: number[][] = Array.from({ length: seconds + 1 }, () => []);
  const errors: { step: Step; status: number; body: string; at: number }[] = [];
  const errorCounts: Record<string, number> = {};
  const bucket = (at: number): number => Math.max(0, Math.min(seconds, Math.floor(at / 1000)));
  const lastSms = (phone: string): string | null => {
    const number = phone.replace(/^\+/, '');
    let best: { text: string; at: number } | null = null;
    for (const sim of simulators) {
      const newest = sim.control.messagesFor(number)[0];
      if (newest !== undefined && (best === null || newest.deliveredAt > best.at))
        best = { text: newest.text, at: newest.deliveredAt };
    }
    return best?.text ?? null;
  };
  const record = (step: Step, result: HttpResult, ok: boolean): void => {
    latencies[step].push(result.ms);
    const at = Date.now() - options.openAt;
    if (step === 'submit' || step === 'confirm' || step === 'resume') stepLatency[bucket(at)]?.push(result.ms);
    if (step === 'poll' || step === 'join' || step === 'page')
      roomRequests[bucket(at)] = (roomRequests[bucket(at)] ?? 0) + 1;
    if (!ok) {
      const key = `${step} ${result.status}`;
      errorCounts[key] = (errorCounts[key] ?? 0) + 1;
      if (errors.length < 200) errors.push({ step, status: result.status, body: result.body.slice(0, 300), at });
    }
  };
  const ctx: PersonContext = {
    http,
    campaign: options.campaign,
    openAt: options.openAt,
    timeScale: options.timeScale,
    deadline: options.deadline,
    pagePath: options.pagePath,
    lastSms,
    record,
    event: (kind: 'admitted' | 'completed', at: number): void => {
      const series = kind === 'admitted' ? admitted : completed;
      const b = bucket(at);
      series[b] = (series[b] ?? 0) + 1;
    },
  };
  // Nobody admitted and nobody enrolled for 2 minutes: the run is stuck; stop everyone.
  let moved = { at: Date.now(), total: -1 };
  const progress = setInterval(() => {
    const total = admitted.reduce((s, n) => s + n, 0) + completed.reduce((s, n) => s + n, 0);
    // Admission paused (the room phase) is not a stuck run: the 2 minutes count from its end.
    if (total !== moved.total || Date.now() < options.pausedUntil) moved = { at: Date.now(), total };
    else if (Date.now() - moved.at > 120_000 && ctx.deadline > Date.now()) ctx.deadline = Date.now();
    const counts: Record<string, number> = {};
    for (const p of persons) {
      const stage =
        p.outcome !== 'unfinished'
          ? p.outcome
          : p.submittedAt !== NEVER
            ? 'awaiting-sms'
            : p.admittedAt !== NEVER
              ? 'submitting'
              : p.joinEnd !== NEVER
                ? 'waiting'
                : p.joinStart !== NEVER
                  ? 'joining'
                  : 'not-arrived';
      counts[stage] = (counts[stage] ?? 0) + 1;
    }
    send({ kind: 'progress', at: Date.now() - options.openAt, counts });
  }, 1_000);
  await Promise.all(
    persons.map((p) =>
      runPerson(p, ctx).catch((error: unknown) => {
        p.outcome = 'failed';
        errors.push({ step: 'join', status: -1, body: String(error), at: Date.now() - options.openAt });
      }),
    ),
  );
  clearInterval(progress);
  http.close();
  const results: LoadgenResults = {
    persons: persons.map((p) => [
      p.citizenId,
      p.arriveAt,
      p.joinStart,
      p.joinEnd,
      p.preQueue ? 1 : 0,
      p.position,
      p.positionChanged ? 1 : 0,
      p.admittedAt,
      p.submittedAt,
      p.smsAt,
      p.completedAt,
      p.via === null ? 0 : p.via === 'code' ? 1 : 2,
      p.submits,
      p.rejoins,
      p.reloaded ? 1 : 0,
      p.outcome,
    ]),
    latencies,
    admitted: [...admitted],
    completed: [...completed],
    roomRequests: [...roomRequests],
    stepLatency,
    errors,
    errorCounts,
    simulators: simulators.map((s) => {
      const st = s.control.stats();
      return {
        submitted: st.submitted,
        delivered: st.delivered,
        failed: st.failed,
        pending: st.pending,
        throttled: st.throttled,
      };
    }),
  };
  writeFileSync(options.resultsFile, JSON.stringify(results));
  send({ kind: 'done' });
}

process.on('message', (raw: unknown) => {
  const message = raw as { kind: string };
  if (message.kind === 'init')
    void init(raw as LoadgenInit).catch((error: unknown) => {
      send({ kind: 'failed', error: String(error) });
    });
  if (message.kind === 'go')
    void go(raw as LoadgenGo).catch((error: unknown) => {
      send({ kind: 'failed', error: String(error) });
    });
  if (message.kind === 'stop') void Promise.all(simulators.map((s) => s.close())).then(() => process.exit(0));
});
