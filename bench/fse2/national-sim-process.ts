/**
 * The national Gateway simulator in its own process for the drain benchmark (bench/fse2/drain.ts): the national
 * side is another machine, so it must not share the relay's event loop, and its CPU time is measured apart.
 * Commands over IPC: down, up, capacity, stats, log, close.
 */
import { startNationalSimulator } from '../../src/fse2/index.ts';

type Command = { cmd: 'down' | 'up' | 'stats' | 'log' | 'close' } | { cmd: 'capacity'; perSecond: number };

const sim = await startNationalSimulator({ capacityPerSecond: Number(process.env.SIM_CAPACITY ?? '0') });
const reply = (message: object) => process.send?.(message);

process.on('message', (message: Command) => {
  void (async () => {
    switch (message.cmd) {
      case 'down':
        await sim.downFor(24 * 3_600_000); // until told otherwise
        break;
      case 'up':
        await sim.up();
        break;
      case 'capacity':
        sim.capacity.perSecond = message.perSecond;
        break;
      case 'stats':
        break;
      case 'log': {
        // The order the side applied each key in, for the lost/duplicate/order checks.
        const accepted = sim.state.accepted.map((r) => [r.key, r.identificativoDoc, r.status] as const);
        reply({ cmd: 'log', accepted, duplicates: Object.fromEntries(sim.state.duplicates) });
        return;
      }
      case 'close':
        await sim.close();
        reply({ cmd: 'close' });
        process.exit(0);
    }
    const cpu = process.cpuUsage();
    reply({ cmd: message.cmd, ...sim.state.summary(), cpuMs: (cpu.user + cpu.system) / 1000 });
  })();
});
reply({ cmd: 'ready', url: sim.url });
// The bench died or was stopped: no orphan simulator.
process.on('disconnect', () => process.exit(0));
