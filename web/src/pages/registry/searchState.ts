// The municipality search lives in the URL (?province=MI&q=berg&page=2) so a
// result page can be bookmarked or shared and the Back button undoes a search.
import { withQuery } from '../../api/client.ts';

export const pageSize = 20;
const maxQueryLength = 100;

export interface SearchState {
  province: string;
  q: string;
  page: number;
}

export function readSearch(params: URLSearchParams): SearchState {
  const province = (params.get('province') ?? '').toUpperCase();
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    // Province codes are two letters (MI, BG…); anything else means "all".
    province: /^[A-Z]{2}$/.test(province) ? province : '',
    q: (params.get('q') ?? '').trim().slice(0, maxQueryLength),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

export function writeSearch(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.province) params.set('province', state.province);
  const q = state.q.trim();
  if (q) params.set('q', q);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

export function municipalitiesPath(state: SearchState): string {
  return withQuery('/api/registry/municipalities', {
    province: state.province || undefined,
    q: state.q || undefined,
    limit: pageSize,
    offset: (state.page - 1) * pageSize,
  });
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
