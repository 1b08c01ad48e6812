-- Identity: IdP storage, credentials, server-side sessions, delegations, the access log.

-- oidc-provider's models (sessions at the IdP, interactions, codes, grants, tokens).
CREATE TABLE idp_payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX idp_payloads_grant_idx ON idp_payloads (grant_id);
CREATE INDEX idp_payloads_uid_idx ON idp_payloads (uid);
CREATE INDEX idp_payloads_user_code_idx ON idp_payloads (user_code);
CREATE INDEX idp_payloads_expires_idx ON idp_payloads (expires_at);

-- Login credentials of the bundled provider. Passwords are scrypt hashes.
CREATE TABLE idp_credentials (
  username text PRIMARY KEY,
  password_hash text NOT NULL,
  fiscal_code char(16) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Facility systems calling the API with OAuth2 client credentials. The provider compares
-- client secrets itself, so they are stored as issued (like its own client registry);
-- production deployments should prefer private_key_jwt.
CREATE TABLE facility_clients (
  client_id text PRIMARY KEY,
  client_secret text NOT NULL,
  facility_id bigint NOT NULL REFERENCES facilities (id),
  scopes text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A login in progress at the relying party: PKCE verifier, state and nonce (15 minutes).
CREATE TABLE auth_transactions (
  state text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  return_to text NOT NULL,
  prefer text NOT NULL CHECK (prefer IN ('citizen', 'operator')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions; the cookie carries a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  citizen_id bigint REFERENCES citizens (id),
  operator_id bigint REFERENCES operators (id),
  acting_for_citizen_id bigint REFERENCES citizens (id),
  csrf_token text NOT NULL,
  id_token text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  absolute_expires_at timestamptz NOT NULL,
  CHECK ((citizen_id IS NULL) <> (operator_id IS NULL))
);
CREATE INDEX sessions_expiry_idx ON sessions (absolute_expires_at);

-- Delegations: a citizen names up to 3 delegates; a delegate holds at most 5 (Lombardy's rules).
CREATE TABLE delegations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delegator_id bigint NOT NULL REFERENCES citizens (id),
  delegate_id bigint NOT NULL REFERENCES citizens (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK (delegator_id <> delegate_id)
);
CREATE UNIQUE INDEX delegations_active_pair_idx ON delegations (delegator_id, delegate_id) WHERE revoked_at IS NULL;
CREATE INDEX delegations_delegate_idx ON delegations (delegate_id) WHERE revoked_at IS NULL;

-- The access log (DPCM 178/2015 art. 13): append-only.
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('citizen', 'operator', 'facility', 'system', 'anonymous')),
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  actor_name text NOT NULL,
  on_behalf_of_citizen_id bigint REFERENCES citizens (id),
  subject_citizen_id bigint REFERENCES citizens (id),
  action text NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'login', 'logout', 'search')),
  resource_type text NOT NULL,
  resource_id text,
  purpose text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
  request_id text
);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_citizen_id, at DESC);

-- Nobody changes history: not the application's role, not a mistaken script.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;

-- Rate limiting counters shared by every API instance (rate-limiter-flexible's layout).
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
