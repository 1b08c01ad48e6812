import type { Generated } from 'kysely';

/** Kysely types of the campaigns tables (migrations/0005_campaigns.sql, 0022, 0025). */
export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_cohorts: CampaignCohortsTable;
  enrollment_drafts: EnrollmentDraftsTable;
  enrollments: EnrollmentsTable;
  phone_verifications: PhoneVerificationsTable;
}

export interface CampaignsTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** The name in English (migration 0026); null: the Italian one serves. */
  name_en: string | null;
  products: string[];
  opens_at: Date;
  closes_at: Date | null;
  planned_weekly_capacity: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CampaignCohortsTable {
  id: Generated<number>;
  campaign_id: number;
  label: string;
  born_from_year: number | null;
  born_to_year: number;
  opens_at: Date;
  created_at: Generated<Date>;
}

export interface EnrollmentDraftsTable {
  id: Generated<number>;
  campaign_id: number;
  citizen_id: number;
  mobile_phone: string;
  secret_salt: string;
  code_expires_at: Date;
  sends: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  status: Generated<'pending' | 'confirmed' | 'superseded'>;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
  /** The language of the web pages at submission (migration 0025); null: Italian. */
  lang: 'it' | 'en' | null;
}

export type EnrollmentChannel = 'citizen' | 'pharmacist' | 'gp';

export type EnrollmentVerification = 'code' | 'link' | 'spid' | 'operator';

export interface EnrollmentsTable {
  id: Generated<number>;
  campaign_id: number;
  citizen_id: number;
  cohort_id: number;
  channel: EnrollmentChannel;
  verified_by: EnrollmentVerification;
  operator_id: number | null;
  draft_id: number | null;
  mobile_phone: string | null;
  /** The phone verified while enrolling (migration 0022); null: the registry's applies. */
  contact_phone: string | null;
  /** The language of the citizen's SMS (migration 0025); null: Italian. */
  lang: 'it' | 'en' | null;
  enrolled_at: Generated<Date>;
  withdrawn_at: Date | null;
}

export interface PhoneVerificationsTable {
  citizen_id: number;
  mobile_phone: string;
  secret_salt: string;
  expires_at: Date;
  failed_attempts: Generated<number>;
  verified_at: Date | null;
}

/**
 * The registry's published views campaigns reads (migrations/0028_published_views.sql): birth years for the standing
 * in the queue, the demo's candidates. Read-only; the registry owns the rows (and changes a citizen's phone itself).
 */
export interface CampaignsReads {
  registry_citizens: {
    id: number;
    fiscal_code: string;
    health_card_number: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    residence_istat: string;
    residence_province: string | null;
    mobile_phone: string | null;
    gp_id: number | null;
    synthetic_seed: number | null;
  };
  registry_municipalities: { istat_code: string; name: string; province_code: string };
  /** Scheduling's view of who has had a dose: the demo's enrollments leave them out. */
  scheduling_vaccinated: { citizen_id: number };
}

/** Campaigns' handle: its own tables, and the registry's views it reads. */
export type CampaignsDb = CampaignsTables & CampaignsReads;

/**
 * The read-only views campaigns publishes (migrations/0028_published_views.sql): the campaigns and enrollments
 * scheduling books for, and the dashboard's figures, with no person in them. Readers declare what they read.
 */
export interface CampaignsViews {
  campaigns_catalogue: {
    id: number;
    code: string;
    name: string;
    products: string[];
    opens_at: Date;
    closes_at: Date | null;
  };
  campaigns_enrollments: {
    id: number;
    campaign_id: number;
    citizen_id: number;
    cohort_id: number;
    channel: EnrollmentChannel;
    contact_phone: string | null;
    lang: 'it' | 'en' | null;
    enrolled_at: Date;
    withdrawn_at: Date | null;
  };
  campaigns_enrollment_facts: {
    campaign_code: string;
    cohort_id: number;
    channel: EnrollmentChannel;
    enrolled_at: Date;
  };
  campaigns_cohort_coverage: {
    campaign_code: string;
    cohort_id: number;
    label: string;
    opens_at: Date;
    born_to_year: number;
    eligible: number;
    enrolled: number;
  };
  campaigns_province_coverage: { campaign_code: string; province: string; eligible: number; enrolled: number };
}
