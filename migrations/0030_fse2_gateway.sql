-- The national FSE 2.0 Gateway at /fse2/v1 (issue 19, items 4, 5, 8; ADR 0011).
--
-- fse2_validations: the Gateway remembers each successful validation by the SHA-256 of
-- the CDA it extracted, so a later publication of a different CDA is refused
-- ("/msg/cda-match"), as nationally. One row per workflowInstanceId; the (facility,
-- hash) pair is unique, so validating the same CDA twice answers the same
-- workflowInstanceId (idempotent). Refused validations store nothing.
CREATE TABLE fse2_validations (
  workflow_instance_id text PRIMARY KEY,
  facility_id integer NOT NULL,
  cda_sha256 text NOT NULL CHECK (cda_sha256 ~ '^[0-9a-f]{64}$'),
  document_type text,
  catalog_version text NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (facility_id, cda_sha256)
);

-- The national documents filed in the record: identificativoDoc (unique nationally, an
-- OID-based id) -> the record's DocumentReference. Replace points the row at the new
-- DocumentReference; delete marks it deleted. Only written after the record stored it.
CREATE TABLE fse2_documents (
  identificativo_doc text PRIMARY KEY,
  facility_id integer NOT NULL,
  document_reference_id uuid NOT NULL,
  workflow_instance_id text NOT NULL,
  cda_sha256 text NOT NULL,
  -- The CDA's LOINC type: a metadata update's class is checked against it.
  type_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('current', 'replaced', 'deleted')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The transaction events the status services answer with (by workflowInstanceId and by
-- traceId). An event is keyed by the request that caused it: a retried request adds none.
CREATE TABLE fse2_events (
  id bigserial PRIMARY KEY,
  trace_id text NOT NULL,
  workflow_instance_id text,
  event_type text NOT NULL,
  event_status text NOT NULL CHECK (event_status IN ('SUCCESS', 'BLOCKING_ERROR', 'NON_BLOCKING_ERROR')),
  event_date timestamptz NOT NULL DEFAULT now(),
  facility_id integer NOT NULL,
  identificativo_documento text,
  subject text,
  subject_role text,
  tipo_attivita text,
  organizzazione text,
  issuer text,
  message text,
  UNIQUE (trace_id, event_type)
);
CREATE INDEX fse2_events_workflow ON fse2_events (workflow_instance_id);
