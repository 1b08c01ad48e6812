/**
 * At most one call of `run` per `windowMs`, always after the last request: the first
 * request starts the window, later ones join it, and `run` fires when it ends.
 *
 * Why: every enrollment asks for an allocation run. The job is debounced by its key in
 * the database, but each request is still an upsert of that one job row, so at opening
 * day's few hundred enrollments a second the requests queued behind each other's row
 * lock and commit. One request per second per instance gives the same runs.
 */
export function coalesce(run: () => Promise<void>, windowMs: number, onError: (error: unknown) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      run().catch(onError);
    }, windowMs);
    // A pending request never keeps the process alive: the 5-minute cron run covers it.
    timer.unref();
  };
}
