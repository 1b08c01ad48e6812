/**
 * The CDA2 engine on worker threads. One validation is ~20-40 ms of synchronous CPU (fontoxpath schematron, libxml2
 * XSD) that would otherwise hold the server's one event loop: on 2 cores a single thread gave 12-35 validations/s
 * and every other request waited behind it. Each thread has its own engine (the catalog and compiled schematrons are
 * per thread); a document goes to the thread with the fewest documents in flight.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CATALOG_VERSION } from './catalog.ts';
import type { PoolTask } from './pool-worker.ts';
import type { CdaValidateOptions, CdaValidationResult, CdaValidator, CdaValidatorOptions } from './types.ts';

export interface CdaValidatorPoolOptions extends CdaValidatorOptions {
  /** Threads; default os.availableParallelism() (2 on the reference machine). */
  readonly size?: number;
}

type Answer = { id: number; result: CdaValidationResult } | { id: number; error: string } | { ready: true };

interface Pending {
  resolve: (result: CdaValidationResult) => void;
  reject: (error: Error) => void;
}

class PooledThread {
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private failure: Error | null = null;

  constructor(options: CdaValidatorOptions) {
    this.worker = new Worker(new URL('./pool-worker.ts', import.meta.url), { workerData: options });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (answer: Answer) => {
        if ('ready' in answer) {
          resolve();
          return;
        }
        const task = this.pending.get(answer.id);
        this.pending.delete(answer.id);
        if ('error' in answer) task?.reject(new Error(answer.error));
        else task?.resolve(answer.result);
      });
      const fail = (error: Error) => {
        this.failure = error;
        reject(error);
        for (const task of this.pending.values()) task.reject(error);
        this.pending.clear();
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => {
        fail(new Error(`CDA validation thread exited (code ${code})`));
      });
    });
    this.ready.catch(() => undefined); // observed by create(); a later failure rejects the documents in flight
  }

  run(task: PoolTask): Promise<CdaValidationResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.worker.postMessage(task);
    });
  }

  get alive(): boolean {
    return this.failure === null;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

class CdaValidatorPool implements CdaValidator {
  readonly catalogVersion = CATALOG_VERSION;
  private nextId = 0;
  private readonly threads: PooledThread[];

  constructor(threads: PooledThread[]) {
    this.threads = threads;
  }

  validate(bytes: Uint8Array, opts: CdaValidateOptions = {}): Promise<CdaValidationResult> {
    const live = this.threads.filter((t) => t.alive);
    const thread = live.reduce<PooledThread | undefined>(
      (best, t) => (best === undefined || t.pending.size < best.pending.size ? t : best),
      undefined,
    );
    if (thread === undefined) return Promise.reject(new Error('every CDA validation thread has stopped'));
    return thread.run({ id: this.nextId++, bytes, opts });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

/** Starts `size` threads and resolves once each has loaded the catalog (a few seconds, in parallel). */
export async function createCdaValidatorPool(options: CdaValidatorPoolOptions = {}): Promise<CdaValidator> {
  const { size = availableParallelism(), ...engine } = options;
  const threads = Array.from({ length: Math.max(1, size) }, () => new PooledThread(engine));
  try {
    await Promise.all(threads.map((t) => t.ready));
  } catch (error) {
    await Promise.all(threads.map((t) => t.close()));
    throw error;
  }
  return new CdaValidatorPool(threads);
}
