import type { TypedApp } from '../../http/types.ts';
import { registerDocumentViewRoutes } from './routes.ts';
import { documentViewService, type ReadDocumentContent } from './service.ts';

/** CDA2 documents as readable pages (issue 19 item 6; ADR 0012). */
export function createDocumentViewModule(deps: { readonly content: ReadDocumentContent }) {
  const service = documentViewService(deps);
  return {
    service,
    registerRoutes(app: TypedApp): void {
      registerDocumentViewRoutes(app, service);
    },
  };
}

export { buildCdaView, type CdaViewResult } from './build.ts';
export {
  NARRATIVE_CLASSES,
  NARRATIVE_TAGS,
  type CdaView,
  type DocumentPageView,
  type NarrativeNode,
  type ResultRow,
  type SectionView,
} from './view-model.ts';
