/**
 * Lists the imports that cross a module boundary in src/ (issue 18): which module imports which file of
 * another module, so docs/architecture.md's diagram can be checked against the code. `--internals` lists only
 * the imports that skip the other module's public face (index.ts); the lint rule (docs/adr/0008) forbids them.
 *
 *   node scripts/module-imports.ts            # module -> module edges, with counts
 *   node scripts/module-imports.ts --files    # every importing file -> imported file
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LAYERS } from '../eslint.boundaries.ts';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const layers = new Set(Object.keys(LAYERS));

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && (process.argv.includes('--tests') || !/\.test\.tsx?$/.test(name))) yield path;
  }
}

/** `records`, `shared`…, or `root` for src/modules.ts, src/platform.ts and the other files directly in src/. */
function folderOf(path: string): string {
  const parts = relative(src, path).split('/');
  return parts.length > 1 ? (parts[0] ?? 'root') : 'root';
}

const importPattern = /(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gs;
const edges = new Map<string, number>();
const files: string[] = [];
for (const file of sourceFiles(src)) {
  const from = folderOf(file);
  for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
    const target = resolve(dirname(file), match[1] ?? match[2] ?? '');
    if (!target.startsWith(src + '/')) continue;
    const to = folderOf(target);
    if (to === from || layers.has(to) || to === 'root') continue;
    const face = relative(join(src, to), target) === 'index.ts';
    files.push(`${relative(root, file)} -> ${relative(root, target)}${face ? '' : '   (internal)'}`);
    const key = `${from} -> ${to}${face ? '' : ' (internal)'}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
}

const lines = process.argv.includes('--files') ? files : [...edges].map(([edge, count]) => `${edge}  x${count}`);
for (const line of lines.sort()) console.log(line);
