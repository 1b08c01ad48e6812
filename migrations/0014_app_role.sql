-- The application's own database role (issue 16, Medium 4). The running application
-- connects as salus_app (or as a login role that is a member of it): not a superuser,
-- owner of nothing. It cannot ALTER … DISABLE TRIGGER, DROP, TRUNCATE, or SET
-- session_replication_role = replica (superusers only), so the append-only triggers of
-- 0002 and 0003 hold for it. Migrations run as the owner role (the role running this
-- file: salus_owner in the embedded, test and HA setups). src/db/roles.ts creates both
-- roles where Salus bootstraps PostgreSQL itself; an operator creates them once (README).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'salus_app') THEN
    -- Only a single-URL setup (DATABASE_URL without DATABASE_OWNER_URL) gets here: the
    -- group role the grants below name. Needs a superuser or CREATEROLE.
    BEGIN
      CREATE ROLE salus_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'the role salus_app does not exist and % may not create it', current_user
        USING HINT = 'CREATE ROLE salus_app LOGIN PASSWORD ''…'' as an administrator (README, "Database roles").';
    END;
  END IF;
END $$;

-- Everything the migrations made so far: read and write rows, nothing else (no TRUNCATE,
-- REFERENCES or TRIGGER, and no CREATE on the schemas).
GRANT USAGE ON SCHEMA public, graphile_worker TO salus_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, graphile_worker TO salus_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public, graphile_worker TO salus_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public, graphile_worker TO salus_app;

-- graphile-worker enables row-level security on its tables with no policy, so that only
-- their owner sees rows: the application's role may see and change every row (the grants
-- above are its limit). A graphile-worker upgrade that adds such a table needs the same.
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'graphile_worker' AND c.relkind IN ('r', 'p') AND c.relrowsecurity LOOP
    EXECUTE format('CREATE POLICY salus_app_rows ON %s TO salus_app USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;

-- What later migrations (and graphile-worker's own, run at migrate time) create gets the
-- same, with no grant of its own: default privileges of the owner, in every schema.
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO salus_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO salus_app;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO salus_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO salus_app;

-- The access log (DPCM 178/2015 art. 13) and the SMS history are evidence: the application
-- appends and reads, and may not change or remove a row. A later append-only table must
-- say the same in its own migration (the default above grants UPDATE and DELETE).
REVOKE ALL ON audit_events, notify_events FROM salus_app;
GRANT SELECT, INSERT ON audit_events, notify_events TO salus_app;

-- Which migrations ran is the owner's record: the application only reads it (readiness).
REVOKE ALL ON schema_migrations, graphile_worker.migrations FROM salus_app;
GRANT SELECT ON schema_migrations, graphile_worker.migrations TO salus_app;
