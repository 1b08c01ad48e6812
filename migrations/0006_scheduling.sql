-- Scheduling: vaccine products (rules as data), centres, daily capacity, supply,
-- appointments, and the vaccination records the FSE will expose as Immunization.

CREATE TABLE vaccine_products (
  code text PRIMARY KEY,                 -- e.g. 'Comirnaty'
  name text NOT NULL,
  manufacturer text NOT NULL,            -- EU DCC value set ma, e.g. 'ORG-100030215'
  medicinal_product text NOT NULL,       -- EU DCC value set mp, e.g. 'EU/1/20/1528'
  doses integer NOT NULL CHECK (doses BETWEEN 1 AND 3),
  interval_days integer,                 -- between dose 1 and 2; null for single-dose products
  window_max_days integer,               -- latest allowed day for dose 2 after dose 1
  min_age integer,
  max_age integer,
  CHECK (doses = 1 OR (interval_days IS NOT NULL AND window_max_days >= interval_days))
);

CREATE TABLE province_neighbours (
  province_code text NOT NULL REFERENCES provinces (code),
  neighbour_code text NOT NULL REFERENCES provinces (code),
  PRIMARY KEY (province_code, neighbour_code)
);

CREATE TABLE centres (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  facility_id bigint REFERENCES facilities (id),
  municipality_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
  province_code text NOT NULL REFERENCES provinces (code),
  opens_at time NOT NULL,
  closes_at time NOT NULL,
  slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 60),
  lines integer NOT NULL CHECK (lines BETWEEN 1 AND 200),
  CHECK (closes_at > opens_at)
);
CREATE INDEX centres_province_idx ON centres (province_code);

-- Doses a centre can give per day and product, and how many are booked.
CREATE TABLE centre_capacity (
  centre_id bigint NOT NULL REFERENCES centres (id),
  day date NOT NULL,
  product text NOT NULL REFERENCES vaccine_products (code),
  doses integer NOT NULL CHECK (doses >= 0),
  booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
  PRIMARY KEY (centre_id, day, product),
  CHECK (booked <= doses)
);

-- Doses delivered to a province for use on a day (region operators enter deliveries).
CREATE TABLE vaccine_supply (
  province_code text NOT NULL REFERENCES provinces (code),
  day date NOT NULL,
  product text NOT NULL REFERENCES vaccine_products (code),
  doses integer NOT NULL CHECK (doses >= 0),
  booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
  PRIMARY KEY (province_code, day, product),
  CHECK (booked <= doses)
);

-- No foreign keys on this table: it is written only by the allocator and the move path,
-- from ids read in the same transaction, and 1.4 million rows per run made the FK checks
-- the largest cost (bench/allocate, 200k rows: 3.3 s with them, 1.7 s without).
CREATE TABLE appointments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrollment_id bigint NOT NULL,
  -- Denormalised from the enrollment for the citizen's own list; the enrollment's key guards it.
  citizen_id bigint NOT NULL,
  centre_id bigint NOT NULL,
  -- Checked against centre_capacity, whose key references vaccine_products.
  product text NOT NULL,
  dose_number integer NOT NULL CHECK (dose_number BETWEEN 1 AND 3),
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'done', 'cancelled', 'no_show', 'moved')),
  moves integer NOT NULL DEFAULT 0 CHECK (moves >= 0),
  allocation_run bigint,
  notified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- At most one live appointment per enrollment and dose: a retry or a second allocator cannot book twice.
CREATE UNIQUE INDEX appointments_live_idx ON appointments (enrollment_id, dose_number)
  WHERE status IN ('booked', 'checked_in', 'done');
CREATE INDEX appointments_centre_day_idx ON appointments (centre_id, day);
CREATE INDEX appointments_citizen_idx ON appointments (citizen_id);

-- How far the appointment-SMS task has got: new appointments always get higher ids.
CREATE TABLE appointment_notice_cursor (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint NOT NULL
);
INSERT INTO appointment_notice_cursor (last_id) VALUES (0);

-- Administered doses: the record the FSE exposes as a FHIR Immunization.
CREATE TABLE vaccinations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  citizen_id bigint NOT NULL REFERENCES citizens (id),
  appointment_id bigint UNIQUE REFERENCES appointments (id),
  centre_id bigint NOT NULL REFERENCES centres (id),
  product text NOT NULL REFERENCES vaccine_products (code),
  lot text NOT NULL CHECK (length(lot) BETWEEN 1 AND 40),
  dose_number integer NOT NULL CHECK (dose_number BETWEEN 1 AND 3),
  administered_at timestamptz NOT NULL,
  staff_operator_id bigint NOT NULL REFERENCES operators (id),
  walk_in boolean NOT NULL DEFAULT false,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (citizen_id, product, dose_number)
);
