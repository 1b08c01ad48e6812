import { join } from 'node:path';

/** The national FSE 2.0 material, shared by every worktree (see its README.md). */
export const FSE2_TESTDATA = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'testdata', 'fse2');
export const FSE2_EXAMPLES = join(FSE2_TESTDATA, 'national-docs', 'esempi', 'CDA');
export const FSE2_CORPUS = join(FSE2_TESTDATA, 'validator-corpus');
