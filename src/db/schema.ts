import type { Generated } from 'kysely';
import type {
  DccCertificatesTable,
  DccLabTestsTable,
  DccRapidTestsTable,
  DccRecoveriesTable,
  DccRevocationsTable,
} from '../certificates/db-types.ts';
import type { SchedulingTables } from '../scheduling/db-types.ts';
import type { RecordsTables } from '../records/db-types.ts';
import type { GatewayTables } from '../fse2/gateway/db-types.ts';
import type { WaitroomTables } from '../waitroom/db-types.ts';
import type { NotifyTables } from '../notify/db-types.ts';

/** Kysely's view of the tables. Each module owns its tables; others call its service. */
export interface Database extends SchedulingTables, RecordsTables, WaitroomTables, NotifyTables, GatewayTables {
  ats: AtsTable;
  provinces: ProvincesTable;
  municipalities: MunicipalitiesTable;
  facilities: FacilitiesTable;
  operators: OperatorsTable;
  citizens: CitizensTable;
  idp_credentials: IdpCredentialsTable;
  facility_clients: FacilityClientsTable;
  sessions: SessionsTable;
  auth_transactions: AuthTransactionsTable;
  delegations: DelegationsTable;
  audit_events: AuditEventsTable;
  campaigns: CampaignsTable;
  campaign_cohorts: CampaignCohortsTable;
  enrollment_drafts: EnrollmentDraftsTable;
  enrollments: EnrollmentsTable;
  phone_verifications: PhoneVerificationsTable;
  dcc_certificates: DccCertificatesTable;
  dcc_revocations: DccRevocationsTable;
  dcc_rapid_tests: DccRapidTestsTable;
  dcc_lab_tests: DccLabTestsTable;
  dcc_recoveries: DccRecoveriesTable;
}

export interface AtsTable {
  code: string;
  name: string;
}

export interface ProvincesTable {
  code: string;
  abbr: string;
  name: string;
  ats_code: string;
}

export interface MunicipalitiesTable {
  istat_code: string;
  cadastral_code: string;
  name: string;
  province_code: string;
  population: number;
}

export type FacilityKind = 'pharmacy' | 'hospital' | 'lab' | 'vaccination_centre' | 'gp_practice';

export interface FacilitiesTable {
  id: Generated<number>;
  code: string;
  kind: FacilityKind;
  name: string;
  municipality_istat: string;
  created_at: Generated<Date>;
}

export type OperatorRole = 'gp' | 'pharmacist' | 'vaccinator' | 'region';

export interface OperatorsTable {
  id: Generated<number>;
  username: string;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  role: OperatorRole;
  facility_id: number | null;
  province_code: string | null;
  email: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CitizensTable {
  id: Generated<number>;
  fiscal_code: string;
  health_card_number: string;
  given_name: string;
  family_name: string;
  sex: 'M' | 'F';
  birth_date: string;
  birth_place_code: string;
  residence_istat: string;
  mobile_phone: string | null;
  email: string | null;
  gp_id: number | null;
  synthetic_seed: number | null;
  created_at: Generated<Date>;
}

export interface IdpCredentialsTable {
  username: string;
  password_hash: string;
  fiscal_code: string;
  created_at: Generated<Date>;
}

export interface FacilityClientsTable {
  client_id: string;
  client_secret: string;
  facility_id: number;
  scopes: string[];
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  citizen_id: number | null;
  operator_id: number | null;
  acting_for_citizen_id: number | null;
  csrf_token: string;
  id_token: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  absolute_expires_at: Date;
}

export interface DelegationsTable {
  id: Generated<number>;
  delegator_id: number;
  delegate_id: number;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  /** NULL: until revoked (migration 0017). */
  expires_at: Generated<Date | null>;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_kind: 'citizen' | 'operator' | 'facility' | 'system' | 'anonymous';
  actor_id: string;
  actor_role: string;
  actor_name: string;
  on_behalf_of_citizen_id: number | null;
  subject_citizen_id: number | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'login' | 'logout' | 'search';
  resource_type: string;
  resource_id: string | null;
  purpose: string;
  outcome: 'success' | 'denied' | 'failed';
  request_id: string | null;
}

export interface AuthTransactionsTable {
  state: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  prefer: 'citizen' | 'operator';
  created_at: Generated<Date>;
}

export interface CampaignsTable {
  id: Generated<number>;
  code: string;
  name: string;
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
