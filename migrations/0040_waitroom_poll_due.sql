-- The waiting room's cost flat in its size (issue 21, ADR 0023).
-- Polls far back in line come at half the estimated wait instead of at least every 30 s, so a
-- place can no longer be judged by "seen within the hold" alone: a holder told to come back in
-- 10 minutes is not gone after 5. poll_due_at is when the holder was told to come back; a place
-- is present while last_seen_at is within the hold or poll_due_at within half of it. NULL (older
-- rows, answers whose return the hold covers) leaves last_seen_at alone, as before.
ALTER TABLE waitroom_entries ADD COLUMN poll_due_at timestamptz;

-- Admission paused by a region operator (and by bench:opening-day's room phase): the counter
-- stays where it is, polls go on being answered from the cache.
ALTER TABLE waitrooms ADD COLUMN paused boolean NOT NULL DEFAULT false;
