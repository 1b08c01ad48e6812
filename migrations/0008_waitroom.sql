-- Waiting room: admission control for the opening of an enrollment campaign.
-- Each arrival takes a ticket numbered in arrival order (seq). Arrivals before the
-- opening draw form a pre-queue whose positions are a random permutation of 1..pre_queue
-- (computed from shuffle_seed by every API instance); later arrivals keep position = seq.
-- The admission counter admitted_through advances at admit_per_minute over people still
-- present (seen within hold_seconds); positions it passes while their holder is away are
-- given up. Polls never touch these tables: instances cache the room row once a second
-- and write last-seen times in batches.

CREATE TABLE waitrooms (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_code text NOT NULL UNIQUE CHECK (campaign_code ~ '^[a-z0-9-]{3,40}$'),
  active boolean NOT NULL DEFAULT false,
  opens_at timestamptz NOT NULL,
  -- The rate, or with adaptive the ceiling of a rate that follows the enrollment latency.
  admit_per_minute integer NOT NULL CHECK (admit_per_minute BETWEEN 1 AND 1000000),
  adaptive boolean NOT NULL DEFAULT false,
  target_p95_ms integer NOT NULL DEFAULT 400 CHECK (target_p95_ms BETWEEN 50 AND 10000),
  current_rate double precision CHECK (current_rate IS NULL OR current_rate > 0),
  rate_changed_at timestamptz,
  hold_seconds integer NOT NULL DEFAULT 300 CHECK (hold_seconds BETWEEN 30 AND 86400),
  -- Tickets handed out: seqs 1..issued exist in waitroom_entries.
  issued bigint NOT NULL DEFAULT 0 CHECK (issued >= 0),
  -- NULL until the opening draw; then the size of the pre-queue that was shuffled.
  pre_queue bigint CHECK (pre_queue IS NULL OR pre_queue BETWEEN 0 AND issued),
  -- 32 random bytes drawn at opening; never shown to clients.
  shuffle_seed bytea CHECK (shuffle_seed IS NULL OR length(shuffle_seed) = 32),
  opened_at timestamptz,
  -- True once the drawn positions of the pre-queue are written to waitroom_entries.
  positions_ready boolean NOT NULL DEFAULT false,
  -- The admission counter: every position <= admitted_through has been admitted or given up.
  admitted_through bigint NOT NULL DEFAULT 0 CHECK (admitted_through >= 0),
  admitted_live bigint NOT NULL DEFAULT 0,
  given_up bigint NOT NULL DEFAULT 0,
  -- Fractional admissions carried between steps (rate x elapsed time).
  credit double precision NOT NULL DEFAULT 0,
  advanced_at timestamptz,
  -- Live people not yet admitted, counted every few seconds by whichever instance advanced.
  waiting integer NOT NULL DEFAULT 0,
  counted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT positions_ready OR pre_queue IS NOT NULL)
);

CREATE TABLE waitroom_entries (
  room_id integer NOT NULL REFERENCES waitrooms (id),
  seq bigint NOT NULL CHECK (seq >= 1),
  -- NULL while in the pre-queue (until the draw is written).
  position bigint,
  joined_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITH (fillfactor = 80); -- room for HOT updates of last_seen_at (not indexed)

-- The admission step: "the n-th live position after the counter".
CREATE INDEX waitroom_entries_position_idx ON waitroom_entries (room_id, position);
ALTER TABLE waitroom_entries SET (autovacuum_vacuum_scale_factor = 0.02);

-- Adaptive admission: each API instance reports the p95 latency of the enrollment
-- endpoints (and its event-loop delay) over the last seconds; the step takes the worst.
CREATE TABLE waitroom_load (
  room_id integer NOT NULL REFERENCES waitrooms (id),
  instance uuid NOT NULL,
  at timestamptz NOT NULL,
  p95_ms integer NOT NULL CHECK (p95_ms >= 0),
  requests integer NOT NULL CHECK (requests >= 0),
  PRIMARY KEY (room_id, instance)
);

-- One row per step that moved the counter: when each position was passed (for people who
-- come back after a long absence) and the admission rate actually achieved.
CREATE TABLE waitroom_advances (
  room_id integer NOT NULL REFERENCES waitrooms (id),
  through_position bigint NOT NULL,
  at timestamptz NOT NULL,
  admitted integer NOT NULL CHECK (admitted >= 0),
  given_up integer NOT NULL CHECK (given_up >= 0),
  PRIMARY KEY (room_id, through_position)
);
