-- The phone a citizen verified while enrolling is their contact for that campaign: the
-- appointment, its changes and the reminders go there, not to the registry's number
-- (issue 17: a son who enrolls his parents with his own phone gets their appointments).
-- NULL: the channel asked for no phone (SPID/CIE, pharmacist, GP), so the registry's
-- number at sending time applies (a phone verified later in the personal area updates it).
-- `mobile_phone` stays what it was: where the confirmation SMS went.
ALTER TABLE enrollments ADD COLUMN contact_phone text CHECK (contact_phone ~ '^\+[1-9][0-9]{6,14}$');

UPDATE enrollments e SET contact_phone = d.mobile_phone
FROM enrollment_drafts d
WHERE d.id = e.draft_id AND e.contact_phone IS NULL;

-- The per-phone limit (4 people per campaign and number) counts these on every submit.
CREATE INDEX enrollments_contact_phone_idx ON enrollments (campaign_id, contact_phone) WHERE contact_phone IS NOT NULL;
CREATE INDEX enrollment_drafts_phone_idx ON enrollment_drafts (campaign_id, mobile_phone) WHERE status = 'pending';
