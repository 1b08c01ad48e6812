import type { Resource } from '@medplum/fhirtypes';
import { forbidden, notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';
import { requireScope } from '../access/scope.ts';
import { parseProvideBundle } from '../mhd/provide-parse.ts';
import type { Publish, PublishResult } from '../mhd/publish.ts';
import type { ConsentService } from './consent.ts';
import type { ObservationService } from './observations.ts';
import type { PrescriptionService } from './prescriptions.ts';
import type { FhirReads } from './reads.ts';

export interface WriteHeaders {
  readonly ifMatch?: string | undefined;
  readonly ifNoneExist?: string | undefined;
}

/**
 * The FHIR API as the routes see it: reads for every type, the writes each type
 * allows, and ITI-65 at the base. Routes stay thin; the rules live in the services.
 */
export function fhirService(deps: {
  reads: FhirReads;
  consent: ConsentService;
  observations: ObservationService;
  prescriptions: PrescriptionService;
  publish: Publish;
}) {
  const unsupported = (type: string, what: string) =>
    notFound('fhir.interaction_not_supported', `${what} of ${type} is not supported here.`);
  return {
    ...deps.reads,

    /** ITI-65 Provide Document Bundle: a facility system with fse:write. */
    async provide(principal: Principal, body: unknown, requestId: string): Promise<PublishResult> {
      if (principal.kind !== 'facility')
        throw forbidden('auth.role', 'Documents are published by facility systems (client credentials).');
      requireScope(principal, 'fse:write');
      const submission = parseProvideBundle(body);
      return deps.publish(submission, { principal, facilityId: principal.facilityId, operatorId: null }, requestId);
    },

    async create(
      principal: Principal,
      type: string,
      body: unknown,
      headers: WriteHeaders,
      requestId: string,
    ): Promise<{ resource: Resource; created: boolean }> {
      switch (type) {
        case 'Consent':
          return deps.consent.create(principal, body, requestId);
        case 'Observation':
          return deps.observations.create(principal, body, headers.ifNoneExist, requestId);
        case 'MedicationRequest':
          return deps.prescriptions.create(principal, body, headers.ifNoneExist, requestId);
        case 'MedicationDispense':
          return { resource: await deps.prescriptions.dispense(principal, body, requestId), created: true };
        default:
          throw unsupported(type, 'create');
      }
    },

    async update(
      principal: Principal,
      type: string,
      id: string,
      body: unknown,
      headers: WriteHeaders,
      requestId: string,
    ): Promise<Resource> {
      switch (type) {
        case 'Consent':
          return (await deps.consent.update(principal, id, body, headers.ifMatch, requestId)).resource;
        case 'Observation':
          return deps.observations.update(principal, id, body, headers.ifMatch, requestId);
        case 'MedicationRequest':
          return deps.prescriptions.update(principal, id, body, headers.ifMatch, requestId);
        default:
          throw unsupported(type, 'update');
      }
    },
  };
}

export type FhirService = ReturnType<typeof fhirService>;
