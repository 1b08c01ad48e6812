import type { Generated } from 'kysely';

/** Kysely types of the identity tables (migrations/0002_identity.sql, 0017_delegation_expiry.sql). */
export interface IdentityTables {
  idp_credentials: IdpCredentialsTable;
  facility_clients: FacilityClientsTable;
  sessions: SessionsTable;
  auth_transactions: AuthTransactionsTable;
  delegations: DelegationsTable;
  audit_events: AuditEventsTable;
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

/**
 * The registry's published views identity reads (migrations/0028_published_views.sql): the people who log in, their
 * names in sessions and in the access log, the GP relation. Read-only: the registry owns the rows and declares the
 * views in its db-types.ts; the composition root checks that its declaration satisfies this one.
 */
export interface IdentityReads {
  registry_citizens: RegistryCitizensView;
  registry_operators: RegistryOperatorsView;
  registry_facilities: { id: number; code: string; kind: string; name: string; municipality_istat: string };
}

export interface RegistryCitizensView {
  id: number;
  fiscal_code: string;
  health_card_number: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  residence_istat: string;
  residence_province: string | null;
  mobile_phone: string | null;
  email: string | null;
  gp_id: number | null;
  synthetic_seed: number | null;
}

export interface RegistryOperatorsView {
  id: number;
  username: string;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  role: 'gp' | 'pharmacist' | 'vaccinator' | 'region';
  facility_id: number | null;
  province_code: string | null;
  email: string | null;
  active: boolean;
}

/** Identity's handle: its own tables, and the registry's views it reads. */
export type IdentityDb = IdentityTables & IdentityReads;
