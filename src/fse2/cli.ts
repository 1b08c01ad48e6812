/**
 * `npm run --silent fse -- validate [--schematron FILE] FILE...`: one JSON line per file, exit code 1 when any file is
 * invalid or unreadable, 2 on usage errors. The catalog is loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { createCdaValidator } from './index.ts';

function usage(): never {
  process.stderr.write('usage: npm run --silent fse -- validate [--schematron FILE] FILE...\n');
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'validate') usage();
let schematronFile: string | undefined;
const files: string[] = [];
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i] ?? '';
  if (arg === '--schematron') {
    schematronFile = rest[++i];
    if (!schematronFile) usage();
  } else files.push(arg);
}
if (files.length === 0) usage();

const validator = await createCdaValidator();
let allValid = true;
for (const file of files) {
  let line: Record<string, unknown>;
  try {
    const bytes = readFileSync(file);
    const result = await validator.validate(bytes, schematronFile ? { schematronFile } : {});
    line = { file, ...result };
    allValid &&= result.valid;
  } catch (error) {
    allValid = false;
    const message = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    line = {
      file,
      valid: false,
      documentType: null,
      schematron: null,
      catalogVersion: validator.catalogVersion,
      errors: [{ id: 'FILE', message: `cannot read or validate the file: ${message}`, location: '' }],
      warnings: [],
      unchecked: [],
    };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
await validator.close();
process.exitCode = allValid ? 0 : 1;
