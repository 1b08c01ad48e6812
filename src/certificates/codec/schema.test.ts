import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VACCINATION_PAYLOAD } from '../../../test/support/certificates/codec-keys.ts';
import { certificateTypes, defaultSchemaDir, loadDccSchema } from './schema.ts';

const schemaDir = defaultSchemaDir();
const validate = loadDccSchema(schemaDir);
// The upstream schema test payloads of tag 1.3.0 (see shared/testdata/dcc-schema/README.md).
const cases = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'testdata',
  'dcc-schema',
  '1.3.0-schema-testcases',
);

function payloads(dir: string): [string, unknown][] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown]);
}

describe('DCC schema', () => {
  it.each(payloads(join(cases, 'test', 'valid')))('accepts upstream valid case %s', (_name, payload) => {
    expect(validate(payload)).toMatchObject({ ok: true });
  });

  it.each(payloads(join(cases, 'examples')))('accepts upstream example %s', (_name, payload) => {
    expect(validate(payload)).toMatchObject({ ok: true });
  });

  it.each(payloads(join(cases, 'test', 'invalid')))('rejects upstream invalid case %s', (_name, payload) => {
    expect(validate(payload).ok).toBe(false);
  });

  it('picks the schema by ver: only 1.3.3 lets gnt stand without fnt', () => {
    const nameWithoutFnt = Object.fromEntries(Object.entries(VACCINATION_PAYLOAD.nam).filter(([key]) => key !== 'fnt'));
    const without = { ...VACCINATION_PAYLOAD, nam: nameWithoutFnt };
    expect(validate({ ...without, ver: '1.3.0' }).ok).toBe(false);
    expect(validate({ ...without, ver: '1.3.3' })).toMatchObject({ ok: true, reason: 'schema 1.3.3' });
    // Issue 22: a 1.0.0 payload meets the 1.0.0 schema, not 1.3.0.
    expect(validate({ ...VACCINATION_PAYLOAD, ver: '1.0.0' })).toMatchObject({ ok: true, reason: 'schema 1.0.0' });
  });

  it('rejects a payload with more than one certificate group', () => {
    const both = {
      ...VACCINATION_PAYLOAD,
      r: [{ tg: '840539006', fr: '2021-01-01', co: 'IT', is: 'x', df: '2021-01-12', du: '2021-06-30', ci: 'y' }],
    };
    expect(certificateTypes(both)).toEqual(['v', 'r']);
    expect(validate(both).ok).toBe(false);
  });

  it('reports a date-time without offset as invalid', () => {
    const t = {
      ...VACCINATION_PAYLOAD,
      v: undefined,
      t: [{ tg: '840539006', tt: 'LP6464-4', sc: '2021-06-01T10:00:00', tr: '260415000', co: 'IT', is: 'x', ci: 'y' }],
    };
    const result = validate(JSON.parse(JSON.stringify(t)));
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('/t/0/sc');
  });
});

describe('DCC schema loading', () => {
  // Each version compiles at its first use (a start compiled eight schemas, 0.62 s of CPU, before any was needed):
  // a schema Ajv cannot compile shows it, since loading passes and only a payload of that version meets it.
  it('reads every file at load but compiles a version only when a payload of that version comes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'salus-dcc-schema-'));
    try {
      cpSync(schemaDir, dir, { recursive: true });
      writeFileSync(join(dir, '1.0.0', 'DCC.combined-schema.json'), JSON.stringify({ type: 'no-such-type' }));
      const lazy = loadDccSchema(dir);
      expect(lazy({ ...VACCINATION_PAYLOAD, ver: '1.3.0' })).toMatchObject({ ok: true, reason: 'schema 1.3.0' });
      expect(() => lazy({ ...VACCINATION_PAYLOAD, ver: '1.0.0' })).toThrow(/no-such-type|type/);

      // A file that is not JSON still stops the load, as before.
      writeFileSync(join(dir, '1.2.1', 'DCC.combined-schema.json'), '{ not json');
      expect(() => loadDccSchema(dir)).toThrow(SyntaxError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
