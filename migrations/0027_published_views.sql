-- Read-only views that a module publishes for the others (issue 18, item 2). A module owns
-- its tables: the others read its data through its public service, or, where the read must
-- stay inside one SQL statement (the FSE's access rule and search run as one query per
-- request: bench/fse, 20,000 documents, first page 4.5 ms), through one of these views.
-- A view is a contract: the owner may change its tables, and keeps the view's columns.
-- They are created by the owner role (the role running the migrations), like the tables,
-- and the application may only read them: simple views are updatable in PostgreSQL, and the
-- default privileges of 0014 would grant INSERT, UPDATE and DELETE on them.

-- identity: a delegation in force. The same predicate as liveDelegation in
-- src/identity/delegations.ts (migration 0017: not revoked, not past its end), checked at
-- every read; src/identity/live-delegations-view.int.test.ts keeps the two equal.
CREATE VIEW identity_live_delegations AS
  SELECT d.id, d.delegator_id, d.delegate_id, d.created_at, d.expires_at
  FROM delegations d
  WHERE d.revoked_at IS NULL AND (d.expires_at IS NULL OR d.expires_at > now());

-- identity: the access log (DPCM 178/2015 art. 13), as the FSE shows it to the citizen.
CREATE VIEW identity_audit_events AS
  SELECT e.id, e.at, e.actor_kind, e.actor_id, e.actor_role, e.actor_name, e.on_behalf_of_citizen_id,
         e.subject_citizen_id, e.action, e.resource_type, e.resource_id, e.purpose, e.outcome, e.request_id
  FROM audit_events e;

-- registry: the people of the regional registry (assistiti), with their GP; synthetic_seed
-- is NULL for the named demo people and set for the generated population.
CREATE VIEW registry_citizens AS
  SELECT c.id, c.fiscal_code, c.health_card_number, c.given_name, c.family_name, c.sex, c.birth_date,
         c.mobile_phone, c.residence_istat, c.gp_id, c.synthetic_seed, c.created_at
  FROM citizens c;

-- registry: health professionals (GPs, pharmacists, vaccinators, region staff).
CREATE VIEW registry_operators AS
  SELECT o.id, o.username, o.fiscal_code, o.given_name, o.family_name, o.role, o.facility_id,
         o.province_code, o.active
  FROM operators o;

-- registry: facilities (pharmacies, hospitals, labs, vaccination centres, GP practices).
CREATE VIEW registry_facilities AS
  SELECT f.id, f.code, f.kind, f.name, f.municipality_istat
  FROM facilities f;

-- registry: municipalities with their province's abbreviation (a Patient's address).
CREATE VIEW registry_municipalities AS
  SELECT m.istat_code, m.name, p.abbr AS province_abbr
  FROM municipalities m JOIN provinces p ON p.code = m.province_code;

-- scheduling: administered vaccine doses, with the product and the centre that gave them.
CREATE VIEW scheduling_administered_doses AS
  SELECT v.id, v.citizen_id, v.lot, v.dose_number, v.administered_at, v.recorded_at,
         p.name AS product_name, p.medicinal_product, p.manufacturer, p.doses,
         ce.name AS centre_name, ce.facility_id AS centre_facility_id
  FROM vaccinations v
  JOIN vaccine_products p ON p.code = v.product
  JOIN centres ce ON ce.id = v.centre_id;

DO $$
DECLARE
  v text;
BEGIN
  FOREACH v IN ARRAY ARRAY['identity_live_delegations', 'identity_audit_events', 'registry_citizens',
                           'registry_operators', 'registry_facilities', 'registry_municipalities',
                           'scheduling_administered_doses'] LOOP
    EXECUTE format('REVOKE ALL ON %I FROM salus_app', v);
    EXECUTE format('GRANT SELECT ON %I TO salus_app', v);
  END LOOP;
END $$;
