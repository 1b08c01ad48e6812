import { describe, expect, inject, it } from 'vitest';
import { measurePublications } from './publish.ts';

describe('the fse2 publication phase (smoke: 4 documents each way)', () => {
  it('publishes every document as a new one through ITI-65 and the national Gateway, with 0 errors', async () => {
    // On the test cluster rather than a second embedded PostgreSQL.
    process.env.BENCH_DATABASE_URL = inject('adminUrl');
    const phase = await measurePublications({ publications: 4, concurrency: 2 });
    expect(phase.iti65).toMatchObject({ documents: 4, errors: 0 });
    expect(phase.gateway).toMatchObject({ documents: 4, errors: 0 });
    expect(phase.gateway).not.toHaveProperty('firstError');
    // Each request stored a document of its own: unique ids, no idempotent replay of an earlier one.
    expect(phase.documentsStored).toEqual({ iti65: 4, gateway: 4 });
    expect(phase.ratio).toBeGreaterThan(0);
  }, 300_000);
});
