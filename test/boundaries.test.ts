import { ESLint, type Linter } from 'eslint';
import { resolve } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaryConfig, LAYERS, MODULE_DEPENDENCIES, modulesIn } from '../eslint.boundaries.ts';

const root = resolve(import.meta.dirname, '..');
const src = resolve(root, 'src');

/**
 * The boundary rules of eslint.config.js alone, without the type-aware rules: linting one file with the
 * whole typed config builds a TypeScript program of the project (about 30 s on CI's two cores).
 */
const boundaryOnly: Linter.Config[] = [{ ...boundaryConfig(root), languageOptions: { parser: tseslint.parser } }];

async function problems(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: boundaryOnly });
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the module boundary rule (docs/adr/0008-module-boundaries.md)', () => {
  it('is on, as an error, in the project config for every file of src/', async () => {
    const config = (await new ESLint({ cwd: root }).calculateConfigForFile(
      resolve(root, 'src/campaigns/index.ts'),
    )) as Linter.Config;
    expect(config.rules?.['import-x/no-restricted-paths']).toEqual([2, expect.anything()]);
    expect(config.rules?.['import-x/no-cycle']).toEqual([2, expect.anything()]);
  });

  it("fails an import of another module's internals, and passes the same module's public face", async () => {
    expect(
      await problems('src/records/api/service.ts', "import { storeWrites } from '../../registry/repository.ts';"),
    ).toEqual([expect.stringMatching(/Import registry through its public face src\/registry\/index\.ts/)]);
    expect(
      await problems('src/records/api/service.ts', "import { registryRepository } from '../../registry/index.ts';"),
    ).toEqual([]);
  });

  it('fails an import of a module that is not among the declared dependencies, face or not', async () => {
    expect(
      await problems('src/campaigns/enrollment.ts', "import { writes } from '../records/store/writes.ts';"),
    ).toEqual([
      expect.stringMatching(/campaigns may import only registry/),
      expect.stringMatching(/Import records through its public face/),
    ]);
    expect(await problems('src/registry/people.ts', "import { smsText } from '../campaigns/index.ts';")).toEqual([
      expect.stringMatching(/registry may import only no other module/),
    ]);
  });

  it('keeps the layers apart: shared imports no module and no db, http imports no module', async () => {
    expect(await problems('src/shared/outbox.ts', "import type { Database } from '../db/schema.ts';")).toEqual([
      expect.stringMatching(/src\/shared may import only itself/),
    ]);
    expect(await problems('src/http/app.ts', "import { createIdentityModule } from '../identity/index.ts';")).toEqual([
      expect.stringMatching(/src\/http may import only shared, db/),
    ]);
  });

  it("fails a module's import of the whole-database type, and passes the composition root's", async () => {
    expect(
      await problems('src/certificates/repository.ts', "import type { Database } from '../db/schema.ts';"),
    ).toEqual([expect.stringMatching(/A module never imports db\/schema\.ts/)]);
    expect(
      await problems('src/fse2/gateway/repository.ts', "import type { Database } from '../../db/schema.ts';"),
    ).toEqual([expect.stringMatching(/A module never imports db\/schema\.ts/)]);
    expect(await problems('src/modules.ts', "import type { Database } from './db/schema.ts';")).toEqual([]);
  });

  it('fails an import cycle', async () => {
    // estimate.ts imports load.ts: load.ts importing estimate.ts back closes a cycle.
    expect(await problems('src/waitroom/load.ts', "import { effectiveRate } from './estimate.ts';")).toEqual([
      expect.stringMatching(/^import-x\/no-cycle: Dependency cycle detected/),
    ]);
  });
});

describe('the declared module dependencies', () => {
  it('name every module of src/ and only modules', () => {
    expect(Object.keys(MODULE_DEPENDENCIES).sort()).toEqual(modulesIn(src));
    for (const dependencies of Object.values(MODULE_DEPENDENCIES)) {
      for (const dependency of dependencies) expect(modulesIn(src)).toContain(dependency);
    }
    for (const layer of Object.keys(LAYERS)) expect(modulesIn(src)).not.toContain(layer);
  });

  it('form no cycle, so no chain of module imports comes back to where it started', () => {
    const graph: Record<string, readonly string[]> = MODULE_DEPENDENCIES;
    const done = new Set<string>();
    const onPath: string[] = [];
    const cycles: string[] = [];
    const visit = (module: string): void => {
      if (onPath.includes(module)) cycles.push([...onPath.slice(onPath.indexOf(module)), module].join(' -> '));
      if (done.has(module) || onPath.includes(module)) return;
      onPath.push(module);
      for (const next of graph[module] ?? []) visit(next);
      onPath.pop();
      done.add(module);
    };
    for (const module of Object.keys(graph)) visit(module);
    expect(cycles).toEqual([]);
  });
});
