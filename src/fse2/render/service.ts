import { notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';
import { buildCdaView } from './build.ts';
import { cdaOf, type StoredContent } from './source.ts';
import type { DocumentPageView } from './view-model.ts';

/**
 * The record's own read of a document's bytes (records' `api.content`): the DocumentReference and then its Binary,
 * each through the FHIR access rules (consent, oscuramento, delegation, the GP's list) and each written to the
 * access log. The page reuses it as it is, so it can never show what the PDF viewer would not.
 */
export type ReadDocumentContent = (
  principal: Principal,
  documentId: string,
  requestId: string,
) => Promise<StoredContent>;

export function documentViewService(deps: { readonly content: ReadDocumentContent }) {
  return {
    async page(principal: Principal, documentId: string, requestId: string): Promise<DocumentPageView> {
      const file = await deps.content(principal, documentId, requestId);
      const cda = await cdaOf(file);
      const built = cda === null ? { ok: false as const, message: 'no CDA in its file' } : buildCdaView(cda);
      if (!built.ok) {
        throw notFound(
          'fse.no_readable_cda',
          `DocumentReference/${documentId} carries no readable CDA2 document (${built.message}): ` +
            'open its file instead.',
        );
      }
      return { documentId, pdf: file.contentType === 'application/pdf', document: built.view };
    },
  };
}

export type DocumentViewService = ReturnType<typeof documentViewService>;
