import type { TFunction } from 'i18next';
import type { ApiError } from '../api/client.ts';

/** A problem as a page shows it: how serious, a headline, and what to do next. */
export interface Problem {
  tone: 'info' | 'warning' | 'danger';
  title: string;
  text: string;
}

/** Whole minutes to wait, from a 429's Retry-After (at least 1). */
export function waitMinutes(error: ApiError): number {
  return Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
}

/**
 * The fallback for problems no page words itself: the calm notice when the
 * service is down, the login prompt's words for 401/403, else the server's detail.
 */
export function genericProblem(t: TFunction, error: ApiError): Problem {
  if (error.unavailable)
    return { tone: 'info', title: t('errors.unavailable.title'), text: t('errors.unavailable.text') };
  if (error.status === 401)
    return { tone: 'warning', title: t('auth.required.title'), text: t('problems.sessionEnded') };
  if (error.status === 403)
    return { tone: 'warning', title: t('auth.forbidden.title'), text: error.detail ?? t('auth.forbidden.text') };
  if (error.status === 429)
    return {
      tone: 'warning',
      title: t('problems.tooMany.title'),
      text: t('problems.tooMany.text', { count: waitMinutes(error) }),
    };
  return { tone: 'danger', title: t('errors.request'), text: error.detail ?? error.title };
}
