import { randomUUID } from 'node:crypto';
import type { MedicationDispense, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import { conflict, forbidden, validationError } from '../../shared/errors.ts';
import type { AuditSink, OperatorPrincipal, Principal } from '../../shared/principal.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import { MEDICATION_DISPENSE, MEDICATION_REQUEST } from '../resources/index.ts';
import { referenceId, UUID } from '../search/compile.ts';
import { medicationDispenseColumns, medicationRequestColumns } from '../store/extract.ts';
import { withMeta, writeStore } from '../store/writes.ts';
import { checked, ifMatchVersion, ifNoneExistIdentifier, patientOf, sameId, unknownResource } from './common.ts';

/** NRE: "030" (Lombardy's region code) + "A" + 11 digits from a sequence: unique, never reused. */
async function nextNre(trx: Kysely<RecordsDatabase>): Promise<string> {
  return `030A${String(await serviceRepository.nextNreNumber(trx)).padStart(11, '0')}`;
}

const gp = (principal: Principal): OperatorPrincipal => {
  if (principal.kind !== 'operator' || principal.role !== 'gp')
    throw forbidden('auth.role', 'Only GPs write prescriptions.');
  return principal;
};

/** GP statuses a prescription may move to; "completed" is set only by a dispensing. */
const GP_STATUSES = new Set(['active', 'on-hold', 'cancelled', 'stopped', 'entered-in-error']);

/**
 * E-prescriptions: GPs write MedicationRequests for patients on their list (Salus
 * assigns the NRE); a pharmacist who was shown the codice fiscale and the NRE
 * dispenses one, which completes it in the same transaction. A prescription is
 * dispensed once: a unique index turns a second attempt into a 409.
 */
export function prescriptionService(deps: { db: Kysely<RecordsDatabase>; audit: AuditSink; now: () => Date }) {
  const writes = writeStore();

  async function onList(trx: Kysely<RecordsDatabase>, doctor: OperatorPrincipal, patientId: number): Promise<void> {
    if (!(await serviceRepository.onGpList(trx, patientId, doctor.operatorId)))
      throw forbidden('fse.not_your_patient', 'GPs prescribe for patients on their own list.');
  }

  return {
    async create(
      principal: Principal,
      body: unknown,
      ifNoneExist: string | undefined,
      requestId: string,
    ): Promise<{ resource: Resource; created: boolean }> {
      const doctor = gp(principal);
      const mr = checked<MedicationRequest>(body, 'MedicationRequest');
      if (mr.medicationCodeableConcept === undefined)
        throw validationError('fse.medication', 'Name the medication with medicationCodeableConcept (AIC code).', [
          { field: 'MedicationRequest.medicationCodeableConcept', message: 'required' },
        ]);
      if (mr.status !== 'active' || mr.intent !== 'order')
        throw validationError('fse.prescription_status', 'A new prescription is status "active", intent "order".', [
          { field: 'MedicationRequest.status', message: 'active / order' },
        ]);
      if ((mr.identifier ?? []).some((i) => i.system === SYSTEMS.nre))
        throw validationError('fse.nre_assigned', 'Salus assigns the NRE; leave it out.', [
          { field: 'MedicationRequest.identifier', message: 'no NRE' },
        ]);
      const key = ifNoneExistIdentifier(ifNoneExist);
      const patientId = await patientOf(deps.db, mr.subject, 'MedicationRequest.subject');
      return deps.db.transaction().execute(async (trx) => {
        await onList(trx, doctor, patientId);
        if (key !== null) {
          const found = await serviceRepository.requestByIdentifier(trx, doctor.operatorId, key);
          if (found !== undefined) return { resource: found, created: false };
        }
        const at = deps.now();
        const nre = await nextNre(trx);
        const resource = withMeta<MedicationRequest>(
          {
            ...mr,
            identifier: [{ use: 'official', system: SYSTEMS.nre, value: nre }, ...(mr.identifier ?? [])],
            subject: { reference: `Patient/${patientId}` },
            requester: { identifier: { system: SYSTEMS.fiscalCode, value: doctor.fiscalCode }, display: doctor.name },
            authoredOn: mr.authoredOn ?? at.toISOString(),
          },
          randomUUID(),
          1,
          at,
        );
        await writes.insert(
          trx,
          MEDICATION_REQUEST,
          resource,
          medicationRequestColumns(
            resource,
            { patientId, authorFacilityId: null, authorOperatorId: doctor.operatorId },
            nre,
            at,
          ),
        );
        await deps.audit.record(
          {
            principal,
            action: 'create',
            resourceType: 'MedicationRequest',
            resourceId: resource.id,
            subjectCitizenId: patientId,
            purpose: 'prescription',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return { resource, created: true };
      });
    },

    /** The prescribing GP changes status or dosage; patient, NRE and prescriber stay as first written. */
    async update(
      principal: Principal,
      id: string,
      body: unknown,
      ifMatch: string | undefined,
      requestId: string,
    ): Promise<Resource> {
      const doctor = gp(principal);
      const mr = checked<MedicationRequest>(body, 'MedicationRequest');
      sameId(mr, id);
      if (!GP_STATUSES.has(mr.status))
        throw validationError(
          'fse.prescription_status',
          `A GP sets status ${[...GP_STATUSES].join(', ')}; "completed" comes from dispensing.`,
          [{ field: 'MedicationRequest.status', message: 'not allowed' }],
        );
      if (!UUID.test(id)) throw unknownResource('MedicationRequest', id);
      return deps.db.transaction().execute(async (trx) => {
        const current = await writes.lock(trx, MEDICATION_REQUEST, id);
        if (current?.authorOperatorId !== doctor.operatorId) throw unknownResource('MedicationRequest', id);
        const before = current.content as MedicationRequest;
        if (before.status !== 'active' && before.status !== 'on-hold')
          throw conflict('fse.prescription_closed', `This prescription is ${before.status} and can no longer change.`);
        const at = deps.now();
        const next = {
          ...mr,
          id,
          identifier: before.identifier,
          subject: before.subject,
          requester: before.requester,
          authoredOn: before.authoredOn,
        };
        const nre = before.identifier?.find((i) => i.system === SYSTEMS.nre)?.value ?? '';
        const stored = await writes.update(
          trx,
          MEDICATION_REQUEST,
          current,
          ifMatchVersion(ifMatch),
          next,
          medicationRequestColumns(
            next,
            { patientId: current.patientId, authorFacilityId: null, authorOperatorId: doctor.operatorId },
            nre,
            at,
          ),
          at,
        );
        await deps.audit.record(
          {
            principal,
            action: 'update',
            resourceType: 'MedicationRequest',
            resourceId: id,
            subjectCitizenId: current.patientId,
            purpose: 'prescription',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        return stored;
      });
    },

    /**
     * Records a dispensing. The body names the prescription (authorizingPrescription)
     * and the patient by codice fiscale (subject.identifier): the pharmacist must have
     * both, as on the paper slip; a mismatch looks like an unknown prescription.
     */
    async dispense(principal: Principal, body: unknown, requestId: string): Promise<Resource> {
      if (principal.kind !== 'operator' || principal.role !== 'pharmacist' || principal.facilityId === null)
        throw forbidden('auth.role', 'Only pharmacists dispense.');
      const pharmacist = principal;
      const md = checked<MedicationDispense>(body, 'MedicationDispense');
      const ref = md.authorizingPrescription?.[0]?.reference;
      const prescriptionId = ref === undefined ? null : referenceId(ref, 'MedicationRequest');
      const fiscalCode =
        md.subject?.identifier?.system === SYSTEMS.fiscalCode ? md.subject.identifier.value?.toUpperCase() : undefined;
      if (prescriptionId === null || !UUID.test(prescriptionId) || md.authorizingPrescription?.length !== 1) {
        throw validationError(
          'fse.dispense_prescription',
          'authorizingPrescription must name one MedicationRequest/<id>.',
          [{ field: 'MedicationDispense.authorizingPrescription', message: 'one MedicationRequest' }],
        );
      }
      if (fiscalCode === undefined)
        throw validationError('fse.dispense_subject', 'subject.identifier must carry the patient’s codice fiscale.', [
          { field: 'MedicationDispense.subject', message: `identifier with system ${SYSTEMS.fiscalCode}` },
        ]);
      if (md.status !== 'completed')
        throw validationError('fse.dispense_status', 'A recorded dispensing is status "completed".', [
          { field: 'MedicationDispense.status', message: 'completed' },
        ]);
      try {
        return await deps.db.transaction().execute(async (trx) => {
          const current = await writes.lock(trx, MEDICATION_REQUEST, prescriptionId);
          const patientFiscalCode =
            current === null ? undefined : await serviceRepository.fiscalCodeOf(trx, current.patientId);
          if (current === null || patientFiscalCode !== fiscalCode)
            throw unknownResource('MedicationRequest', prescriptionId);
          const mr = current.content as MedicationRequest;
          if (mr.status !== 'active')
            throw conflict(
              'fse.prescription_not_active',
              mr.status === 'completed'
                ? 'This prescription has already been dispensed.'
                : `This prescription is ${mr.status}.`,
            );
          const at = deps.now();
          const completed = { ...mr, id: prescriptionId, status: 'completed' as const };
          const nre = mr.identifier?.find((i) => i.system === SYSTEMS.nre)?.value ?? '';
          await writes.update(trx, MEDICATION_REQUEST, current, null, completed, { status: 'completed' }, at);
          const facility = await serviceRepository.facility(trx, pharmacist.facilityId ?? 0);
          const resource = withMeta<MedicationDispense>(
            {
              ...md,
              subject: {
                reference: `Patient/${current.patientId}`,
                identifier: { system: SYSTEMS.fiscalCode, value: fiscalCode },
              },
              medicationCodeableConcept: md.medicationCodeableConcept ?? mr.medicationCodeableConcept,
              authorizingPrescription: [
                { reference: `MedicationRequest/${prescriptionId}`, identifier: { system: SYSTEMS.nre, value: nre } },
              ],
              performer: md.performer ?? [
                {
                  actor: {
                    identifier: { system: SYSTEMS.fiscalCode, value: pharmacist.fiscalCode },
                    display: `${pharmacist.name}, ${facility?.name ?? ''}`.replace(/, $/, ''),
                  },
                },
              ],
              whenHandedOver: md.whenHandedOver ?? at.toISOString(),
            },
            randomUUID(),
            1,
            at,
          );
          await writes.insert(
            trx,
            MEDICATION_DISPENSE,
            resource,
            medicationDispenseColumns(
              resource,
              {
                patientId: current.patientId,
                authorFacilityId: pharmacist.facilityId,
                authorOperatorId: pharmacist.operatorId,
              },
              prescriptionId,
              at,
            ),
          );
          await deps.audit.record(
            {
              principal,
              action: 'create',
              resourceType: 'MedicationDispense',
              resourceId: resource.id,
              subjectCitizenId: current.patientId,
              purpose: 'dispensing',
              outcome: 'success',
              requestId,
            },
            trx,
          );
          return resource;
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === '23505')
          throw conflict('fse.prescription_not_active', 'This prescription has already been dispensed.');
        throw error;
      }
    },

    /** The prescription a pharmacist was shown, by codice fiscale + NRE; null when they do not match. */
    async lookup(
      fiscalCode: string,
      nre: string,
    ): Promise<{ id: string; medication: MedicationRequest['medicationCodeableConcept'] } | null> {
      const row = await serviceRepository.prescriptionByFiscalCodeAndNre(deps.db, fiscalCode, nre);
      return row === undefined
        ? null
        : { id: row.id, medication: (row.content as MedicationRequest).medicationCodeableConcept };
    },
  };
}

export type PrescriptionService = ReturnType<typeof prescriptionService>;
