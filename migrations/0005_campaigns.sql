-- Campaigns: vaccination campaigns, eligibility cohorts by birth year, resumable
-- enrollment drafts (the SMS code only confirms them), and enrollments.

CREATE TABLE campaigns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{3,40}$'),
  name text NOT NULL,
  products text[] NOT NULL CHECK (cardinality(products) > 0),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz,
  -- Planned doses a week across the region: drives the "estimated period" a citizen is told.
  planned_weekly_capacity integer NOT NULL CHECK (planned_weekly_capacity > 0),
  created_by bigint REFERENCES operators (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at IS NULL OR closes_at > opens_at)
);

CREATE TABLE campaign_cohorts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES campaigns (id),
  label text NOT NULL,
  born_from_year integer,            -- null: no lower bound ("born in 1941 or earlier")
  born_to_year integer NOT NULL,
  opens_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (born_from_year IS NULL OR born_from_year <= born_to_year),
  UNIQUE (campaign_id, born_to_year)
);

-- A citizen's submitted data, saved before any SMS is sent. The code (6 digits) and the
-- resume link are derived with a server key from this random salt, so "resend" sends the
-- same code and link, and the table alone reveals neither.
CREATE TABLE enrollment_drafts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES campaigns (id),
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  mobile_phone text NOT NULL CHECK (mobile_phone ~ '^\+[1-9][0-9]{6,14}$'),
  secret_salt text NOT NULL,
  code_expires_at timestamptz NOT NULL,
  sends integer NOT NULL DEFAULT 1 CHECK (sends >= 0),
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until timestamptz,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'superseded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);
-- One open draft per citizen and campaign: a second submit resumes it.
CREATE UNIQUE INDEX enrollment_drafts_open_idx ON enrollment_drafts (campaign_id, citizen_id) WHERE status = 'pending';

CREATE TABLE enrollments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES campaigns (id),
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  cohort_id bigint NOT NULL REFERENCES campaign_cohorts (id),
  channel text NOT NULL CHECK (channel IN ('citizen', 'pharmacist', 'gp')),
  -- How the citizen's identity was confirmed: SMS code, SMS link, SPID/CIE login, or an operator.
  verified_by text NOT NULL CHECK (verified_by IN ('code', 'link', 'spid', 'operator')),
  operator_id bigint REFERENCES operators (id),
  draft_id bigint REFERENCES enrollment_drafts (id),
  mobile_phone text,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  -- Set when the citizen cancels their first dose: they leave the allocator's queue.
  withdrawn_at timestamptz,
  -- One enrollment per citizen per campaign, whatever the channel, even under concurrent submits.
  UNIQUE (campaign_id, citizen_id),
  CHECK ((channel IN ('pharmacist', 'gp')) = (operator_id IS NOT NULL))
);
CREATE INDEX enrollments_campaign_time_idx ON enrollments (campaign_id, enrolled_at);
CREATE INDEX enrollments_cohort_idx ON enrollments (cohort_id);

-- A citizen logged in with SPID/CIE is enrolled at once; their mobile number is verified
-- separately (the confirmation and appointment SMS go to it), and enrollment does not wait.
CREATE TABLE phone_verifications (
  citizen_id bigint PRIMARY KEY REFERENCES citizens (id),
  mobile_phone text NOT NULL CHECK (mobile_phone ~ '^\+[1-9][0-9]{6,14}$'),
  secret_salt text NOT NULL,
  expires_at timestamptz NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  verified_at timestamptz
);
