-- The allocator's write without appointments_citizen_idx (issue 21, ADR 0031). One run writes
-- 1.4 million appointments in one transaction, and each row's citizen_id key lands on a random leaf
-- of this index (rows come in priority order, citizens do not): measured with bench:allocate (700,000
-- people, PostgreSQL 18, same seed, same server), the run used 13.4 s of PostgreSQL CPU with the index
-- and 9.5 s without it. Its one reader, the citizen's live appointments, now finds them through the
-- citizen's enrollments (the key (campaign_id, citizen_id), one probe per campaign) and the live
-- appointment key (enrollment_id, dose_number): both already kept, nothing new to write.
DROP INDEX appointments_citizen_idx;
