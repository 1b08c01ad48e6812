-- Published read-only views (issue 18, item 2): a module reads another module's tables only
-- through the owner's service or through one of these views, which the owner publishes and
-- documents here. Each view is named after its owner (registry_…, campaigns_…, scheduling_…,
-- certificates_…), shows only the columns its readers need, and is read-only for the
-- application: the default privileges of 0014 would grant it INSERT, UPDATE and DELETE, so
-- each view is revoked and granted SELECT again below.
--
-- The views are plain (no aggregate over a person's rows where the reader joins them), so
-- PostgreSQL inlines them into the reader's query: the allocation and notice queries keep
-- their plans. A LEFT JOIN on a primary key that a query does not use is removed by the planner.

-- registry: 0027 published registry_citizens, registry_operators, registry_facilities and
-- registry_municipalities for records; the other modules need a few more columns, appended
-- (CREATE OR REPLACE VIEW keeps the existing columns, in their order, and adds at the end).
-- residence_province: the province of the municipality of residence (allocation and
-- coverage work by province).
CREATE OR REPLACE VIEW registry_citizens AS
  SELECT c.id, c.fiscal_code, c.health_card_number, c.given_name, c.family_name, c.sex, c.birth_date,
         c.mobile_phone, c.residence_istat, c.gp_id, c.synthetic_seed, c.created_at,
         m.province_code AS residence_province, c.email
  FROM citizens c LEFT JOIN municipalities m ON m.istat_code = c.residence_istat;

-- registry: operators (login, sessions), provinces and municipalities.
CREATE OR REPLACE VIEW registry_operators AS
  SELECT o.id, o.username, o.fiscal_code, o.given_name, o.family_name, o.role, o.facility_id,
         o.province_code, o.active, o.email
  FROM operators o;
CREATE VIEW registry_provinces AS SELECT code, abbr, name FROM provinces;
CREATE OR REPLACE VIEW registry_municipalities AS
  SELECT m.istat_code, m.name, p.abbr AS province_abbr, m.province_code
  FROM municipalities m JOIN provinces p ON p.code = m.province_code;

-- campaigns: the campaigns (scheduling allocates the open ones) and the enrollments
-- scheduling books appointments for. contact_phone: the phone verified while enrolling.
CREATE VIEW campaigns_catalogue AS
  SELECT id, code, name, products, opens_at, closes_at FROM campaigns;
CREATE VIEW campaigns_enrollments AS
  SELECT id, campaign_id, citizen_id, cohort_id, channel, contact_phone, lang, enrolled_at, withdrawn_at
  FROM enrollments;

-- campaigns, for the dashboard: one row per enrollment with no person in it, and the
-- coverage of each cohort against its eligible population in the registry (whole years of
-- birth: born_from_year … born_to_year).
CREATE VIEW campaigns_enrollment_facts AS
  SELECT c.code AS campaign_code, e.cohort_id, e.channel, e.enrolled_at
  FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id;
CREATE VIEW campaigns_cohort_coverage AS
  SELECT c.code AS campaign_code, k.id AS cohort_id, k.label, k.opens_at, k.born_to_year,
         (SELECT count(*)::int FROM registry_citizens z WHERE z.birth_date < make_date(k.born_to_year + 1, 1, 1)
            AND (k.born_from_year IS NULL OR z.birth_date >= make_date(k.born_from_year, 1, 1))) AS eligible,
         (SELECT count(*)::int FROM enrollments e WHERE e.cohort_id = k.id) AS enrolled
  FROM campaign_cohorts k JOIN campaigns c ON c.id = k.campaign_id;
-- By province of residence, over the cohorts open now (opens_at <= now() when queried).
CREATE VIEW campaigns_province_coverage AS
  SELECT c.code AS campaign_code, p.abbr AS province, count(z.id)::int AS eligible, count(e.id)::int AS enrolled
  FROM campaign_cohorts k JOIN campaigns c ON c.id = k.campaign_id
  JOIN registry_citizens z ON z.birth_date < make_date(k.born_to_year + 1, 1, 1)
    AND (k.born_from_year IS NULL OR z.birth_date >= make_date(k.born_from_year, 1, 1))
  JOIN registry_provinces p ON p.code = z.residence_province
  LEFT JOIN enrollments e ON e.citizen_id = z.id AND e.campaign_id = c.id
  WHERE k.opens_at <= now()
  GROUP BY c.code, p.abbr;

-- scheduling, for the dashboard's day report: bookings and doses, with no person in them;
-- and who has had a dose (campaigns' demo enrollments leave them out).
CREATE VIEW scheduling_bookings AS SELECT created_at, status FROM appointments;
CREATE VIEW scheduling_doses AS SELECT administered_at FROM vaccinations;
CREATE VIEW scheduling_vaccinated AS SELECT citizen_id FROM vaccinations;

-- certificates, for the dashboard: certificates issued, by type, with no person in them.
CREATE VIEW certificates_issued AS SELECT type, issued_at FROM dcc_certificates;

REVOKE ALL ON registry_citizens, registry_operators, registry_facilities, registry_provinces,
  registry_municipalities, campaigns_catalogue, campaigns_enrollments, campaigns_enrollment_facts,
  campaigns_cohort_coverage, campaigns_province_coverage, scheduling_bookings, scheduling_doses,
  scheduling_vaccinated, certificates_issued FROM salus_app;
GRANT SELECT ON registry_citizens, registry_operators, registry_facilities, registry_provinces,
  registry_municipalities, campaigns_catalogue, campaigns_enrollments, campaigns_enrollment_facts,
  campaigns_cohort_coverage, campaigns_province_coverage, scheduling_bookings, scheduling_doses,
  scheduling_vaccinated, certificates_issued TO salus_app;
