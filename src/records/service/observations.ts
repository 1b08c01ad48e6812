import { randomUUID } from 'node:crypto';
import type { Observation, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import { conflict, forbidden } from '../../shared/errors.ts';
import { derivedRepository } from '../derived/repository.ts';
import type { AuditSink, Principal } from '../../shared/principal.ts';
import { requireScope } from '../access/scope.ts';
import { OBSERVATION } from '../resources/index.ts';
import { UUID } from '../search/compile.ts';
import { observationColumns, type Ownership } from '../store/extract.ts';
import { withMeta, writeStore } from '../store/writes.ts';
import { checked, ifMatchVersion, ifNoneExistIdentifier, patientOf, sameId, unknownResource } from './common.ts';

/** Who may write results: a facility system (fse:write) for anyone, a GP for patients on the list. */
async function authorOf(
  db: Kysely<RecordsDatabase>,
  principal: Principal,
  patientId: number,
): Promise<Omit<Ownership, 'patientId'>> {
  if (principal.kind === 'facility') {
    requireScope(principal, 'fse:write');
    return { authorFacilityId: principal.facilityId, authorOperatorId: null };
  }
  if (principal.kind === 'operator' && principal.role === 'gp') {
    if (!(await serviceRepository.onGpList(db, patientId, principal.operatorId)))
      throw forbidden('fse.not_your_patient', 'GPs record results for patients on their own list.');
    return { authorFacilityId: null, authorOperatorId: principal.operatorId };
  }
  throw forbidden('auth.role', 'Only facilities and GPs record results.');
}

/** Observations (laboratory values and the like): created and corrected by their author only. */
export function observationService(deps: { db: Kysely<RecordsDatabase>; audit: AuditSink; now: () => Date }) {
  const writes = writeStore();
  return {
    async create(
      principal: Principal,
      body: unknown,
      ifNoneExist: string | undefined,
      requestId: string,
    ): Promise<{ resource: Resource; created: boolean }> {
      const obs = checked<Observation>(body, 'Observation');
      const key = ifNoneExistIdentifier(ifNoneExist);
      const patientId = await patientOf(deps.db, obs.subject, 'Observation.subject');
      const author = await authorOf(deps.db, principal, patientId);
      return deps.db.transaction().execute(async (trx) => {
        if (key !== null) {
          const found = await serviceRepository.observationByIdentifier(trx, author, key);
          if (found !== undefined) return { resource: found, created: false };
        }
        const at = deps.now();
        const resource = withMeta<Observation>(
          { ...obs, subject: { reference: `Patient/${patientId}` } },
          randomUUID(),
          1,
          at,
        );
        await writes.insert(trx, OBSERVATION, resource, observationColumns(resource, { patientId, ...author }, at));
        await deps.audit.record(
          {
            principal,
            action: 'create',
            resourceType: 'Observation',
            resourceId: resource.id,
            subjectCitizenId: patientId,
            purpose: 'result',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return { resource, created: true };
      });
    },

    async update(
      principal: Principal,
      id: string,
      body: unknown,
      ifMatch: string | undefined,
      requestId: string,
    ): Promise<Resource> {
      const obs = checked<Observation>(body, 'Observation');
      sameId(obs, id);
      if (!UUID.test(id)) throw unknownResource('Observation', id);
      const patientId = await patientOf(deps.db, obs.subject, 'Observation.subject');
      const author = await authorOf(deps.db, principal, patientId);
      return deps.db.transaction().execute(async (trx) => {
        const current = await writes.lock(trx, OBSERVATION, id);
        if (current !== null && (await derivedRepository.isDerivedObservation(trx, id)))
          throw conflict(
            'fse.derived_result',
            'This result was read from a document: correct it by publishing a replacement of that document.',
          );
        // Someone else's result and no result at all answer the same.
        if (
          current?.patientId !== patientId ||
          current.authorFacilityId !== author.authorFacilityId ||
          current.authorOperatorId !== author.authorOperatorId
        ) {
          throw unknownResource('Observation', id);
        }
        const at = deps.now();
        const next = { ...obs, id, subject: { reference: `Patient/${patientId}` } };
        const stored = await writes.update(
          trx,
          OBSERVATION,
          current,
          ifMatchVersion(ifMatch),
          next,
          observationColumns(next, { patientId, ...author }, at),
          at,
        );
        await deps.audit.record(
          {
            principal,
            action: 'update',
            resourceType: 'Observation',
            resourceId: id,
            subjectCitizenId: patientId,
            purpose: 'result',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return stored;
      });
    },
  };
}

export type ObservationService = ReturnType<typeof observationService>;
