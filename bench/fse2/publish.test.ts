import { describe, expect, inject, it } from 'vitest';
import { measurePublications } from './publish.ts';

describe('the fse2 publication phase (smoke: 4 documents each way)', () => {
  it('publishes every document as a new one through ITI-65 and the national Gateway, with 0 errors', async () => {
    // On the test cluster rather than a second embedded PostgreSQL.
    process.env.BENCH_DATABASE_URL = inject('adminUrl');
    const phase = await measurePublications({ publications: 4, concurrency: 2, warmup: 6 });
    expect(phase.warmup).toBe(6);
    expect(phase.iti65).toMatchObject({ documents: 4, errors: 0 });
    expect(phase.gateway).toMatchObject({ documents: 4, errors: 0 });
    expect(phase.gateway).not.toHaveProperty('firstError');
    // Each request stored a document of its own: unique ids, no idempotent replay of an earlier one; the 6 warm-up
    // documents each way are not counted.
    expect(phase.documentsStored).toEqual({ iti65: 4, gateway: 4 });
    expect(phase.ratio).toBeGreaterThan(0);
    // CPU per document is measured for both phases (the Node process did the work of each).
    expect(phase.cpu.iti65.nodeMsPerDocument).toBeGreaterThan(0);
    expect(phase.cpu.gateway.nodeMsPerDocument).toBeGreaterThan(0);
    expect(phase.cpu.gateway.mainThreadMsPerDocument).toBeLessThanOrEqual(phase.cpu.gateway.nodeMsPerDocument);
  }, 300_000);
});
