import { Type } from 'typebox';
import { rolesAccess } from '../../http/policy.ts';
import type { TypedApp } from '../../http/types.ts';
import { unauthenticated } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';
import type { DocumentViewService } from './service.ts';

/** A DocumentReference id, as records' content route takes it. */
const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }) });

const signedIn = (p: Principal | null): Principal => {
  if (p === null) throw unauthenticated();
  return p;
};

/**
 * "People see documents, never XML" (issue 19 item 6): the readable page of a CDA2 document, next to records'
 * /content route and with the same roles; the access rules and the access log are the content read's own.
 */
export function registerDocumentViewRoutes(app: TypedApp, views: DocumentViewService): void {
  app.get(
    '/api/records/documents/:id/view',
    {
      config: { policy: rolesAccess('citizen', 'gp') },
      schema: {
        tags: ['records'],
        summary: 'The CDA2 document as a readable page (JSON view model: header, sections, results)',
        params: IdParam,
      },
    },
    (r) => views.page(signedIn(r.principal), r.params.id.toLowerCase(), r.id),
  );
}
