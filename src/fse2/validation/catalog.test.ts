import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CATALOG_ENTRIES, DEFAULT_CATALOG_DIR, loadCatalog, schematronRef } from './catalog.ts';

it('maps every catalog schematron to the templateId root its ClinicalDocument rule asserts', () => {
  const dir = join(DEFAULT_CATALOG_DIR, 'schematron');
  const catalog = loadCatalog(DEFAULT_CATALOG_DIR);
  const mapped = [...catalog.byTemplateRoot.values()].map((e) => e.file).sort();
  expect(mapped).toEqual(readdirSync(dir).sort());
  for (const entry of CATALOG_ENTRIES) {
    const file = catalog.byTemplateRoot.get(entry.templateRoot)?.file ?? '';
    const text = readFileSync(join(dir, file), 'utf8');
    const clinicalDocumentRule = text.slice(text.search(/context="\/?(hl7|cda):ClinicalDocument"/));
    expect(clinicalDocumentRule, file).toContain(`templateId[@root='${entry.templateRoot}']`);
  }
});

it('reads the version from the file name', () => {
  expect(schematronRef('schematron_VPS_v3.8.sch')).toEqual({ name: 'schematron_VPS_v3.8.sch', version: '3.8' });
  expect(schematronRef('schematronFSE_RAP_1.4.sch').version).toBe('1.4');
  expect(schematronRef('schematron_certificato_VACC v1.3.sch').version).toBe('1.3');
});

it('loads the terminology tables by OID, LOINC absent', () => {
  const catalog = loadCatalog(DEFAULT_CATALOG_DIR);
  expect(catalog.codeSystems.get('2.16.840.1.113883.5.25')?.has('N')).toBe(true);
  expect(catalog.codeSystems.get('2.16.840.1.113883.6.103')?.has('300.01')).toBe(true);
  expect(catalog.codeSystems.has('2.16.840.1.113883.6.1')).toBe(false);
});
