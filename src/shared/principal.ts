import type { QueryExecutorProvider } from 'kysely';
import type { Role } from './roles.ts';

/** Who is calling. Resolved once per request by the access plugin, then passed to services. */
export interface CitizenPrincipal {
  readonly kind: 'citizen';
  readonly citizenId: number;
  readonly fiscalCode: string;
  readonly name: string;
  /** Set when the citizen acts as a delegate for someone else. */
  readonly actingFor: { readonly citizenId: number; readonly fiscalCode: string; readonly name: string } | null;
  readonly sessionHash: string;
}

export interface OperatorPrincipal {
  readonly kind: 'operator';
  readonly operatorId: number;
  readonly role: 'gp' | 'pharmacist' | 'vaccinator' | 'region';
  readonly name: string;
  readonly fiscalCode: string;
  readonly facilityId: number | null;
  readonly provinceCode: string | null;
  readonly sessionHash: string;
}

export interface FacilityPrincipal {
  readonly kind: 'facility';
  readonly clientId: string;
  readonly facilityId: number;
  readonly scopes: readonly string[];
}

export type Principal = CitizenPrincipal | OperatorPrincipal | FacilityPrincipal;

export function roleOf(principal: Principal): Role {
  if (principal.kind === 'operator') return principal.role;
  return principal.kind;
}

/** The citizen whose data a citizen principal is working on: themselves, or whom they represent. */
export function subjectCitizenId(principal: CitizenPrincipal): number {
  return principal.actingFor?.citizenId ?? principal.citizenId;
}

export interface AuditSinkEntry {
  readonly principal: Principal | null;
  readonly action: 'read' | 'create' | 'update' | 'delete' | 'login' | 'logout' | 'search';
  readonly resourceType: string;
  readonly resourceId?: string | null;
  readonly subjectCitizenId: number | null;
  readonly purpose: string;
  readonly outcome: 'success' | 'denied' | 'failed';
  readonly requestId?: string | null;
}

/** The access log: every read or change of personal data goes through one of these. */
export interface AuditSink {
  /** Pass the caller's transaction to make the log entry part of the change it records. */
  record(entry: AuditSinkEntry, trx?: QueryExecutorProvider): Promise<void>;
  /** The same entry for each citizen a list showed, in one statement. */
  recordEach(
    entry: Omit<AuditSinkEntry, 'subjectCitizenId'>,
    subjectCitizenIds: readonly number[],
    trx?: QueryExecutorProvider,
  ): Promise<void>;
}

/** Relationship checks ("is this my patient?"), implemented by the identity module. */
export interface CitizenAccess {
  /** Self, a delegate acting for them, or their GP. */
  canReadCitizen(principal: Principal, citizenId: number): Promise<boolean>;
}
