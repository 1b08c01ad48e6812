import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR, type Migration } from './migrate.ts';

/**
 * migrations/manifest.sha256: the SHA-256 of every landed migration, in `sha256sum` format (so that
 * `sha256sum -c manifest.sha256` in migrations/ checks it too). The same digest migrate() records in
 * schema_migrations: a database refuses to start when a migration it applied changed, and this manifest makes
 * the build refuse it first, before any database sees it.
 */
export const MANIFEST_FILE = path.join(MIGRATIONS_DIR, 'manifest.sha256');

export const ADD_TO_MANIFEST = 'npm run migrations:manifest';

export interface ManifestEntry {
  readonly checksum: string;
  readonly file: string;
}

export const migrationFile = (migration: Migration): string =>
  `${String(migration.version).padStart(4, '0')}_${migration.name}.sql`;

export function parseManifest(text: string): ManifestEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const match = /^([0-9a-f]{64}) {2}(\d{4}_[a-z0-9_]+\.sql)$/.exec(line);
      if (match?.[1] === undefined || match[2] === undefined) {
        throw new Error(`${MANIFEST_FILE}:${index + 1}: not "<sha256>  NNNN_name.sql": ${line}`);
      }
      return { checksum: match[1], file: match[2] };
    });
}

export const formatManifest = (entries: readonly ManifestEntry[]): string =>
  entries.map((entry) => `${entry.checksum}  ${entry.file}\n`).join('');

export function readManifest(file: string = MANIFEST_FILE): ManifestEntry[] {
  return parseManifest(readFileSync(file, 'utf8'));
}

export interface ManifestCheck {
  /** Landed migrations whose file changed or is gone: never allowed. */
  readonly broken: string[];
  /** Migrations not in the manifest yet: allowed once added with `npm run migrations:manifest`. */
  readonly unlisted: Migration[];
}

export function checkManifest(migrations: readonly Migration[], entries: readonly ManifestEntry[]): ManifestCheck {
  const onDisk = new Map(migrations.map((migration) => [migrationFile(migration), migration]));
  const listed = new Set(entries.map((entry) => entry.file));
  const broken: string[] = [];
  for (const entry of entries) {
    const migration = onDisk.get(entry.file);
    if (migration === undefined) {
      broken.push(`${entry.file} landed (it is in migrations/manifest.sha256) and was deleted or renamed`);
    } else if (migration.checksum !== entry.checksum) {
      broken.push(`${entry.file} landed with sha256 ${entry.checksum} and was edited (now ${migration.checksum})`);
    }
  }
  return { broken, unlisted: migrations.filter((migration) => !listed.has(migrationFile(migration))) };
}

/**
 * Appends the migrations not in the manifest yet, and refuses (throws) if a listed one was edited or deleted:
 * the script never rewrites an existing entry.
 */
export function appendToManifest(migrations: readonly Migration[], file: string = MANIFEST_FILE): string[] {
  const entries = readManifest(file);
  const { broken, unlisted } = checkManifest(migrations, entries);
  if (broken.length > 0) {
    throw new Error(
      `landed migrations are never edited, renamed or deleted:\n  ${broken.join('\n  ')}\n` +
        'Restore them from main and make the change a new migration. A migration of your own branch that has not ' +
        'reached main yet may still change: delete its line from migrations/manifest.sha256 and run this again.',
    );
  }
  const added = unlisted.map((migration) => ({ checksum: migration.checksum, file: migrationFile(migration) }));
  writeFileSync(file, formatManifest([...entries, ...added]));
  return added.map((entry) => entry.file);
}
