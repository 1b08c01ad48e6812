-- Clinical resources derived from CDA2 documents (issue 20 item 1; ADR 0018).
--
-- A filed CDA2 is converted to FHIR (src/fse2/transform) in the transaction that files it, and
-- its clinical resources are stored here, each linked to its source DocumentReference. The key
-- (source document, resource type, the converter's deterministic id) makes a replayed
-- conversion store nothing twice. A replaced or withdrawn document's rows are deleted in the
-- transaction that supersedes or withdraws it. Access (consent, oscuramento, delegation) is
-- decided at every read by records' one access rule (access/scope.ts, hide = 'derived').

-- Observations join the results facilities and GPs write, so one search serves both;
-- derived_documents (0007) already hides a result with its hidden document.
ALTER TABLE fhir_observation ADD COLUMN source_document_id uuid REFERENCES fhir_document_reference (id),
  ADD COLUMN source_key text;
CREATE UNIQUE INDEX fhir_observation_source_idx ON fhir_observation (source_document_id, source_key)
  WHERE source_document_id IS NOT NULL;

-- DiagnosticReport, Condition, AllergyIntolerance, MedicationStatement and the Immunizations of
-- documents: read-only (a correction is a replaced document), so no history table.
CREATE TABLE fhir_derived (
  id uuid PRIMARY KEY,
  resource_type text NOT NULL CHECK (resource_type IN
    ('DiagnosticReport', 'Immunization', 'Condition', 'AllergyIntolerance', 'MedicationStatement')),
  source_document_id uuid NOT NULL REFERENCES fhir_document_reference (id),
  source_key text NOT NULL,
  patient_id bigint NOT NULL REFERENCES citizens (id),
  author_facility_id bigint REFERENCES facilities (id),
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  status text NOT NULL,
  code text[] NOT NULL DEFAULT '{}',
  category text[] NOT NULL DEFAULT '{}',
  -- The clinically relevant date; the document's date when the entry has none (keyset paging needs one).
  date timestamptz NOT NULL,
  derived_documents uuid[] NOT NULL,
  UNIQUE (source_document_id, resource_type, source_key)
);
CREATE INDEX fhir_derived_patient_idx ON fhir_derived (resource_type, patient_id, date DESC, id DESC);
CREATE INDEX fhir_derived_facility_idx ON fhir_derived (author_facility_id, last_updated DESC, id DESC);
CREATE INDEX fhir_derived_source_idx ON fhir_derived (source_document_id);

-- Documents filed whose conversion failed: counts by type and reason for the dashboard and
-- Prometheus, no clinical content. One row per document, so a replay counts once.
CREATE TABLE fse2_conversion_failures (
  document_reference_id uuid PRIMARY KEY,
  document_type text NOT NULL,
  reason text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
