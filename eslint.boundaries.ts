// Module boundaries (docs/adr/0008-module-boundaries.md), read by eslint.config.js, by test/boundaries.test.ts
// and by scripts/module-imports.ts. TypeScript: ESLint runs on the project's Node 24, which strips the types.
// A folder of src/ is a module unless it is one of the platform layers below.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter } from 'eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** Platform layers and the layers each may import; every module may import every layer. */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  shared: [],
  db: ['shared'],
  http: ['shared', 'db'],
  jobs: ['shared', 'db'],
};

/** The modules, read from src/, so a new module (fse2) is under the rule the day its folder lands. */
export function modulesIn(srcDir: string): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !Object.hasOwn(LAYERS, entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Which other modules each module may import (through their index.ts). A module missing here may import
 * none. The graph is acyclic (test/boundaries.test.ts checks it), so no chain of modules comes back to
 * where it started; docs/architecture.md draws these arrows.
 */
export const MODULE_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  registry: [],
  notify: [],
  identity: ['registry'],
  campaigns: ['registry'],
  waitroom: [],
  certificates: ['identity', 'notify'],
  scheduling: ['registry'],
  records: ['identity', 'notify', 'registry'],
  dashboard: [],
  fse2: ['records'],
};

/**
 * Test scaffolding still in a module folder (records/testing-clients.ts, certificates/testing/): issue 18
 * item 3 moves it to test/support/<module>/, and this exception ends with the last of those files.
 */
function scaffolding(srcDir: string, module: string): string[] {
  return ['./testing.ts', './testing-clients.ts', './testing'].filter((path) => existsSync(join(srcDir, module, path)));
}

export interface Zone {
  readonly target: string | string[];
  readonly from: string | string[];
  readonly except?: string[];
  readonly message: string;
}

/** `import-x/no-restricted-paths` zones for src/ (paths relative to the repository root). */
export function boundaryZones(srcDir: string): Zone[] {
  const modules = modulesIn(srcDir);
  const src = (path: string): string => join('src', path);
  const zones: Zone[] = [];
  for (const module of modules) {
    const others = modules.filter((m) => m !== module && !(MODULE_DEPENDENCIES[module] ?? []).includes(m));
    if (others.length > 0) {
      zones.push({
        // Tests (*.test.ts) may compose other modules through their faces: they test the modules together.
        target: src(`${module}/**/!(*.test).ts`),
        from: others.map((m) => src(m)),
        message:
          `${module} may import only ${(MODULE_DEPENDENCIES[module] ?? []).join(', ') || 'no other module'} ` +
          '(eslint.boundaries.js).',
      });
    }
    // Everyone outside the module, the composition root included, sees only its public face.
    // db/schema.ts composes the modules' table types: it alone may read their db-types.ts.
    zones.push({
      target: [src(`!(${module}|db)/**`), src('*.ts')],
      from: src(module),
      except: ['./index.ts', ...scaffolding(srcDir, module)],
      message: `Import ${module} through its public face src/${module}/index.ts.`,
    });
    zones.push({
      target: src('db/**'),
      from: src(module),
      except: ['./db-types.ts'],
      message: "The db layer reads only the modules' table types (db-types.ts).",
    });
  }
  // The whole-database type gives typed access to every table: a module's code (tests too) works on
  // `Db<ItsTables>` (src/db/tables.ts), so reading or writing another module's table does not compile.
  zones.push({
    target: modules.map((m) => src(`${m}/**`)),
    from: src('db/schema.ts'),
    message:
      'A module never imports db/schema.ts: its code takes a handle typed with its own tables and the views it ' +
      'reads, Db<ItsTables> (src/db/tables.ts).',
  });
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    const forbidden = [...Object.keys(LAYERS).filter((l) => l !== layer && !allowed.includes(l)), ...modules];
    zones.push({
      target: src(`${layer}/**/!(*.test).ts`),
      from: forbidden.filter((f) => !(layer === 'db' && modules.includes(f))).map((f) => src(f)),
      message: `src/${layer} may import only ${allowed.join(', ') || 'itself'} (eslint.boundaries.js).`,
    });
  }
  return zones;
}

/**
 * The ESLint config block of the rule: another module's internals, a module outside the declared
 * dependencies, a layer importing upwards, and any import cycle fail the lint. `import type` counts:
 * import-x reads TypeScript files only when told their extensions and parser.
 */
export function boundaryConfig(root: string): Linter.Config {
  return {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX as unknown as NonNullable<Linter.Config['plugins']>[string] },
    settings: {
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones(join(root, 'src')), basePath: root }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  };
}
