import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A free TCP port on loopback, chosen below the kernel's ephemeral range (32768-60999 on Linux), for a server the
 * caller starts later. A port the kernel hands out for listen(0) is free only until the kernel hands it out again:
 * to an outgoing connection, or to another port-0 listener such as the bundled national Gateway simulator that
 * every demo platform starts. CI met that as EADDRINUSE when the platform then listened. Below the range only
 * another explicit choice can take the port, and a random pick among 10,000 makes that rare.
 */
export async function freePort(): Promise<number> {
  const [low, high] = belowEphemeralRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(low, high + 1);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 in ${low}-${high} after 50 tries`);
}

function belowEphemeralRange(): [number, number] {
  try {
    const [start = 0] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (start > 11_024) return [start - 10_000, start - 1];
  } catch {
    // Not Linux: the range is unknown; IANA's dynamic range starts at 49152, so stay well below it.
  }
  return [20_000, 29_999];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}
