import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADD_TO_MANIFEST,
  appendToManifest,
  checkManifest,
  formatManifest,
  parseManifest,
  readManifest,
} from './manifest.ts';
import { readMigrations, type Migration } from './migrate.ts';

/*
 * Landed migrations are immutable (issue 18): a database that applied one keeps what it applied, so an edit
 * reaches new installations only and a deleted one leaves its tables behind. Two changes happened before this
 * rule was checked, and the manifest starts from the files as they are after them:
 * - 0005_campaigns.sql landed in c810855 and was edited in ce4d852 (2026-11-22, SPID citizens' phone);
 * - 0011_notify_jobs.sql (ad13b5f, reverted in cb19cf8 and restored in 02d3afe) was deleted and landed again as
 *   0013_notify_jobs.sql in cddc54e (2026-11-23, the notify relay).
 * The gaps in the numbering (0010, 0011, 0015, 0016, 0018-0021, 0023, 0024) are numbers that were assigned and
 * never landed.
 */
describe('landed migrations against migrations/manifest.sha256', () => {
  const migrations = readMigrations();
  const manifest = readManifest();

  it('no landed migration was edited, renamed or deleted', () => {
    const { broken } = checkManifest(migrations, manifest);
    expect(
      broken,
      'Landed migrations are never edited: restore the file from main (git checkout main -- migrations/<file>) ' +
        'and make the change a new migration, with the number assigned to you.',
    ).toEqual([]);
  });

  it('every migration is in the manifest', () => {
    const { unlisted } = checkManifest(migrations, manifest);
    expect(
      unlisted.map((migration) => `${String(migration.version).padStart(4, '0')}_${migration.name}.sql`),
      `A new migration goes into the manifest: run \`${ADD_TO_MANIFEST}\` and commit migrations/manifest.sha256 ` +
        'with it (the script appends it and refuses to change a landed entry).',
    ).toEqual([]);
  });

  it('lists the landed migrations once each, in version order', () => {
    const files = manifest.map((entry) => entry.file);
    expect(files).toEqual([...new Set(files)].sort());
    expect(files[0]).toBe('0001_registry.sql');
  });
});

describe('the manifest check', () => {
  const migration = (version: number, name: string, sql: string): Migration => ({
    version,
    name,
    sql,
    checksum: createHash('sha256').update(sql).digest('hex'),
  });
  const landed = [migration(1, 'first', 'CREATE TABLE a ();'), migration(2, 'second', 'CREATE TABLE b ();')];
  const entries = landed.map((m) => ({ checksum: m.checksum, file: `000${m.version}_${m.name}.sql` }));

  it('reports an edited, a deleted and a renumbered migration, and a new one as unlisted', () => {
    const edited = migration(1, 'first', 'CREATE TABLE a (x int);');
    const renumbered = { ...landed[1], version: 3 } as Migration;
    const { broken, unlisted } = checkManifest([edited, renumbered], entries);
    expect(broken).toEqual([
      `0001_first.sql landed with sha256 ${entries[0]?.checksum ?? ''} and was edited (now ${edited.checksum})`,
      '0002_second.sql landed (it is in migrations/manifest.sha256) and was deleted or renamed',
    ]);
    expect(unlisted).toEqual([renumbered]);
  });

  it('rejects a malformed line', () => {
    expect(() => parseManifest('abc  0001_first.sql\n')).toThrow('not "<sha256>  NNNN_name.sql"');
  });

  describe('npm run migrations:manifest', () => {
    let dir = '';
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const manifestFile = () => {
      dir = mkdtempSync(path.join(tmpdir(), 'salus-manifest-'));
      const file = path.join(dir, 'manifest.sha256');
      writeFileSync(file, formatManifest(entries));
      return file;
    };

    it('appends a new migration and keeps the landed entries as they are', () => {
      const file = manifestFile();
      const before = readFileSync(file, 'utf8');
      const added = migration(3, 'third', 'CREATE TABLE c ();');
      expect(appendToManifest([...landed, added], file)).toEqual(['0003_third.sql']);
      expect(readFileSync(file, 'utf8')).toBe(`${before}${added.checksum}  0003_third.sql\n`);
      expect(appendToManifest([...landed, added], file)).toEqual([]);
    });

    it('refuses to change the entry of an edited migration', () => {
      const file = manifestFile();
      const before = readFileSync(file, 'utf8');
      const edited = migration(2, 'second', 'DROP TABLE b;');
      expect(() => appendToManifest([...landed.slice(0, 1), edited], file)).toThrow(/never edited.*0002_second/s);
      expect(readFileSync(file, 'utf8')).toBe(before);
    });
  });
});
