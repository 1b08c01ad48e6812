-- Notify: the transactional outbox for SMS, its append-only history, and delivery
-- receipts that could not be matched to a message when they arrived.
-- Status machine (see src/notify/dispatch/dispatcher.ts for the guarantees):
--   queued -> submitting -> submitted -> delivered | failed
--   submitting -> queued      (the SMSC refused the attempt: safe to try again)
--   submitting -> unknown     (sent, no answer: the SMSC may have it)
--   unknown -> submitted...   (a receipt proved it was accepted)
--   unknown -> queued         (validity period + grace over, no receipt: it cannot arrive any more)
--   queued/unknown -> dead    (too many attempts: the dead letters, alerted on)
--   submitting -> failed      (permanent rejection, e.g. an unroutable number: never retried)

CREATE TABLE notify_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  lane text NOT NULL CHECK (lane IN ('otp', 'appointment', 'reminder', 'bulk')),
  -- Derived, so that it can never disagree with the lane: 0 is served first.
  lane_priority smallint GENERATED ALWAYS AS (
    CASE lane WHEN 'otp' THEN 0 WHEN 'appointment' THEN 1 WHEN 'reminder' THEN 2 ELSE 3 END
  ) STORED,
  recipient text NOT NULL CHECK (recipient ~ '^\+[1-9][0-9]{6,14}$'),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  -- Sent as the SMPP validity_period: after it the SMSC gives up with an EXPIRED receipt.
  validity_s integer NOT NULL CHECK (validity_s BETWEEN 1 AND 2592000),
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'submitting', 'unknown', 'submitted', 'delivered', 'failed', 'dead')),
  -- Claims so far (each claim may hold several attempts the SMSCs refused outright).
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  not_before timestamptz NOT NULL DEFAULT now(),
  queued_at timestamptz NOT NULL DEFAULT now(),
  -- The intent to submit: which dispatcher holds the message, and until when.
  claimed_by uuid,
  claimed_at timestamptz,
  lease_until timestamptz,
  unknown_at timestamptz,
  provider text,
  provider_message_id text,
  submitted_at timestamptz,
  final_at timestamptz,
  last_error text,
  CHECK (status <> 'submitting' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL)),
  CHECK (status <> 'unknown' OR unknown_at IS NOT NULL),
  CHECK (status NOT IN ('submitted', 'delivered') OR provider_message_id IS NOT NULL)
);

-- The claim: ORDER BY lane_priority, id over pending rows only, so a million bulk rows
-- behind do not slow down the otp rows in front; rows leave the index once claimed.
CREATE INDEX notify_messages_queued_idx ON notify_messages (lane_priority, id) WHERE status = 'queued';
-- Lease renewal and expiry: only rows in flight (at most a few hundred).
CREATE INDEX notify_messages_submitting_idx ON notify_messages (lease_until) WHERE status = 'submitting';
-- Matching a receipt without a known message id to a message whose outcome is unknown.
CREATE INDEX notify_messages_unknown_idx ON notify_messages (recipient) WHERE status = 'unknown';
-- Receipts name the provider's message id. Not unique: providers may reuse ids over months.
CREATE INDEX notify_messages_provider_msg_idx ON notify_messages (provider_message_id, provider)
  WHERE provider_message_id IS NOT NULL;
CREATE INDEX notify_messages_dead_idx ON notify_messages (id) WHERE status = 'dead';
-- Frequent updates: vacuum after 1% changes instead of 20%, so the queue index stays lean.
ALTER TABLE notify_messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);

CREATE TABLE notify_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES notify_messages (id),
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN (
    'queued', 'retry', 'submitted', 'outcome_unknown', 'requeued', 'delivered', 'failed', 'dead'
  )),
  provider text,
  provider_message_id text,
  detail text
);
CREATE INDEX notify_events_message_idx ON notify_events (message_id, id);

-- History is evidence: it is appended to, never rewritten.
CREATE FUNCTION notify_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'notify_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER notify_events_append_only BEFORE UPDATE OR DELETE ON notify_events
  FOR EACH ROW EXECUTE FUNCTION notify_events_append_only();

-- Receipts whose message id matched no message: either the dispatcher never learned the id
-- (crash or lost submit_sm_resp; resolved by the reconciler) or the receipt is a stray.
CREATE TABLE notify_unmatched_receipts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider text NOT NULL,
  provider_message_id text NOT NULL,
  status text NOT NULL,
  destination text NOT NULL,
  text_prefix text,
  done_at timestamptz NOT NULL,
  error_code text,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_message_id)
);
CREATE INDEX notify_unmatched_receipts_received_idx ON notify_unmatched_receipts (received_at);
