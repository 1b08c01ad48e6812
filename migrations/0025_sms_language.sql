-- The language of a citizen's SMS (issue 17): the web app sends the language of its
-- pages with the enrollment submission; the code, the confirmation and the appointment
-- SMS (booked, moved, cancelled, reminder) follow it. NULL: not known (pharmacist, GP,
-- SPID, older rows), and the SMS are in Italian, the region's default.
ALTER TABLE enrollment_drafts ADD COLUMN lang text CHECK (lang IN ('it', 'en'));
ALTER TABLE enrollments ADD COLUMN lang text CHECK (lang IN ('it', 'en'));
