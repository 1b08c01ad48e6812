-- SMS dispatch claims straight from the outbox table again (ADR 0022, superseding ADR 0005
-- for SMS): each dispatcher claims the next due rows by lane then age with
-- FOR UPDATE SKIP LOCKED (notify_messages_queued_idx, migration 0003), polling every 50 ms
-- and at once while a claim comes back full. The relay, its graphile-worker notify_send jobs
-- and the heartbeats that unlocked a killed dispatcher's jobs are gone: a claim is one
-- UPDATE with a lease, and an expired lease is reconciled as before.

-- The relay's two partial indexes: the first took an entry for every message queued (one
-- more index write in every enrollment's transaction), the second one per relayed message.
DROP INDEX notify_messages_unjobbed_idx;
DROP INDEX notify_messages_jobbed_idx;
ALTER TABLE notify_messages DROP COLUMN job_added_at;
DROP FUNCTION notify_send_jobs(bigint[], smallint[]);
DROP TABLE notify_dispatchers;

-- Jobs the relay had added and no dispatcher ran yet: their messages are still 'queued'
-- and are claimed from the table now; no runner takes notify_send any more.
DELETE FROM graphile_worker._private_jobs j
USING graphile_worker._private_tasks t
WHERE t.id = j.task_id AND t.identifier = 'notify_send';
