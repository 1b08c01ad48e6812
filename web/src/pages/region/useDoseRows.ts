import { useCallback, useEffect, useState } from 'react';
import { getJson, toApiError, type ApiError } from '../../api/client.ts';
import { doseRows, type DoseRow } from '../../api/scheduling.ts';

export interface DoseRowsState {
  rows: DoseRow[] | null;
  error: ApiError | null;
  /** Reads the rows again; resolves once they are on screen. */
  refresh: () => Promise<void>;
}

/** Capacity or supply rows for a range; a save waits for the refresh, so the table never shows the old value. */
export function useDoseRows(path: string): DoseRowsState {
  const [state, setState] = useState<{ path: string; rows: DoseRow[] | null; error: ApiError | null }>({
    path,
    rows: null,
    error: null,
  });
  if (state.path !== path) setState({ path, rows: null, error: null });

  const refresh = useCallback(async () => {
    try {
      const rows = await getJson(path, doseRows);
      setState((current) => (current.path === path ? { path, rows, error: null } : current));
    } catch (error) {
      setState((current) => (current.path === path ? { ...current, error: toApiError(error) } : current));
    }
  }, [path]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { rows: state.rows, error: state.error, refresh };
}
