import type { MedicationRequest } from '@medplum/fhirtypes';
import { notFound } from '../../shared/errors.ts';
import type { AuditSink, OperatorPrincipal } from '../../shared/principal.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import type { Publish } from '../mhd/publish.ts';
import type { FhirService } from '../service/fhir.ts';
import type { PrescriptionService } from '../service/prescriptions.ts';
import { issueExemption, type ExemptionInput } from './exemptions.ts';
import type { ApiRepository } from './repository.ts';
import { exemptionView, matches, prescriptionView, type ExemptionView, type PrescriptionView } from './views.ts';

/**
 * The GP's and the pharmacist's pages: the patient list with consents, prescriptions and
 * exemptions written by the GP, and the pharmacist's counter (look up and dispense by
 * codice fiscale + NRE). Reads go through the FHIR service, like the citizen's pages.
 */
export interface CliniciansDeps {
  readonly repo: ApiRepository;
  readonly audit: AuditSink;
  readonly fhir: FhirService;
  readonly prescriptions: PrescriptionService;
  readonly publish: Publish;
  readonly now: () => Date;
}

export function cliniciansApi(deps: CliniciansDeps) {
  const repo = deps.repo;
  const listOf = async (doctor: OperatorPrincipal, fiscalCode: string | null, limit: number, offset: number) => {
    const rows = await repo.gpList(doctor.operatorId, fiscalCode, limit, offset);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        patientId: String(r.id),
        fiscalCode: r.fiscal_code,
        givenName: r.given_name,
        familyName: r.family_name,
        birthDate: r.birth_date,
        consent: r.consent,
      })),
    };
  };

  return {
    /** The GP's list with each patient's consent, so the page can say why a record is empty. */
    async gpPatients(doctor: OperatorPrincipal, limit: number, offset: number) {
      return listOf(doctor, null, limit, offset);
    },

    /**
     * One patient of the GP's list and their consent, for the top of the record page
     * (logged: it tells the GP about the consent).
     */
    async gpPatient(doctor: OperatorPrincipal, fiscalCode: string, requestId: string) {
      const row = (await listOf(doctor, fiscalCode, 1, 0)).items[0];
      if (row === undefined) throw notFound('fse.patient_not_on_list', 'This person is not on your patient list.');
      await deps.audit.record({
        principal: doctor,
        action: 'read',
        resourceType: 'Consent',
        resourceId: null,
        subjectCitizenId: Number(row.patientId),
        purpose: 'consultation',
        outcome: 'success',
        requestId,
      });
      return row;
    },

    async prescribe(
      doctor: OperatorPrincipal,
      fiscalCode: string,
      input: {
        medication: { code: string; display: string };
        dosage: string;
        quantity: number;
        note?: string | undefined;
        idempotencyKey?: string | undefined;
      },
      requestId: string,
    ): Promise<PrescriptionView> {
      const patient = await repo.gpPatient(doctor.operatorId, fiscalCode);
      if (patient === undefined) throw notFound('fse.patient_not_on_list', 'This person is not on your patient list.');
      const body: MedicationRequest = {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        ...(input.idempotencyKey === undefined
          ? {}
          : { identifier: [{ system: `${SYSTEMS.salus}/sid/request`, value: input.idempotencyKey }] }),
        medicationCodeableConcept: {
          coding: [{ system: SYSTEMS.aic, code: input.medication.code, display: input.medication.display }],
          text: input.medication.display,
        },
        subject: { reference: `Patient/${patient.id}` },
        dosageInstruction: [{ text: input.dosage }],
        dispenseRequest: { quantity: { value: input.quantity, unit: 'confezioni' } },
        ...(input.note === undefined ? {} : { note: [{ text: input.note }] }),
      };
      const ifNoneExist =
        input.idempotencyKey === undefined
          ? undefined
          : `identifier=${SYSTEMS.salus}/sid/request|${input.idempotencyKey}`;
      const { resource } = await deps.prescriptions.create(doctor, body, ifNoneExist, requestId);
      return prescriptionView(resource as MedicationRequest, undefined);
    },

    async issueExemption(
      doctor: OperatorPrincipal,
      fiscalCode: string,
      input: ExemptionInput,
      requestId: string,
    ): Promise<ExemptionView> {
      const doc = await issueExemption(
        { repo, publish: deps.publish, now: deps.now },
        doctor,
        fiscalCode,
        input,
        requestId,
      );
      return exemptionView(doc);
    },

    /** The pharmacist's counter: a prescription by codice fiscale + NRE. */
    async lookupPrescription(
      pharmacist: OperatorPrincipal,
      fiscalCode: string,
      nre: string,
      requestId: string,
    ): Promise<PrescriptionView> {
      const bundle = await deps.fhir.search(
        pharmacist,
        'MedicationRequest',
        [
          ['patient.identifier', `${SYSTEMS.fiscalCode}|${fiscalCode}`],
          ['identifier', `${SYSTEMS.nre}|${nre}`],
        ],
        false,
        requestId,
      );
      const mr = matches<MedicationRequest>(bundle, 'MedicationRequest')[0];
      if (mr === undefined)
        throw notFound('fse.prescription_not_found', 'No prescription matches this codice fiscale and NRE.');
      return prescriptionView(mr, undefined);
    },

    async dispense(
      pharmacist: OperatorPrincipal,
      fiscalCode: string,
      nre: string,
      requestId: string,
    ): Promise<PrescriptionView> {
      const found = await deps.prescriptions.lookup(fiscalCode, nre);
      if (found === null)
        throw notFound('fse.prescription_not_found', 'No prescription matches this codice fiscale and NRE.');
      await deps.prescriptions.dispense(
        pharmacist,
        {
          resourceType: 'MedicationDispense',
          status: 'completed',
          subject: { identifier: { system: SYSTEMS.fiscalCode, value: fiscalCode } },
          ...(found.medication === undefined ? {} : { medicationCodeableConcept: found.medication }),
          authorizingPrescription: [{ reference: `MedicationRequest/${found.id}` }],
        },
        requestId,
      );
      return this.lookupPrescription(pharmacist, fiscalCode, nre, requestId);
    },
  };
}
