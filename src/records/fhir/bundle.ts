import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { Cursor, SearchRequest } from '../search/model.ts';
import { encodeCursor } from '../search/parse.ts';

export interface Entry {
  readonly resource: Resource;
  readonly mode: 'match' | 'include';
}

/** The query string of a search as applied, in request order. */
function query(applied: readonly (readonly [string, string])[], cursor: Cursor | null): string {
  const params = new URLSearchParams();
  for (const [k, v] of applied) params.append(k, v);
  if (cursor !== null) params.set('_cursor', encodeCursor(cursor));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A searchset Bundle. The self link shows the parameters that were applied (with
 * lenient handling, the ignored ones are left out, as FHIR R4 3.1.1.5 asks); the
 * next link carries an opaque keyset cursor, so a page is never skipped or repeated
 * when documents arrive between two requests.
 */
export function searchsetBundle(
  base: string,
  request: SearchRequest,
  entries: readonly Entry[],
  next: Cursor | null,
  total: number | null,
): Bundle {
  const self = `${base}/${request.type}${query(request.applied, request.cursor)}`;
  const link: BundleLink[] = [{ relation: 'self', url: self }];
  if (next !== null) link.push({ relation: 'next', url: `${base}/${request.type}${query(request.applied, next)}` });
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    ...(total === null ? {} : { total }),
    link,
    entry: entries.map((e): BundleEntry => ({
      fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id ?? ''}`,
      resource: e.resource,
      search: { mode: e.mode },
    })),
  };
}

export function historyBundle(base: string, type: string, id: string, resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'history',
    total: resources.length,
    link: [{ relation: 'self', url: `${base}/${type}/${id}/_history` }],
    entry: resources.map((r) => ({
      fullUrl: `${base}/${type}/${id}`,
      resource: r,
      request: {
        method: r.meta?.versionId === '1' ? 'POST' : 'PUT',
        url: r.meta?.versionId === '1' ? type : `${type}/${id}`,
      },
      response: {
        status: r.meta?.versionId === '1' ? '201' : '200',
        ...(r.meta?.lastUpdated === undefined ? {} : { lastModified: r.meta.lastUpdated }),
      },
    })),
  };
}
