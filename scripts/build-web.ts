import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

/**
 * `npm start` runs this first: it builds the web app when web/dist is missing or
 * older than any source file (≈2 s), so a fresh clone serves the UI at once.
 */
const root = path.resolve(import.meta.dirname, '..', 'web');
const index = path.join(root, 'dist', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(index) || statSync(index).mtimeMs < newestMtime(root)) {
  process.stdout.write('building the web app…\n');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
}
