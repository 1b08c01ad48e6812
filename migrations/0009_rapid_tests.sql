-- Rapid antigen tests recorded by pharmacists: the event a test certificate attests.

CREATE TABLE dcc_rapid_tests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  -- The pharmacy and the pharmacist: only they get the certificate back at the counter.
  facility_id bigint REFERENCES facilities (id),
  operator_id bigint NOT NULL REFERENCES operators (id),
  -- EU value set covid-19-lab-test-manufacturer-and-name (the JRC device id).
  device text NOT NULL CHECK (device ~ '^[0-9]{1,6}$'),
  result text NOT NULL CHECK (result IN ('negative', 'positive')),
  sampled_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- One per submitted form: a retried click records nothing twice.
  request_key uuid NOT NULL,
  UNIQUE (operator_id, request_key)
);
CREATE INDEX dcc_rapid_tests_citizen_idx ON dcc_rapid_tests (citizen_id);
