-- Salus's own single-vaccination CDA2 documents (issue 19 item 7; ADR 0013). A dose recorded
-- at a vaccination centre queues a job that builds the document, files it in the record as a
-- national document (ITI-65, like the Gateway's) and keeps it here. One row per dose: the
-- primary key makes a replayed job file nothing new. The CDA is kept so that the citizen's
-- vaccination certificate is compiled from the documents of the record.
CREATE TABLE fse2_vacc_documents (
  vaccination_id bigint PRIMARY KEY,
  citizen_id bigint NOT NULL,
  -- identificativoDoc: the record's masterIdentifier (ITI-65 is idempotent on it too).
  unique_id text NOT NULL UNIQUE,
  document_reference_id uuid NOT NULL,
  cda text NOT NULL,
  cda_sha256 text NOT NULL CHECK (cda_sha256 ~ '^[0-9a-f]{64}$'),
  administered_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fse2_vacc_documents_citizen ON fse2_vacc_documents (citizen_id, administered_at);
