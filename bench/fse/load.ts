import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentReference } from '@medplum/fhirtypes';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FSE_CLASSES, SYSTEMS, type FseClass } from '../../src/records/fhir/codes.ts';
import { documentColumns } from '../../src/records/store/extract.ts';
import type { Columns } from '../../src/records/store/writes.ts';

/** Class mix of a long-lived record: mostly reports, then letters, ER reports, prescriptions. */
const MIX: readonly (readonly [FseClass, number])[] = [
  ['REF', 0.7],
  ['LDO', 0.1],
  ['VRB', 0.08],
  ['PRS', 0.07],
  ['VAC', 0.02],
  ['CER', 0.02],
  ['ESE', 0.01],
];
const FAMILIES = [
  'Rossi',
  'Bianchi',
  'Colombo',
  'Ferrari',
  'Ronchi',
  'Brambilla',
  'Galli',
  'Fumagalli',
  'Mariani',
  'Bellini',
];
const GIVEN = ['Anna', 'Luca', 'Giulia', 'Marco', 'Paola', 'Stefano', 'Chiara', 'Francesca'];

const classOf = (i: number): FseClass => {
  const x = ((i * 2_654_435_761) % 1_000) / 1_000; // a fixed, well-spread pseudo-random mix
  let acc = 0;
  for (const [cls, share] of MIX) if (x < (acc += share)) return cls;
  return 'REF';
};

/** COPY text format: backslash, tab and newlines escaped; \N is null. */
function field(value: Columns[string] | string): string {
  if (value === null) return '\\N';
  let text: string;
  if (Array.isArray(value))
    text = `{${value.map((v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Bulk-loads `count` DocumentReferences for one patient with COPY (not through the
 * API, which bench/fse measures separately): the same JSON and the same search
 * columns the API writes, via the same extraction function, spread over 20 years.
 * Secondary indexes are dropped for the load and rebuilt after, as a migration of
 * existing data would do (rebuilding is several times faster than maintaining them row by row).
 */
export async function bulkLoadDocuments(
  pool: pg.Pool,
  options: { patientId: number; facilityId: number; binaryId: string; count: number },
): Promise<{ seconds: number; rowsPerSecond: number }> {
  const client = await pool.connect();
  const started = performance.now();
  try {
    await client.query('SET synchronous_commit = off');
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'fhir_document_reference'
       AND indexname NOT IN ('fhir_document_reference_pkey', 'fhir_document_reference_master_identifier_key')`,
    );
    for (const ix of indexes.rows) await client.query(`DROP INDEX ${client.escapeIdentifier(ix.indexname)}`);
    const now = Date.now();
    const spanMs = 20 * 365 * 86_400_000;
    const row = (i: number): Record<string, Columns[string]> => {
      const cls = classOf(i);
      const at = new Date(now - Math.floor((i / options.count) * spanMs) - (i % 997) * 1000);
      const id = randomUUID();
      const doc: DocumentReference = {
        resourceType: 'DocumentReference',
        id,
        meta: { versionId: '1', lastUpdated: at.toISOString() },
        contained: [
          {
            resourceType: 'Practitioner',
            id: 'author',
            name: [{ family: FAMILIES[i % FAMILIES.length] ?? 'Rossi', given: [GIVEN[i % GIVEN.length] ?? 'Anna'] }],
          },
        ],
        masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:oid:2.25.9${i}` },
        status: 'current',
        type: { coding: [{ system: SYSTEMS.loinc, code: FSE_CLASSES[cls].loinc[0] }] },
        category: [{ coding: [{ system: SYSTEMS.documentClass, code: cls, display: FSE_CLASSES[cls].it }] }],
        subject: { reference: `Patient/${options.patientId}` },
        date: at.toISOString(),
        author: [{ reference: '#author' }],
        description: `${FSE_CLASSES[cls].it} n. ${i}`,
        content: [
          {
            attachment: {
              contentType: 'application/pdf',
              url: `Binary/${options.binaryId}`,
              size: 51_200,
              hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
              creation: at.toISOString(),
            },
            format: {
              system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
              code: 'urn:ihe:iti:xds-sd:pdf:2008',
            },
          },
        ],
      };
      return {
        id,
        version_id: 1,
        last_updated: at,
        content: JSON.stringify(doc),
        ...documentColumns(
          doc,
          { patientId: options.patientId, authorFacilityId: options.facilityId, authorOperatorId: null },
          {
            masterIdentifier: `urn:ietf:rfc:3986|urn:oid:2.25.9${i}`,
            contentSha1: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
            binaryId: options.binaryId,
            submissionId: null,
            docClass: cls,
            hidden: false,
          },
          at,
        ),
      };
    };
    const columns = Object.keys(row(0));
    function* text(): Generator<string> {
      let buffer = '';
      for (let i = 0; i < options.count; i++) {
        const r = row(i);
        buffer += `${columns.map((c) => field(r[c] ?? null)).join('\t')}\n`;
        // ≈1,000 rows per chunk keeps the stream's per-write overhead negligible.
        if (i % 1_000 === 999) {
          yield buffer;
          buffer = '';
        }
      }
      if (buffer !== '') yield buffer;
    }
    await client.query('BEGIN');
    await pipeline(
      Readable.from(text()),
      client.query(copyFrom(`COPY fhir_document_reference (${columns.join(', ')}) FROM STDIN`)),
    );
    await client.query('COMMIT');
    for (const ix of indexes.rows) await client.query(ix.indexdef);
    await client.query('ANALYZE fhir_document_reference');
  } finally {
    client.release();
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds: Number(seconds.toFixed(1)), rowsPerSecond: Math.round(options.count / seconds) };
}
