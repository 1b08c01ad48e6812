-- The SMS dispatcher takes its work from graphile-worker (ADR 0005): every queued
-- message has a `notify_send` job, added in the same transaction that queues the
-- message (or gives it back to the queue), with the lane as the job's priority
-- (otp 0 … bulk 3: graphile-worker runs the lowest first) and not_before as run_at.
-- notify_messages stays the record of each message: its status, claim and history.

-- Adds the jobs of messages just queued. The values are passed in rather than read
-- back, because a caller's INSERT in the same statement is not visible to a query here.
CREATE FUNCTION notify_send_jobs(ids bigint[], run_ats timestamptz[], priorities smallint[]) RETURNS integer
LANGUAGE sql VOLATILE AS $$
  SELECT count(*)::int FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('notify_send', json_build_object('id', j.id), NULL, j.run_at, 25, NULL, j.priority, NULL)::graphile_worker.job_spec
    FROM unnest(ids, run_ats, priorities) AS j(id, run_at, priority)
  ))
$$;

-- Dispatchers alive, with the graphile-worker pool that locks their jobs. A dispatcher
-- killed between taking a job and claiming its message leaves that job locked (for 4 h,
-- graphile-worker's own recovery); the survivors unlock the jobs of a dispatcher whose
-- heartbeat stopped, so the message is sent within seconds instead.
CREATE TABLE notify_dispatchers (
  id text PRIMARY KEY,
  worker_pool_id text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- Messages queued before this migration get their jobs now.
SELECT notify_send_jobs(array_agg(id), array_agg(not_before), array_agg(lane_priority))
FROM notify_messages WHERE status = 'queued';
