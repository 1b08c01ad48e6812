/**
 * DCC JSON schema validation (Ajv, draft 2020-12). The schema files are read from
 * a directory passed in, so the codec carries no path into the rest of the repo.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CertificateType, SchemaValidator } from './types.ts';

const SCHEMA_FILE = 'DCC.combined-schema.json';

/**
 * Default location of the reference schemas: `shared/testdata/dcc-schema` beside the
 * repository (CI clones the repo next to `shared/`, so no absolute path is used).
 */
export function defaultSchemaDir(): string {
  // Shipped with the code (see ../schema/README.md): the service must not depend on test data.
  return join(import.meta.dirname, '..', 'schema');
}

/**
 * Loads every `<x.y.z>/DCC.combined-schema.json` under `schemaDir` and returns a
 * validator that picks the schema by the payload's `ver` (pickSchema), so a payload
 * meets the rules it was issued under: 1.0.x requires a full `dob` and allows several
 * entries in a group; 1.3.0 allows a partial `dob` but one entry per group.
 */
export function loadDccSchema(
  schemaDir: string = defaultSchemaDir(),
  options: { formats: FormatMode } = { formats: 'assert' },
): SchemaValidator {
  const versions = readdirSync(schemaDir)
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name) && existsSync(join(schemaDir, name, SCHEMA_FILE)))
    .sort(compareVersions);
  if (versions.length === 0) throw new Error(`no DCC schema found under ${schemaDir}`);
  // Read (and parsed) now, so a missing or broken file stops the start; compiled at first use of each version:
  // one compilation costs ~80 ms of CPU, a start made eight (four versions, two modes: 0.62 s) and most
  // processes validate against one or two versions, or none (every test platform, each `dcc` CLI call).
  const validators = versions.map((version) => {
    const schema = JSON.parse(readFileSync(join(schemaDir, version, SCHEMA_FILE), 'utf8')) as object;
    let compiled: ValidateFunction | null = null;
    return { version, validator: () => (compiled ??= compile(schema, options.formats)) };
  });
  return (payload) => {
    const ver = isRecord(payload) && typeof payload.ver === 'string' ? payload.ver : '';
    const chosen = pickSchema(validators, ver);
    const validate = chosen.validator();
    if (!validate(payload)) {
      const first = validate.errors?.[0];
      const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid';
      return { ok: false, reason: `schema ${chosen.version}: ${where.trim()}` };
    }
    const groups = certificateTypes(payload);
    if (groups.length !== 1) return { ok: false, reason: `expected exactly one of v, t, r; found ${groups.length}` };
    return { ok: true, reason: `schema ${chosen.version}` };
  };
}

/** The certificate groups (v, t, r) present in a payload. */
export function certificateTypes(payload: unknown): CertificateType[] {
  if (!isRecord(payload)) return [];
  return (['v', 't', 'r'] as const).filter((key) => key in payload);
}

/**
 * How `format` counts. The schemas declare JSON Schema 2020-12, whose default dialect
 * makes `format` an annotation (2020-12 Validation §7.2.1, format-annotation
 * vocabulary), and the reference harness of the EU test vectors follows it: dgc-testdata
 * tests/test_ehealth_certs.py calls Python `jsonschema.validate` with the schema of the
 * payload's `ver` and no format checker, so `pattern`, `type`, `required`, `maxItems`...
 * count and `format` does not. A verifier therefore uses 'annotate': a
 * 1.0.0 payload with a date-time in `dt` is valid, as its issuer and the reference
 * hold; the rules, which read the dates, refuse what they cannot parse. Salus as an
 * issuer uses 'assert' (the default): it signs only full dates and offset date-times.
 */
export type FormatMode = 'assert' | 'annotate';

/** `valueset-uri` is an annotation in both modes: codes are not checked against value sets (schema README). */
function compile(schema: object, formats: FormatMode): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: false, validateFormats: formats === 'assert' });
  if (formats === 'assert') addFormats.default(ajv, ['date', 'date-time']);
  ajv.addKeyword('valueset-uri');
  return ajv.compile(schema);
}

/**
 * The schema for a payload's `ver` (EU DCC JSON schema, eu-dcc-schema CHANGELOG):
 * the newest shipped schema of the same major.minor not newer than `ver` (1.3.2 →
 * 1.3.0), else the oldest of that major.minor (1.3.0 beside 1.3.3). A minor without
 * its own file takes the next newer one: 1.1.x → 1.2.1, whose validation keywords
 * are those of 1.1.0 (1.2 renamed DGC to DCC in titles and descriptions only). A
 * `ver` newer than every schema, or unreadable, takes the newest.
 */
export function pickSchema<T extends { version: string }>(sorted: readonly T[], ver: string): T {
  const newest = sorted[sorted.length - 1];
  if (newest === undefined) throw new Error('no schema');
  if (!/^\d+\.\d+\.\d+$/.test(ver)) return newest;
  const family = (version: string) => version.split('.').slice(0, 2).join('.');
  const sameFamily = sorted.filter((candidate) => family(candidate.version) === family(ver));
  if (sameFamily.length > 0) {
    const notNewer = sameFamily.filter((candidate) => compareVersions(candidate.version, ver) <= 0);
    return notNewer[notNewer.length - 1] ?? sameFamily[0] ?? newest;
  }
  return sorted.find((candidate) => compareVersions(candidate.version, ver) > 0) ?? newest;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
