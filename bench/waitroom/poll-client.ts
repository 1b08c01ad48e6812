import http from 'node:http';

/**
 * The poll-cost benchmark's client, in a process of its own so that its CPU is not the server's: `concurrency`
 * keep-alive loops poll GET /api/waitroom/:code/status with the tickets given, each answer's ticket replacing the
 * one sent (as the waiting page does), until `polls` answers. Sends {kind: 'done', polls, failures} on IPC.
 */
interface Go {
  readonly kind: 'go';
  readonly url: string;
  readonly campaign: string;
  readonly tickets: string[];
  readonly polls: number;
  readonly concurrency: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function poll(url: URL, path: string, ticket: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path, method: 'GET', headers: { 'x-queue-ticket': ticket } },
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
  const loop = async (): Promise<void> => {
    while (sent < message.polls) {
      const i = sent++ % tickets.length;
      const answer = await poll(url, path, tickets[i] ?? '');
      if (answer.status !== 200) {
        failures++;
        sample = answer.body.slice(0, 300);
        continue;
      }
      const ticket = /"ticket":"([^"]+)"/.exec(answer.body)?.[1];
      if (ticket !== undefined) tickets[i] = ticket;
    }
  };
  void Promise.all(Array.from({ length: message.concurrency }, loop)).then(() => {
    agent.destroy();
    process.send?.({ kind: 'done', polls: sent, failures, sample }, () => process.exit(0));
  });
});
