// Test support: a simulator on an ephemeral loopback port driven by a ManualClock,
// and a client bound to it. Used by the *.test.ts files of smpp/ and smsc/ only.
import { SmppClient, type SmppClientOptions } from '../../../src/notify/smpp/client.ts';
import { ManualClock } from '../../../src/notify/smsc/clock.ts';
import type { SimulatorConfigPatch } from '../../../src/notify/smsc/config.ts';
import { startSimulator, type RunningSimulator } from '../../../src/notify/smsc/simulator.ts';

export interface Harness {
  readonly sim: RunningSimulator;
  readonly clock: ManualClock;
  readonly client: SmppClient;
  /** Another client on the same simulator, not started yet; closed with the harness. */
  readonly createClient: (options?: Partial<SmppClientOptions>) => SmppClient;
  /** Another client, started and bound; closed with the harness. */
  readonly connect: (options?: Partial<SmppClientOptions>) => Promise<SmppClient>;
  readonly close: () => Promise<void>;
}

export interface HarnessOptions {
  readonly config?: SimulatorConfigPatch;
  readonly client?: Partial<SmppClientOptions>;
  readonly random?: () => number;
  /** Leave the first client unstarted (e.g. to watch it fail to bind). */
  readonly bind?: boolean;
}

/** Fixed, fast defaults: no throughput limit and a 1 s handset latency unless a test says otherwise. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock();
  const sim = await startSimulator({
    port: 0,
    clock,
    random: options.random ?? (() => 0.5),
    config: { tps: 0, delivery: { minMs: 1_000, maxMs: 1_000, tail: [] }, receiptDelayMs: 0, ...options.config },
  });
  const clients: SmppClient[] = [];
  const createClient = (overrides: Partial<SmppClientOptions> = {}): SmppClient => {
    const client = new SmppClient({
      host: '127.0.0.1',
      port: sim.port,
      systemId: 'salus',
      password: 'salus',
      sourceAddr: 'Salus',
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      responseTimeoutMs: 2_000,
      ...overrides,
    });
    clients.push(client);
    return client;
  };
  const connect = async (overrides: Partial<SmppClientOptions> = {}): Promise<SmppClient> => {
    const client = createClient(overrides);
    client.start();
    await client.waitUntilBound(5_000);
    return client;
  };
  const client = options.bind === false ? createClient(options.client) : await connect(options.client);
  return {
    sim,
    clock,
    client,
    createClient,
    connect,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** A random() that returns the given values in turn, then `fallback`. */
export function scriptedRandom(values: readonly number[], fallback = 0.5): () => number {
  let index = 0;
  return () => values[index++] ?? fallback;
}
