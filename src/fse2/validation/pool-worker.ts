/** One thread of the validation pool (pool.ts): its own engine, catalog loaded once, one document at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { CdaValidateOptions, CdaValidatorOptions } from './types.ts';
import { createCdaValidator } from './validator.ts';

export interface PoolTask {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly opts: CdaValidateOptions;
}

const port = parentPort;
if (port === null) throw new Error('pool-worker.ts runs in a worker thread of the validation pool');
const engine = await createCdaValidator(workerData as CdaValidatorOptions);
port.on('message', (task: PoolTask) => {
  // The engine may throw before it returns a promise (an unreadable --schematron file): that is this document's
  // error, not the thread's, which must keep serving the others.
  Promise.resolve()
    .then(() => engine.validate(task.bytes, task.opts))
    .then(
      (result) => {
        port.postMessage({ id: task.id, result });
      },
      (error: unknown) => {
        port.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
      },
    );
});
port.postMessage({ ready: true });
