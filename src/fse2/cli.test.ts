import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FSE2_CORPUS, FSE2_EXAMPLES } from '../../test/support/fse2/testdata.ts';

const cli = join(import.meta.dirname, 'cli.ts');

function run(...args: string[]): { status: number | null; lines: Record<string, unknown>[] } {
  const out = spawnSync(process.execPath, [cli, 'validate', ...args], { encoding: 'utf8', timeout: 120_000 });
  return {
    status: out.status,
    lines: out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

it('prints one JSON line per file, unreadable files included, and exits 1 when any is invalid', () => {
  const lab = join(FSE2_EXAMPLES, 'LAB.xml');
  const { status, lines } = run(lab, '/nonexistent/doc.xml');
  expect(status).toBe(1);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatchObject({
    file: lab,
    valid: true,
    documentType: 'LAB',
    schematron: { name: 'schematronFSE_LAB_v27.1.sch', version: '27.1' },
    catalogVersion: 'it-fse-catalogs@72228d8',
    errors: [],
    warnings: [],
  });
  expect(Object.keys(lines[0] ?? {})).toEqual(
    expect.arrayContaining(['file', 'valid', 'documentType', 'schematron', 'errors', 'warnings', 'unchecked']),
  );
  expect(lines[1]).toMatchObject({ file: '/nonexistent/doc.xml', valid: false, errors: [{ id: 'FILE' }] });
});

it('--schematron replaces the catalog choice, and the exit code follows the validity', () => {
  const sch = join(FSE2_CORPUS, 'schematronLDO', 'schV3', 'schematronFSE_LDO_V4.8.sch');
  const { status, lines } = run('--schematron', sch, join(FSE2_EXAMPLES, 'RSA.xml'));
  expect(lines[0]).toMatchObject({ schematron: { name: 'schematronFSE_LDO_V4.8.sch', version: '4.8' } });
  expect(status).toBe(lines[0]?.valid ? 0 : 1);
});
