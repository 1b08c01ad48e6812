-- A person resolves a permanent national refusal (issue 20 item 3; ADR 0020).
--
-- 'dropped': a refused change a region operator decided never to send (the reason is recorded); it no longer
-- holds its chain and no longer counts in the backlog.
ALTER TABLE fse2_forward_outbox DROP CONSTRAINT fse2_forward_outbox_state_check;
ALTER TABLE fse2_forward_outbox
  ADD CONSTRAINT fse2_forward_outbox_state_check CHECK (state IN ('pending', 'forwarded', 'refused', 'dropped'));

-- Every decision on a refusal, kept after the row moves on (a resent change may be refused again and resent
-- again). The refusal is identified by its row and its attempts when refused: a double submit of the same
-- decision hits the unique key and changes nothing; a later refusal of the same row is a new one.
CREATE TABLE fse2_forward_resolutions (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL REFERENCES fse2_forward_outbox (id),
  refusal_attempts integer NOT NULL,
  action text NOT NULL CHECK (action IN ('resend', 'drop')),
  reason text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
  -- The operator's fiscal code and name as the session had them (identity's tables are not this module's).
  resolved_by text NOT NULL,
  resolved_by_name text NOT NULL,
  -- The national error the decision was taken on (the row's may be replaced by a later refusal).
  national_error jsonb,
  resolved_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (outbox_id, refusal_attempts),
  CHECK (action <> 'drop' OR reason IS NOT NULL)
);
