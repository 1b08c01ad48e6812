import { describe, expect, it } from 'vitest';
import { withRecordFiles } from './record-files.ts';
import type { ClaimedForward } from './repository.ts';

const row = (id: string, request: Partial<ClaimedForward['request']>, file: Buffer | null = null): ClaimedForward => ({
  id,
  idempotencyKey: `key-${id}`,
  identificativoDoc: `DOC^${id}`,
  operation: 'create',
  request: { target: null, requestBody: {}, claims: {}, ...request },
  file,
  attempts: 0,
});

describe("the record's copy of a publication's PDF for the relay", () => {
  it('fills the rows that refer to the record in one read, and keeps a row that carries its own file', async () => {
    const reads: (readonly string[])[] = [];
    const errors: object[] = [];
    const own = Buffer.from('%PDF-1.7 carried by the row');
    const claimed = [
      row('1', { fileInRecord: true, documentReferenceId: 'ref-1' }),
      row('2', {}, own),
      row('3', { fileInRecord: true, documentReferenceId: 'ref-3' }),
      row('4', { fileInRecord: true, documentReferenceId: 'ref-gone' }),
      row('5', { documentReferenceId: 'ref-5' }), // a delete or metadata update: no file at all
    ];
    const ready = await withRecordFiles(
      claimed,
      (ids) => {
        reads.push(ids);
        return Promise.resolve(
          new Map([
            ['ref-1', Buffer.from('%PDF one')],
            ['ref-3', Buffer.from('%PDF three')],
          ]),
        );
      },
      { error: (fields) => errors.push(fields) },
    );
    expect(reads).toEqual([['ref-1', 'ref-3', 'ref-gone']]);
    expect(ready.map((r) => [r.id, r.file?.toString() ?? null])).toEqual([
      ['1', '%PDF one'],
      ['2', '%PDF-1.7 carried by the row'],
      ['3', '%PDF three'],
      ['5', null],
    ]);
    // The row whose content is missing is not sent without its PDF: left out, and said.
    expect(errors).toEqual([{ id: '4', identificativoDoc: 'DOC^4', documentReferenceId: 'ref-gone' }]);
  });

  it('reads nothing when no row refers to the record', async () => {
    const ready = await withRecordFiles([row('1', {}, Buffer.from('%PDF'))], () => Promise.reject(new Error('read')), {
      error: () => undefined,
    });
    expect(ready).toHaveLength(1);
  });
});
