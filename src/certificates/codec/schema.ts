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
 * validator that picks the schema by the payload's `ver`: the newest schema not
 * newer than `ver`, or the oldest one for older payloads. Older payloads (1.0.x to
 * 1.2.x) thus meet 1.3.0, which only relaxed earlier rules (e.g. partial dob).
 */
export function loadDccSchema(schemaDir: string = defaultSchemaDir()): SchemaValidator {
  const versions = readdirSync(schemaDir)
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name) && existsSync(join(schemaDir, name, SCHEMA_FILE)))
    .sort(compareVersions);
  if (versions.length === 0) throw new Error(`no DCC schema found under ${schemaDir}`);
  const validators = versions.map((version) => ({
    version,
    validate: compile(JSON.parse(readFileSync(join(schemaDir, version, SCHEMA_FILE), 'utf8')) as object),
  }));
  return (payload) => {
    const ver = isRecord(payload) && typeof payload.ver === 'string' ? payload.ver : '';
    const chosen = pickSchema(validators, ver);
    if (!chosen.validate(payload)) {
      const first = chosen.validate.errors?.[0];
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

function compile(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: false });
  addFormats.default(ajv, ['date', 'date-time']);
  // Annotation only: codes are not checked against value sets (see the schema README).
  ajv.addKeyword('valueset-uri');
  return ajv.compile(schema);
}

function pickSchema<T extends { version: string }>(sorted: readonly T[], ver: string): T {
  const oldest = sorted[0];
  if (oldest === undefined) throw new Error('no schema');
  if (!/^\d+\.\d+\.\d+$/.test(ver)) return sorted[sorted.length - 1] ?? oldest;
  let chosen = oldest;
  for (const candidate of sorted) if (compareVersions(candidate.version, ver) <= 0) chosen = candidate;
  return chosen;
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
