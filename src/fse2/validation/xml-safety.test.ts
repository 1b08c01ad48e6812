/**
 * Hostile and unusual input: every case gets an answer (no throw, no hang), and nothing is fetched or expanded.
 * Limits: documents over 20 MiB are refused before decoding; any DOCTYPE/ENTITY is refused before parsing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { createCdaValidator, type CdaValidator } from '../index.ts';

let validator: CdaValidator;
beforeAll(async () => {
  validator = await createCdaValidator();
});
afterAll(async () => {
  await validator.close();
});

const encoded = join(FSE2_TESTDATA, 'publication-samples', 'attachment', 'encoded-cda');

describe('XML safety', () => {
  it('refuses a billion-laughs document without expanding it', async () => {
    const lol = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${lol.join('')}]><ClinicalDocument>&lol9;</ClinicalDocument>`;
    const result = await validator.validate(Buffer.from(xml));
    expect(result).toMatchObject({ valid: false, errors: [{ id: 'XML' }] });
    expect(result.errors[0]?.message).toContain('DOCTYPE');
  });

  it('refuses an external entity (no file or network read)', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<ClinicalDocument xmlns="urn:hl7-org:v3">&x;</ClinicalDocument>';
    const result = await validator.validate(Buffer.from(xml));
    expect(result).toMatchObject({ valid: false, errors: [{ id: 'XML' }] });
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('refuses a 50 MB document by its size, before parsing it', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    big.write('<ClinicalDocument xmlns="urn:hl7-org:v3">');
    const result = await validator.validate(big);
    expect(result).toMatchObject({ valid: false, errors: [{ id: 'XML' }] });
    expect(result.errors[0]?.message).toContain('exceeds the limit of 20971520 bytes');
  });

  it('answers broken XML with a parse error', async () => {
    const result = await validator.validate(Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><id></Clinical'));
    expect(result).toMatchObject({ valid: false, documentType: null, errors: [{ id: 'XML' }] });
    expect(result.errors[0]?.message).toContain('not well-formed');
  });

  it('answers an empty file and bytes that are not UTF-8', async () => {
    expect((await validator.validate(new Uint8Array())).errors[0]?.message).toBe('empty document');
    const latin = Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0xfd, 0x3c, 0x2f, 0x61, 0x3e]);
    expect((await validator.validate(latin)).errors[0]?.message).toContain('not valid UTF-8');
  });

  it('gives UTF-16 BE and LE documents the same answer as their UTF-8 original', async () => {
    const utf8 = await validator.validate(readFileSync(join(encoded, 'CDA-UTF-8.xml')));
    expect(utf8.documentType).toBe('LAB');
    for (const file of ['CDA-utf-16-BE.xml', 'CDA-utf-16-LE.xml']) {
      const result = await validator.validate(readFileSync(join(encoded, file)));
      expect(result).toEqual(utf8);
    }
  });
});
