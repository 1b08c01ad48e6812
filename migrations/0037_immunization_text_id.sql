-- Immunization ids became text (migration 0035, ADR 0018): one FHIR search serves the centres' doses
-- (bigint ids) and the vaccinations of VACC documents (uuid ids) through a UNION ALL. A read by id
-- then compares the id of scheduling's published view scheduling_administered_doses (0027) as text,
-- which no index answered: every read scanned every administered dose. PostgreSQL pushes the
-- equality through the union and the view to vaccinations.id::text, where this index answers it.
CREATE INDEX vaccinations_id_text_idx ON vaccinations ((id::text));
