-- The SMS dispatcher takes its work from graphile-worker (ADR 0005). The business
-- transaction writes only the outbox row: a graphile-worker job added there would send a
-- NOTIFY at its commit, and PostgreSQL serialises the commits of notifying transactions
-- (opening-day enrollments fell from 166/s to about 55/s when each one added its job).
-- A relay in the dispatcher turns due, queued messages into `notify_send` jobs instead,
-- a batch per statement (one NOTIFY per batch), lane by lane, with the lane as the job's
-- priority (otp 0 … bulk 3: graphile-worker runs the lowest first).

-- When the message's current job was added; NULL while it has none (just queued, or given
-- back to the queue after a refused claim or a reconciled unknown outcome).
ALTER TABLE notify_messages ADD COLUMN job_added_at timestamptz;

-- The relay's next messages, by lane then age.
CREATE INDEX notify_messages_unjobbed_idx ON notify_messages (lane_priority, id)
  WHERE status = 'queued' AND job_added_at IS NULL;
-- Jobs waiting per lane: the relay keeps a bounded number ahead of the dispatchers.
CREATE INDEX notify_messages_jobbed_idx ON notify_messages (lane_priority, job_added_at)
  WHERE status = 'queued' AND job_added_at IS NOT NULL;

-- Adds one notify_send job per message, in one call (one NOTIFY).
CREATE FUNCTION notify_send_jobs(ids bigint[], priorities smallint[]) RETURNS integer
LANGUAGE sql VOLATILE AS $$
  SELECT count(*)::int FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('notify_send', json_build_object('id', j.id), NULL, NULL, 25, NULL, j.priority, NULL)::graphile_worker.job_spec
    FROM unnest(ids, priorities) AS j(id, priority)
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
