import type { ClaimedForward } from './repository.ts';

/** The record's stored content of documents, by DocumentReference id (records' public face, wired in modules.ts). */
export type DocumentFiles = (documentReferenceIds: readonly string[]) => Promise<ReadonlyMap<string, Buffer>>;

/**
 * Gives each claimed row whose PDF is the record's copy (ADR 0017: the outbox keeps no second 65 KB copy of a
 * publication) its bytes, one read for the whole batch. A row whose content cannot be found (no reader wired, or
 * no such document: the record never deletes a Binary, so this means a broken installation) is left out of the
 * batch and logged: it stays leased, not sent without its PDF, and the next claim after its lease tries again.
 */
export async function withRecordFiles(
  claimed: readonly ClaimedForward[],
  files: DocumentFiles | undefined,
  log: { error(fields: object, message: string): void },
): Promise<ClaimedForward[]> {
  const needed = claimed.filter((row) => row.request.fileInRecord === true && row.file === null);
  if (needed.length === 0) return [...claimed];
  const ids = [...new Set(needed.map((row) => row.request.documentReferenceId ?? ''))];
  const found = files === undefined ? new Map<string, Buffer>() : await files(ids);
  const ready: ClaimedForward[] = [];
  for (const row of claimed) {
    if (row.request.fileInRecord !== true || row.file !== null) {
      ready.push(row);
      continue;
    }
    const file = found.get(row.request.documentReferenceId ?? '');
    if (file === undefined) {
      log.error(
        { id: row.id, identificativoDoc: row.identificativoDoc, documentReferenceId: row.request.documentReferenceId },
        'fse2 forward: the record has no content for this publication; it waits, unsent, until it is found',
      );
      continue;
    }
    ready.push({ ...row, file });
  }
  return ready;
}
