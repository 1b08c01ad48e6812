-- Records (FSE): FHIR R4 resources stored the proven way (as in HAPI and Medplum):
-- one table per resource type holding the resource JSON, the search columns extracted
-- from it in the same transaction, and a history table with every version.
-- Token columns hold keys "system|code", "|code" (no system) and "code" (any system),
-- so a token search is an array overlap (&&) whatever form the client uses.
-- Patient and Immunization are projections of citizens and vaccinations (no table here);
-- AuditEvent is a projection of audit_events.
-- patient_id is the citizen the data is about: every access rule starts from it.

CREATE TABLE fhir_document_reference (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  -- Oscuramento: not versioned and not part of the resource, so that a document shown
  -- again carries no trace (versionId, lastUpdated) of having been hidden.
  hidden boolean NOT NULL DEFAULT false,
  master_identifier text NOT NULL UNIQUE,          -- "system|value": idempotency of ITI-65
  content_sha1 text NOT NULL,                      -- base64, as Attachment.hash
  binary_id uuid,
  submission_id uuid,
  doc_class text NOT NULL,                         -- the FSE class (REF, LDO, PRS…)
  status text NOT NULL,
  category text[] NOT NULL DEFAULT '{}',
  type text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL,
  period_start timestamptz,
  period_end timestamptz,
  author_given text[] NOT NULL DEFAULT '{}',
  author_family text[] NOT NULL DEFAULT '{}',
  facility text[] NOT NULL DEFAULT '{}',
  setting text[] NOT NULL DEFAULT '{}',
  event text[] NOT NULL DEFAULT '{}',
  security_label text[] NOT NULL DEFAULT '{}',
  format text[] NOT NULL DEFAULT '{}',
  related text[] NOT NULL DEFAULT '{}',
  relatesto text[] NOT NULL DEFAULT '{}',
  creation timestamptz
);
-- ITI-67 for one patient, newest first (the default sort) and by _lastUpdated; the id
-- tiebreaker makes keyset paging exact. bench/fse, 1,000,000 documents for the patient:
-- a first page or a deep page answers in 7-10 ms (p50) over HTTP.
CREATE INDEX fhir_docref_patient_date_idx ON fhir_document_reference (patient_id, date DESC, id DESC);
-- "Documents of this class, newest first" (the citizen's page, ITI-67 category=…): the
-- same order within one class, so a class filter does not walk the patient's whole record.
CREATE INDEX fhir_docref_patient_class_idx ON fhir_document_reference (patient_id, doc_class, date DESC, id DESC);
CREATE INDEX fhir_docref_patient_updated_idx ON fhir_document_reference (patient_id, last_updated DESC, id DESC);
CREATE INDEX fhir_docref_facility_idx ON fhir_document_reference (author_facility_id, last_updated DESC, id DESC);
CREATE INDEX fhir_docref_identifiers_idx ON fhir_document_reference USING gin (identifiers);
CREATE INDEX fhir_docref_submission_idx ON fhir_document_reference (submission_id);

CREATE TABLE fhir_document_reference_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

-- Document bytes. PDFs are already compressed: EXTERNAL storage skips a pointless
-- pglz attempt on every insert (TOAST still moves them out of line).
CREATE TABLE fhir_binary (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL DEFAULT 1,
  last_updated timestamptz NOT NULL,
  content_type text NOT NULL,
  data bytea NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  -- Binary.securityContext: the DocumentReference whose access rules apply.
  document_id uuid NOT NULL
);
ALTER TABLE fhir_binary ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX fhir_binary_document_idx ON fhir_binary (document_id);

CREATE TABLE fhir_list (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  status text NOT NULL,
  code text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL,
  source_id text[] NOT NULL DEFAULT '{}',
  designation_type text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX fhir_list_patient_idx ON fhir_list (patient_id, date DESC, id DESC);
CREATE INDEX fhir_list_facility_idx ON fhir_list (author_facility_id, last_updated DESC, id DESC);
CREATE INDEX fhir_list_identifiers_idx ON fhir_list USING gin (identifiers);

CREATE TABLE fhir_list_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

-- Which documents a SubmissionSet holds: lets a clinician's query leave out a List
-- whose documents are all hidden, and its entries that point at hidden ones.
CREATE TABLE fse_list_items (
  list_id uuid NOT NULL REFERENCES fhir_list (id),
  document_id uuid NOT NULL REFERENCES fhir_document_reference (id),
  PRIMARY KEY (list_id, document_id)
);
CREATE INDEX fse_list_items_document_idx ON fse_list_items (document_id);

CREATE TABLE fhir_consent (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  purpose text NOT NULL CHECK (purpose IN ('consultation')),
  status text NOT NULL,
  category text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL
);
-- One consultation consent per citizen: granting and withdrawing are versions of it.
CREATE UNIQUE INDEX fhir_consent_purpose_idx ON fhir_consent (patient_id, purpose);

CREATE TABLE fhir_consent_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

CREATE TABLE fhir_observation (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  status text NOT NULL,
  code text[] NOT NULL DEFAULT '{}',
  category text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL,
  -- The documents a result was read from (derivedFrom): hiding the report hides its values.
  derived_documents uuid[] NOT NULL DEFAULT '{}'
);
CREATE INDEX fhir_observation_patient_idx ON fhir_observation (patient_id, date DESC, id DESC);
CREATE INDEX fhir_observation_facility_idx ON fhir_observation (author_facility_id, last_updated DESC, id DESC);
CREATE INDEX fhir_observation_identifiers_idx ON fhir_observation USING gin (identifiers);

CREATE TABLE fhir_observation_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

-- NRE (numero di ricetta elettronica): 15 characters, "030" (Lombardy) + "A" + 11 digits.
CREATE SEQUENCE fse_nre_seq;

CREATE TABLE fhir_medication_request (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  nre text NOT NULL UNIQUE,
  status text NOT NULL,
  intent text NOT NULL,
  code text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL
);
CREATE INDEX fhir_medreq_patient_idx ON fhir_medication_request (patient_id, date DESC, id DESC);
CREATE INDEX fhir_medreq_identifiers_idx ON fhir_medication_request USING gin (identifiers);

CREATE TABLE fhir_medication_request_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

CREATE TABLE fhir_medication_dispense (
  id uuid PRIMARY KEY,
  version_id integer NOT NULL CHECK (version_id >= 1),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  author_operator_id bigint REFERENCES operators (id),
  identifiers text[] NOT NULL DEFAULT '{}',
  prescription_id uuid NOT NULL REFERENCES fhir_medication_request (id),
  status text NOT NULL,
  code text[] NOT NULL DEFAULT '{}',
  date timestamptz NOT NULL
);
-- A prescription is dispensed once: a second pharmacy (or a retried click) gets a conflict.
CREATE UNIQUE INDEX fhir_meddisp_once_idx ON fhir_medication_dispense (prescription_id) WHERE status = 'completed';
CREATE INDEX fhir_meddisp_patient_idx ON fhir_medication_dispense (patient_id, date DESC, id DESC);
CREATE INDEX fhir_meddisp_facility_idx ON fhir_medication_dispense (author_facility_id, last_updated DESC, id DESC);

CREATE TABLE fhir_medication_dispense_history (
  id uuid NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (id, version_id)
);

-- Processing after acceptance (the 24 h SLA): one row per accepted document, written in
-- the ITI-65 transaction. This table is the durable queue: a job only says "look now",
-- and a job every minute looks anyway, so a document cannot be forgotten.
-- pending -> done, or -> flagged after the last attempt (retries back off in next_attempt_at).
CREATE TABLE fse_ingestion (
  document_id uuid PRIMARY KEY REFERENCES fhir_document_reference (id),
  submission_id uuid NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  accepted_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'flagged')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  CHECK (state <> 'done' OR processed_at IS NOT NULL)
);
-- The claim (due pending rows) and the SLA gauge (oldest pending row): pending rows are
-- few, done rows are many, so both indexes hold only pending rows.
CREATE INDEX fse_ingestion_due_idx ON fse_ingestion (next_attempt_at) WHERE state = 'pending';
CREATE INDEX fse_ingestion_pending_idx ON fse_ingestion (accepted_at) WHERE state = 'pending';
CREATE INDEX fse_ingestion_submission_idx ON fse_ingestion (submission_id);
CREATE INDEX fse_ingestion_processed_idx ON fse_ingestion (processed_at) WHERE state = 'done';
CREATE INDEX fse_ingestion_flagged_idx ON fse_ingestion (accepted_at) WHERE state = 'flagged';

-- The per-patient index that processing maintains: documents per class and the latest
-- date, for the record's overview and the region's aggregates without scanning documents.
CREATE TABLE fse_patient_index (
  patient_id bigint NOT NULL REFERENCES citizens (id),
  doc_class text NOT NULL,
  documents integer NOT NULL CHECK (documents >= 0),
  latest timestamptz NOT NULL,
  PRIMARY KEY (patient_id, doc_class)
);
