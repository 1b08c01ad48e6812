import { fork, type ChildProcess } from 'node:child_process';

/**
 * The national Gateway simulator in a child process (national-sim-process.ts): the national side is another
 * machine, so its CPU must not count as the region's. `ask` sends a command and resolves with its answer.
 */
export function simulatorProcess(capacity: number) {
  const child: ChildProcess = fork(new URL('./national-sim-process.ts', import.meta.url), {
    env: { ...process.env, SIM_CAPACITY: String(capacity) },
  });
  const waiting = new Map<string, (message: never) => void>();
  child.on('message', (message: { cmd: string }) => {
    waiting.get(message.cmd)?.(message as never);
    waiting.delete(message.cmd);
  });
  const ask = <T>(cmd: string, extra: object = {}): Promise<T> =>
    new Promise((resolve) => {
      waiting.set(cmd, resolve);
      if (cmd !== 'ready') child.send({ cmd, ...extra });
    });
  return { ask, ready: ask<{ url: string }>('ready') };
}
