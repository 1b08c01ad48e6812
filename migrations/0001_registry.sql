-- Registry: territory (ATS, provinces, municipalities), facilities, operators, citizens.
-- Written for PostgreSQL 15+ (production runs Debian's 15; the embedded default is newer).

CREATE TABLE ats (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE provinces (
  code text PRIMARY KEY,               -- ISTAT province code, e.g. '015' (Milano)
  abbr char(2) NOT NULL UNIQUE,        -- 'MI'
  name text NOT NULL,
  ats_code text NOT NULL REFERENCES ats (code)
);

CREATE TABLE municipalities (
  istat_code char(6) PRIMARY KEY,
  cadastral_code char(4) NOT NULL UNIQUE,   -- the code inside a codice fiscale, e.g. 'F205'
  name text NOT NULL,
  province_code text NOT NULL REFERENCES provinces (code),
  population integer NOT NULL CHECK (population >= 0)
);
CREATE INDEX municipalities_province_idx ON municipalities (province_code);
CREATE INDEX municipalities_name_idx ON municipalities (lower(name) text_pattern_ops);

CREATE TABLE facilities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('pharmacy', 'hospital', 'lab', 'vaccination_centre', 'gp_practice')),
  name text NOT NULL,
  municipality_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operators (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  fiscal_code char(16) NOT NULL UNIQUE,
  given_name text NOT NULL,
  family_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('gp', 'pharmacist', 'vaccinator', 'region')),
  facility_id bigint REFERENCES facilities (id),
  province_code text REFERENCES provinces (code),
  email text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Pharmacists and vaccinators always belong to a facility; GPs to a province.
  CHECK (role NOT IN ('pharmacist', 'vaccinator') OR facility_id IS NOT NULL),
  CHECK (role <> 'gp' OR province_code IS NOT NULL)
);

CREATE TABLE citizens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fiscal_code char(16) NOT NULL UNIQUE,
  health_card_number char(20) NOT NULL UNIQUE,   -- tessera sanitaria (TEAM) number
  given_name text NOT NULL,
  family_name text NOT NULL,
  sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date date NOT NULL,
  birth_place_code char(4) NOT NULL,              -- cadastral code, Italian or foreign (Z...)
  residence_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
  mobile_phone text CHECK (mobile_phone ~ '^\+[1-9][0-9]{6,14}$'),
  email text,
  gp_id bigint REFERENCES operators (id),
  synthetic_seed integer,                         -- null for real or demo citizens
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX citizens_birth_date_idx ON citizens (birth_date);
CREATE INDEX citizens_residence_idx ON citizens (residence_istat);
CREATE INDEX citizens_gp_idx ON citizens (gp_id);
