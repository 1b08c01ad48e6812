import { useEffect, useState } from 'react';
import { getJson, toApiError, type ApiError } from './client.ts';
import type { Decoder } from './decode.ts';

export interface Polled<T> {
  /** The latest answer; kept while the next one loads, and through a failed poll. */
  data: T | null;
  /** The last poll's failure, cleared by the next success. */
  error: ApiError | null;
}

/**
 * GETs `path` now and every `intervalMs`, without blanking the page between
 * polls (useApi shows "loading" on every reload). A poll is skipped while the
 * tab is hidden, and a slow answer never overwrites a newer path's.
 * Pass a module-level decoder, as for useApi. A null path polls nothing.
 */
export function usePolledApi<T>(path: string | null, decoder: Decoder<T>, intervalMs: number): Polled<T> {
  const [state, setState] = useState<Polled<T> & { path: string | null }>({ data: null, error: null, path });
  // A new path starts empty: the old number's messages must not show under the new one.
  if (state.path !== path) setState({ data: null, error: null, path });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const poll = () => {
      if (document.hidden) return;
      getJson(path, decoder, controller.signal).then(
        (data) => {
          if (!controller.signal.aborted) setState({ data, error: null, path });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState((previous) => ({ ...previous, error: toApiError(error) }));
        },
      );
    };
    poll();
    const timer = window.setInterval(poll, intervalMs);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [path, decoder, intervalMs]);

  return { data: state.data, error: state.error };
}
