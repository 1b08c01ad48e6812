import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSE2_EXAMPLES } from '../../../test/support/fse2/testdata.ts';
import { createCdaValidatorPool } from '../validation/pool.ts';
import type { CdaValidator } from '../validation/types.ts';
import { convertCdaToFhir } from './convert.ts';

const DOCUMENT_REFERENCE_ID = '0b9b2c1e-6f1a-4c7e-9a55-3f0d2f2b6a11';
const NOW = new Date('2026-03-01T09:30:00.000Z');

describe('the FHIR conversion made on a validation thread (ADR 0027)', () => {
  let pool: CdaValidator;
  beforeAll(async () => {
    pool = await createCdaValidatorPool({ size: 1 });
  }, 120_000);
  afterAll(async () => {
    await pool.close();
  });

  it("equals the event loop's conversion of the same CDA, for every national example accepted", async () => {
    let converted = 0;
    for (const name of readdirSync(FSE2_EXAMPLES).filter((f) => f.endsWith('.xml'))) {
      const cda = readFileSync(join(FSE2_EXAMPLES, name));
      const request = { documentReferenceId: DOCUMENT_REFERENCE_ID, now: NOW };
      const result = await pool.validate(cda, { convertToFhir: request });
      const here = convertCdaToFhir(cda, request);
      if (!here.ok) throw new Error(`${name}: ${here.message}`);
      if (!result.valid) {
        // A refused document is never filed: no conversion is made for it.
        expect(result.conversion, name).toBeUndefined();
        continue;
      }
      expect(result.conversion, name).toEqual({
        ok: true,
        documentReferenceId: DOCUMENT_REFERENCE_ID,
        bundle: here.bundle,
        documentType: here.documentType,
      });
      converted += 1;
    }
    expect(converted).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('is not made unless asked for, so the CLI and the validation answers are unchanged', async () => {
    const result = await pool.validate(readFileSync(join(FSE2_EXAMPLES, 'LAB.xml')));
    expect(result.valid).toBe(true);
    expect('conversion' in result).toBe(false);
  }, 120_000);
});
