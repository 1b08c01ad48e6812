import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSE2_EXAMPLES } from '../../../test/support/fse2/testdata.ts';
import { createCdaValidator, createCdaValidatorPool, type CdaValidator } from '../index.ts';

let inThread: CdaValidator;
let pool: CdaValidator;
beforeAll(async () => {
  [inThread, pool] = await Promise.all([createCdaValidator(), createCdaValidatorPool({ size: 2 })]);
}, 300_000);
afterAll(async () => {
  await Promise.all([inThread.close(), pool.close()]);
});

const examples = readdirSync(FSE2_EXAMPLES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => ({ name: f, bytes: readFileSync(join(FSE2_EXAMPLES, f)) }));

describe('the validation pool (worker threads)', () => {
  it('answers every national example, all sent at once, exactly as the engine on the calling thread', async () => {
    const pooled = await Promise.all(examples.map((e) => pool.validate(e.bytes)));
    for (const [i, example] of examples.entries()) {
      expect({ file: example.name, ...pooled[i] }).toEqual({
        file: example.name,
        ...(await inThread.validate(example.bytes)),
      });
    }
    expect(pooled.some((r) => r.valid)).toBe(true);
    expect(pooled.some((r) => !r.valid)).toBe(true); // VPS.xml breaks its own v3.8 schematron
    expect(pool.catalogVersion).toBe(inThread.catalogVersion);
  }, 300_000);

  it("passes the caller's options on (its schematron) and refuses broken XML as the engine does", async () => {
    const rad = examples.find((e) => e.name === 'RAD.xml')?.bytes ?? Buffer.alloc(0);
    const broken = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><unclosed></ClinicalDocument>');
    const [pooledBroken, threadBroken] = await Promise.all([pool.validate(broken), inThread.validate(broken)]);
    expect(pooledBroken).toEqual(threadBroken);
    expect(pooledBroken.errors[0]?.id).toBe('XML');
    const missing = { schematronFile: join(FSE2_EXAMPLES, 'no-such.sch') };
    // Two at once: one on each thread. Each refusal is the document's own: both threads still answer afterwards.
    const refused = await Promise.allSettled([pool.validate(rad, missing), pool.validate(rad, missing)]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/no-such\.sch/);
    const after = await Promise.all([pool.validate(rad), pool.validate(rad)]);
    expect(after.map((r) => r.valid)).toEqual([true, true]);
  }, 120_000);
});
