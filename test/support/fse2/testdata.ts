import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The national FSE 2.0 material, shared by every worktree (see its README.md). */
export const FSE2_TESTDATA = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'testdata', 'fse2');
export const FSE2_EXAMPLES = join(FSE2_TESTDATA, 'national-docs', 'esempi', 'CDA');
export const FSE2_CORPUS = join(FSE2_TESTDATA, 'validator-corpus');

/** The validator corpus's labels: OK and WARNING documents are valid, KO and ERROR ones are not. */
export const CORPUS_LABELS = ['OK', 'WARNING', 'KO', 'ERROR'] as const;
export type CorpusLabel = (typeof CORPUS_LABELS)[number];

/**
 * Every document of a corpus folder (`schematronRAD`...), label by label in CORPUS_LABELS' order, files sorted
 * within a label; a label the folder does not have is skipped.
 */
export function corpusDocuments(folder: string): { label: CorpusLabel; file: string; path: string }[] {
  return CORPUS_LABELS.flatMap((label) => {
    let files: string[];
    try {
      files = readdirSync(join(FSE2_CORPUS, folder, label)).sort();
    } catch {
      return [];
    }
    return files.map((file) => ({ label, file, path: join(FSE2_CORPUS, folder, label, file) }));
  });
}

/** The corpus folder's own schematron (its `schV3` file), or undefined when it has none. */
export function corpusSchematron(folder: string): string | undefined {
  return readdirSync(join(FSE2_CORPUS, folder, 'schV3')).find((f) => f.endsWith('.sch'));
}
