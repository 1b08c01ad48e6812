import { forbidden } from '../shared/errors.ts';
import type { AuditSink, CitizenAccess, OperatorPrincipal, Principal } from '../shared/principal.ts';
import type { FiscalCode } from '../shared/identifiers.ts';
import type { RegistryRepository } from './repository.ts';
import type { PatientStanding } from './schemas.ts';

export interface CitizenProfile {
  readonly fiscalCode: string;
  readonly healthCardNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly birthPlaceCode: string;
  readonly residenceIstat: string;
  readonly mobilePhone: string | null;
  readonly email: string | null;
}

/**
 * Personal data in the registry, behind the relationship check and the access log.
 * Not found and not allowed give the same 403, so the answer never reveals whether
 * a codice fiscale exists to someone who may not see it.
 */
export function peopleService(deps: {
  repo: RegistryRepository;
  access: CitizenAccess;
  audit: AuditSink;
  /** Enrollment and eligibility per open campaign, supplied by the campaigns module (its tables are its own). */
  standings: (people: readonly { id: number; birthYear: number }[]) => Promise<Map<number, PatientStanding[]>>;
}) {
  return {
    async profile(principal: Principal, fiscalCode: FiscalCode, requestId: string): Promise<CitizenProfile> {
      const citizen = await deps.repo.citizenByFiscalCode(fiscalCode);
      const allowed = citizen !== undefined && (await deps.access.canReadCitizen(principal, citizen.id));
      await deps.audit.record({
        principal,
        action: 'read',
        resourceType: 'CitizenProfile',
        resourceId: fiscalCode,
        subjectCitizenId: citizen?.id ?? null,
        purpose: principal.kind === 'operator' ? 'care' : 'own-data',
        outcome: allowed ? 'success' : 'denied',
        requestId,
      });
      if (!allowed) throw forbidden('registry.citizen_forbidden', 'You may not see this person’s data.');
      return {
        fiscalCode: citizen.fiscal_code,
        healthCardNumber: citizen.health_card_number.trim(),
        givenName: citizen.given_name,
        familyName: citizen.family_name,
        sex: citizen.sex,
        birthDate: citizen.birth_date,
        birthPlaceCode: citizen.birth_place_code,
        residenceIstat: citizen.residence_istat,
        mobilePhone: citizen.mobile_phone,
        email: citizen.email,
      };
    },

    async patients(gp: OperatorPrincipal, limit: number, offset: number, requestId: string) {
      const page = await deps.repo.patientsOf(gp.operatorId, limit, offset);
      await deps.audit.record({
        principal: gp,
        action: 'search',
        resourceType: 'PatientList',
        subjectCitizenId: null,
        purpose: 'care',
        outcome: 'success',
        requestId,
      });
      // The list shows each patient's name, codice fiscale and birth date: each of them sees the look.
      const shown = page.items.map((p) => p.id);
      await deps.audit.recordEach(
        {
          principal: gp,
          action: 'read',
          resourceType: 'PatientList',
          purpose: 'patient-list',
          outcome: 'success',
          requestId,
        },
        shown,
      );
      // Enrollment and eligibility per open campaign, from the campaigns module (its tables are its own).
      const standings = await deps.standings(
        page.items.map((p) => ({ id: p.id, birthYear: Number(p.birthDate.slice(0, 4)) })),
      );
      return {
        total: page.total,
        items: page.items.map((p) => ({
          fiscalCode: p.fiscalCode,
          givenName: p.givenName,
          familyName: p.familyName,
          birthDate: p.birthDate,
          campaigns: standings.get(p.id) ?? [],
        })),
      };
    },
  };
}

export type PeopleService = ReturnType<typeof peopleService>;
