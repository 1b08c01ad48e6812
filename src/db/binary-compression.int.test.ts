import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDebianPostgres, type DebianPostgres } from '../../test/helpers/debian-postgres.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { FSE2_TESTDATA } from '../../test/support/fse2/testdata.ts';
import { createDb } from './database.ts';
import { migrate } from './migrate.ts';

// Migration 0041 (ADR 0028): stored PDFs compressed with LZ4 where the server has it, pglz where it does not.
const pdf = readFileSync(path.join(FSE2_TESTDATA, 'publication-samples', 'accreditamento', 'SIGNED_RAD1.pdf'));
const COLUMNS = `SELECT c.relname AS table, a.attcompression AS compression
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE (c.relname, a.attname) IN (('fhir_binary', 'data'), ('fse2_forward_outbox', 'file')) ORDER BY c.relname`;

/** Stores the sample PDF in an outbox row and reads back the bytes and how the value was compressed. */
async function storeSample(client: pg.Client | pg.Pool): Promise<{ data: Buffer; method: string | null }> {
  const key = randomUUID();
  await client.query(
    `INSERT INTO fse2_forward_outbox (idempotency_key, chain, identificativo_doc, operation, request, file)
     VALUES ($1, $1, $1, 'create', '{}', $2)`,
    [key, pdf],
  );
  const { rows } = await client.query<{ data: Buffer; method: string | null }>(
    'SELECT file AS data, pg_column_compression(file) AS method FROM fse2_forward_outbox WHERE idempotency_key = $1',
    [key],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('the row was not stored');
  return row;
}

describe('stored files on Debian PostgreSQL 15 (the production version, built with LZ4)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'salus-lz4-'));
  let server: DebianPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    server = await startDebianPostgres(dir, await freePort());
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const database = `lz4_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    pool = createDb({ url: url.toString(), poolMax: 2 }).pool;
    await migrate(pool);
  }, 120_000);

  afterAll(async () => {
    await pool.end();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compresses the binary and outbox columns with LZ4, and a PDF reads back byte for byte', async () => {
    const { rows } = await pool.query<{ table: string; compression: string }>(COLUMNS);
    expect(rows).toEqual([
      { table: 'fhir_binary', compression: 'l' },
      { table: 'fse2_forward_outbox', compression: 'l' },
    ]);
    const stored = await storeSample(pool);
    expect(stored.method).toBe('lz4');
    expect(Buffer.compare(stored.data, pdf)).toBe(0);
  });
});

describe('stored files on a PostgreSQL without LZ4 (the embedded one the tests run)', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test.drop();
  });

  it('applied 0041 all the same, keeping pglz, and a PDF reads back byte for byte', async () => {
    const client = new pg.Client({ connectionString: test.ownerUrl });
    await client.connect();
    try {
      // The server's own answer to LZ4, asked apart from the migration: this build refuses it.
      await expect(client.query('CREATE TEMP TABLE probe (b bytea COMPRESSION lz4)')).rejects.toMatchObject({
        code: '0A000',
      });
      const { rows } = await client.query<{ table: string; compression: string }>(COLUMNS);
      expect(rows).toEqual([
        { table: 'fhir_binary', compression: '' },
        { table: 'fse2_forward_outbox', compression: '' },
      ]);
      const stored = await storeSample(client);
      expect(stored.method).toBe('pglz');
      expect(Buffer.compare(stored.data, pdf)).toBe(0);
    } finally {
      await client.end();
    }
  });
});
