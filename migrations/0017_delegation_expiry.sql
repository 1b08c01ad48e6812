-- A delegation may end on a date as well as by revocation (a "delega" given for a period,
-- e.g. while the delegator is in hospital). NULL: until revoked. Whether a delegation is
-- live is decided at every request (revoked_at IS NULL AND (expires_at IS NULL OR
-- expires_at > now())), so an expired one stops working the moment it expires, with no job
-- having to revoke it first.
ALTER TABLE delegations ADD COLUMN expires_at timestamptz;
