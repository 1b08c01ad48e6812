-- Certificates: EU Digital COVID Certificates issued by Salus, and their revocations.

-- One row per issued certificate. The signed HC1 string is kept as issued, so the QR
-- code and PDF can be produced again at any time without re-signing.
CREATE TABLE dcc_certificates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uvci text NOT NULL UNIQUE CHECK (uvci ~ '^URN:UVCI:01:[A-Z]{2}:[A-Z0-9/]+#[A-Z0-9/:]$' AND length(uvci) <= 80),
  type char(1) NOT NULL CHECK (type IN ('v', 't', 'r')),
  -- No foreign key to citizens: the registry owns that table, and a certificate must
  -- outlive any change there (it is a signed document already in the holder's hands).
  fiscal_code char(16) NOT NULL,
  payload jsonb NOT NULL,
  hc1 text NOT NULL CHECK (hc1 LIKE 'HC1:%'),
  -- The DSC that signed it (base64 kid), to find what a compromised key signed.
  kid text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- scrypt hash of the code sent to the holder by SMS; the code itself is never stored.
  retrieval_code_hash text NOT NULL,
  -- The recorded event (dose, test, recovery) it was issued for: issuing for the same
  -- event again returns this row instead of a second certificate.
  source_ref text NOT NULL UNIQUE CHECK (length(source_ref) BETWEEN 1 AND 200),
  CHECK (expires_at > issued_at)
);
CREATE INDEX dcc_certificates_fiscal_code_idx ON dcc_certificates (fiscal_code, issued_at DESC);

-- A revoked UVCI stays revoked: rows are never deleted or updated.
CREATE TABLE dcc_revocations (
  uvci text PRIMARY KEY REFERENCES dcc_certificates (uvci),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  revoked_at timestamptz NOT NULL,
  -- Who revoked it (a region operator's username, or a system job's name).
  revoked_by text NOT NULL CHECK (length(revoked_by) BETWEEN 1 AND 100)
);
