import { useCallback, useEffect, useState } from 'react';
import { getJson, toApiError, type ApiError } from './client.ts';
import type { Decoder } from './decode.ts';

export type ApiState<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: ApiError };

/**
 * Loads `path` and re-loads whenever it changes. The previous request is
 * aborted so a slow answer to an old search can never overwrite a newer one.
 * Pass a module-level decoder: a new one on each render would re-fetch forever.
 */
export function useApi<T>(path: string, decoder: Decoder<T>): ApiState<T> & { reload: () => void } {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    getJson(path, decoder, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: toApiError(error) });
      },
    );
    return () => {
      controller.abort();
    };
  }, [path, decoder, attempt]);

  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  return { ...state, reload };
}
