-- Two more events a certificate attests: a lab's molecular (PCR) result, posted by
-- the lab's system, and a recovery recorded by the citizen's GP.

CREATE TABLE dcc_lab_tests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  -- The lab (or hospital) whose system posted the result, and the client it used.
  facility_id bigint NOT NULL REFERENCES facilities (id),
  client_id text NOT NULL,
  -- The lab's own id of the result: a retried post records nothing twice.
  lab_result_id text NOT NULL CHECK (length(lab_result_id) BETWEEN 1 AND 64),
  -- DCC nm: the NAAT test's name, as the lab reports it (free text in the schema).
  test_name text CHECK (length(test_name) <= 200),
  result text NOT NULL CHECK (result IN ('detected', 'not_detected')),
  sampled_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (facility_id, lab_result_id)
);
CREATE INDEX dcc_lab_tests_citizen_idx ON dcc_lab_tests (citizen_id);

CREATE TABLE dcc_recoveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  -- The GP who recorded it (the citizen was on their list at the time).
  operator_id bigint NOT NULL REFERENCES operators (id),
  -- DCC fr, df, du: the first positive test, and the validity the certificate states.
  first_positive_on date NOT NULL,
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (first_positive_on < valid_from AND valid_from <= valid_until),
  -- One infection, one recovery: recording it again (a double click, a second
  -- visit) finds the same row and so the same certificate.
  UNIQUE (citizen_id, first_positive_on)
);
