import http from 'node:http';
import { sourceAddress } from '../opening-day/http.ts';

/**
 * The poll-cost benchmark's client, in a process of its own so that its CPU is not the server's: `concurrency`
 * keep-alive loops poll GET /api/waitroom/:code/status with the tickets given, each answer's ticket replacing the
 * one sent (as the waiting page does), until `polls` answers. Sends {kind: 'done', polls, failures} on IPC.
 * With `rate` > 0, polls are paced at that rate instead, each from one of 500 loopback source addresses with at
 * most 2 sockets each, as bench:opening-day's load generator sends them: many sockets, one request per wake-up.
 */
interface Go {
  readonly kind: 'go';
  readonly url: string;
  readonly campaign: string;
  readonly tickets: string[];
  readonly polls: number;
  readonly concurrency: number;
  readonly rate: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const paced = new http.Agent({ keepAlive: true, maxSockets: 2, scheduling: 'lifo', timeout: 60_000 });

function poll(url: URL, path: string, ticket: string, from?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent: from === undefined ? agent : paced,
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        headers: { 'x-queue-ticket': ticket },
        ...(from === undefined ? {} : { localAddress: from }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', (error) => {
      resolve({ status: 0, body: error.message });
    });
    req.end();
  });
}

process.once('message', (message: Go) => {
  const url = new URL(message.url);
  const path = `/api/waitroom/${message.campaign}/status`;
  const tickets = [...message.tickets];
  let sent = 0;
  let failures = 0;
  let sample = '';
  const once = async (i: number, from?: string): Promise<void> => {
    const answer = await poll(url, path, tickets[i] ?? '', from);
    if (answer.status !== 200) {
      failures++;
      sample = answer.body.slice(0, 300);
      return;
    }
    const ticket = /"ticket":"([^"]+)"/.exec(answer.body)?.[1];
    if (ticket !== undefined) tickets[i] = ticket;
  };
  const loop = async (): Promise<void> => {
    while (sent < message.polls) await once(sent++ % tickets.length);
  };
  const pacedRun = (): Promise<void> =>
    new Promise((resolve) => {
      const started = performance.now();
      const pending = new Set<Promise<void>>();
      const timer = setInterval(() => {
        const due = Math.min(message.polls, Math.floor(((performance.now() - started) * message.rate) / 1000));
        for (; sent < due; sent++) {
          const i = sent % tickets.length;
          const p = once(i, sourceAddress(i));
          pending.add(p);
          void p.then(() => pending.delete(p));
        }
        if (sent >= message.polls) {
          clearInterval(timer);
          void Promise.all(pending).then(() => {
            resolve();
          });
        }
      }, 10);
    });
  const all = message.rate > 0 ? pacedRun() : Promise.all(Array.from({ length: message.concurrency }, loop));
  void all.then(() => {
    agent.destroy();
    paced.destroy();
    process.send?.({ kind: 'done', polls: sent, failures, sample }, () => process.exit(0));
  });
});
