import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structuralProblems } from '../../../test/support/fse2/fhir-structure.ts';
import { FSE2_CORPUS, FSE2_EXAMPLES, FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { convertCdaToFhir, SOURCE_DOCUMENT_EXTENSION } from './index.ts';

const xmlIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(dir, f));
const folders = (label: string[]): string[] =>
  readdirSync(FSE2_CORPUS).flatMap((type) => label.map((l) => join(FSE2_CORPUS, type, l)).filter(exists));
const exists = (dir: string): boolean => {
  try {
    return readdirSync(dir).length >= 0;
  } catch {
    return false;
  }
};

// Documents the national validator accepts (OK, WARNING), the national examples, and the UTF-16/UTF-8 samples.
const accepted = [
  ...folders(['OK', 'WARNING']).flatMap(xmlIn),
  ...xmlIn(FSE2_EXAMPLES),
  ...xmlIn(join(FSE2_TESTDATA, 'publication-samples', 'attachment', 'encoded-cda')),
];
// Documents the national validator refuses: still CDA2s a producer could send; conversion must not crash on them.
const refused = folders(['KO', 'ERROR']).flatMap(xmlIn);
const SOURCE = 'DocumentReference/doc-under-test';

function convert(file: string): ReturnType<typeof convertCdaToFhir> {
  return convertCdaToFhir(readFileSync(file), { documentReferenceId: 'doc-under-test', now: new Date(0) });
}

describe('CDA2 -> FHIR over documents the converter was not written against', () => {
  it('finds the corpus (at least the 8 accepted corpus documents and 500 refused ones)', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(8 + 9 + 3);
    expect(refused.length).toBeGreaterThanOrEqual(500);
  });

  it('converts every accepted document into a structurally sound document Bundle with clinical resources', () => {
    const problems = accepted.flatMap((file) => {
      const result = convert(file);
      if (!result.ok) return [`${file}: ${result.message}`];
      const clinical = (result.bundle.entry ?? []).filter((e) =>
        ['Observation', 'Immunization', 'Condition', 'AllergyIntolerance', 'MedicationStatement'].includes(
          e.resource?.resourceType ?? '',
        ),
      );
      const empty = clinical.length === 0 ? [`${file}: no clinical resource`] : [];
      return [
        ...empty,
        ...structuralProblems(result.bundle, SOURCE, SOURCE_DOCUMENT_EXTENSION).map((p) => `${file}: ${p}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('never throws on a refused document, and whatever it converts is structurally sound', () => {
    let converted = 0;
    const problems = refused.flatMap((file) => {
      const result = convert(file);
      if (!result.ok) return [];
      converted += 1;
      return structuralProblems(result.bundle, SOURCE, SOURCE_DOCUMENT_EXTENSION).map((p) => `${file}: ${p}`);
    });
    expect(problems).toEqual([]);
    // Refused documents break schematron rules, not XML: nearly all of them still parse and convert.
    expect(converted).toBeGreaterThan(refused.length * 0.9);
    // 520 documents: about 10 s on an idle core, several times that on a shared 2-core machine.
  }, 300_000);

  it('gives the same Bundle for the same document and DocumentReference (deterministic ids)', () => {
    const file = join(FSE2_EXAMPLES, 'LAB.xml');
    expect(JSON.stringify(convert(file))).toBe(JSON.stringify(convert(file)));
  });

  it('answers unreadable input with a reason, never an exception, and never expands entities', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&b;</title></ClinicalDocument>';
    const external =
      '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<ClinicalDocument xmlns="urn:hl7-org:v3">&x;</ClinicalDocument>';
    const inputs = [laughs, external, '<ClinicalDocument xmlns="urn:hl7-org:v3">', '<html/>', ''];
    const answers = inputs.map((xml) =>
      convertCdaToFhir(new TextEncoder().encode(xml), { documentReferenceId: 'doc-under-test' }),
    );
    expect(answers.map((a) => a.ok)).toEqual([false, false, false, false, false]);
    expect(answers.map((a) => (a.ok ? '' : a.message.split(' ').slice(0, 3).join(' ')))).toEqual([
      'DOCTYPE and entity',
      'DOCTYPE and entity',
      'not well-formed XML:',
      'root element is',
      'empty document',
    ]);
  });
});
