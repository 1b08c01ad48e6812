// `npm run migrations:manifest`: adds the new migrations in migrations/ to migrations/manifest.sha256, and
// refuses (exit 1) when a migration already listed was edited, renamed or deleted. Commit the manifest with
// the migration.
import { appendToManifest } from '../src/db/manifest.ts';
import { readMigrations } from '../src/db/migrate.ts';

try {
  const added = appendToManifest(readMigrations());
  process.stdout.write(added.length === 0 ? 'manifest up to date\n' : `added: ${added.join(', ')}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
