import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSE2_EXAMPLES, FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { createCdaValidator, type CdaValidator } from '../index.ts';

let validator: CdaValidator;
beforeAll(async () => {
  validator = await createCdaValidator();
});
afterAll(async () => {
  await validator.close();
});

const example = (name: string): Buffer => readFileSync(join(FSE2_EXAMPLES, `${name}.xml`));
const ids = (findings: { id: string }[]): string[] => [...new Set(findings.map((f) => f.id))].sort();

describe('national examples against the pinned catalog', () => {
  const expected: [string, string, string][] = [
    ['LAB', 'LAB', 'schematronFSE_LAB_v27.1.sch'],
    ['LDO', 'LDO', 'schematronFSE_LDO_v5.5.sch'],
    ['PSS', 'PSS', 'schematron_PSS_v4.0.sch'],
    ['RAD', 'RAD', 'schematronFSE_RAD_v4.1.sch'],
    ['RAP', 'RAP', 'schematronFSE_RAP_1.4.sch'],
    ['RSA', 'RSA', 'schematron_RSA_v8.3.sch'],
    ['SING_VACC', 'SING_VACC', 'schematron_singola_VACC_v3.3.sch'],
    ['CERT_VACC', 'CERT_VACC', 'schematron_certificato_VACC_v2.4.sch'],
  ];
  it.each(expected)('%s is valid, typed and checked with its catalog schematron', async (file, type, schematron) => {
    const result = await validator.validate(example(file));
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ valid: true, documentType: type, catalogVersion: 'it-fse-catalogs@72228d8' });
    expect(result.schematron?.name).toBe(schematron);
  });

  it(
    'VPS.xml fails VPS v3.8 exactly as the material says ' + '(legalAuthenticator addr without streetAddressLine)',
    async () => {
      const result = await validator.validate(example('VPS'));
      expect(result).toMatchObject({ valid: false, documentType: 'VPS', schematron: { version: '3.8' } });
      expect(ids(result.errors)).toEqual(['ERRORE-46a', 'ERRORE-56']);
      expect(result.errors[0]?.location).toBe('/ClinicalDocument[1]/legalAuthenticator[1]/assignedEntity[1]/addr[1]');
      // Its VPS codes (TipoLuogo_VPS...) are in tables the catalog whitelists: accepted, and said to be unchecked.
      expect(result.unchecked).toContainEqual(
        expect.objectContaining({ codeSystem: '2.16.840.1.113883.2.9.1.11.1.2.10', reason: 'whitelisted' }),
      );
    },
  );

  it('lists LOINC as unchecked (its table is absent) and never as an error', async () => {
    const result = await validator.validate(example('LAB'));
    expect(result.unchecked).toContainEqual({
      codeSystem: '2.16.840.1.113883.6.1',
      codeSystemName: 'LOINC',
      occurrences: 7,
      reason: 'absent',
    });
  });
});

describe('schematron semantics', () => {
  it('a fired report is a warning with its Wnnn id, the document stays valid', async () => {
    const xml = example('VPS').toString('utf8').replace('displayName="Verbale di Pronto Soccorso"', 'displayName="x"');
    const result = await validator.validate(Buffer.from(xml));
    expect(result.warnings.map((w) => w.id)).toContain('W001');
    expect(result.warnings.find((w) => w.id === 'W001')?.location).toBe('/ClinicalDocument[1]');
  });

  it('--schematron replaces the catalog choice', async () => {
    const file = join(FSE2_TESTDATA, 'validator-corpus', 'schematronLDO', 'schV3', 'schematronFSE_LDO_V4.8.sch');
    const result = await validator.validate(example('LDO'), { schematronFile: file });
    expect(result.schematron).toEqual({ name: 'schematronFSE_LDO_V4.8.sch', version: '4.8' });
  });

  it('a document whose templateId names no catalog schematron is refused with a TEMPLATE error', async () => {
    const xml = example('LAB').toString('utf8').replace('root="2.16.840.1.113883.2.9.10.1.1"', 'root="1.2.3"');
    const result = await validator.validate(Buffer.from(xml));
    expect(result).toMatchObject({ valid: false, documentType: null, schematron: null });
    expect(ids(result.errors)).toEqual(['TEMPLATE']);
  });
});

describe('XML Schema and terminology', () => {
  it('chooses the schema by typeId@extension and refuses an unknown one', async () => {
    const xml = example('LAB').toString('utf8').replace('extension="POCD_MT000040UV02"', 'extension="POCD_XX"');
    const result = await validator.validate(Buffer.from(xml));
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.message).toContain('typeId@extension "POCD_XX"');
  });

  it('reports an element the schema does not allow, with its line, and stops before the schematron', async () => {
    const xml = example('LAB').toString('utf8').replace('<realmCode', '<unexpected/><realmCode');
    const result = await validator.validate(Buffer.from(xml));
    expect(result).toMatchObject({ valid: false, schematron: null });
    expect(result.errors[0]).toMatchObject({ id: 'XSD', location: expect.stringMatching(/^\d+:\d+$/) as unknown });
  });

  it('refuses a code absent from its catalog value set (confidentiality 2.16.840.1.113883.5.25)', async () => {
    const xml = example('LAB')
      .toString('utf8')
      .replace(/(<confidentialityCode[^>]*code=")[A-Z]+"/, '$1Q"');
    const result = await validator.validate(Buffer.from(xml));
    expect(result.errors).toContainEqual(
      expect.objectContaining({ id: 'TERMINOLOGY', message: expect.stringContaining('"Q"') as unknown }),
    );
  });
});
