/**
 * Two more events that become certificates, delivered like the others (SMS with
 * the retrieval code, PDF filed in the FSE): a lab's molecular (PCR) result posted
 * by the lab's system, and a recovery recorded by the holder's GP.
 */
import type { IssueAndDeliver } from './from-events.ts';
import { holderOf, NOT_DETECTED } from './from-events.ts';
import { romeDay } from '../shared/rome-day.ts';
import type { IssuedCertificate } from './issuance.ts';
import type { IssueRequest } from './payload.ts';
import { isProblem, recoveryDates } from './recovery-dates.ts';
import type { LabTestRow, RecoveryRow, ResultsRepository } from './results-repository.ts';
import { parseFiscalCode } from '../shared/identifiers.ts';
import { conflict, forbidden, notFound, validationError } from '../shared/errors.ts';
import type { AuditSink, FacilityPrincipal, OperatorPrincipal } from '../shared/principal.ts';

// Value set test-type: LP6464-4 = nucleic acid amplification (PCR).
const MOLECULAR = 'LP6464-4';
// The longest a test certificate can be valid (molecular, 72 h): a not-detected
// result posted later would give a certificate already expired, so it gets none.
const TEST_WINDOW_MS = 72 * 3_600_000;
// A sample "taken" a few minutes in the future is clock skew between systems.
const CLOCK_SKEW_MS = 5 * 60_000;
// Only systems of facilities that run molecular tests post results here.
const LAB_KINDS: ReadonlySet<string> = new Set(['lab', 'hospital']);

export type LabResultInput = {
  fiscalCode: string;
  resultId: string;
  sampleCollectedAt: string;
  result: 'detected' | 'not-detected';
  testName?: string | undefined;
};
export type LabResultOutcome = {
  testId: number;
  result: 'detected' | 'not-detected';
  certificate: IssuedCertificate | null;
};
export type RecoveryOutcome = {
  recoveryId: number;
  firstPositiveDate: string;
  validFrom: string;
  validUntil: string;
  certificate: IssuedCertificate;
};

export type FromResultsDeps = {
  results: ResultsRepository;
  issueAndDeliver: IssueAndDeliver;
  audit: AuditSink;
  now: () => Date;
};

/** Whole seconds: the schema's date-time pattern, and a shorter QR. */
const instant = (at: Date): string => at.toISOString().replace(/\.\d+Z$/, 'Z');

function sameLabResult(row: LabTestRow, citizenId: number, input: LabResultInput, sampledAt: Date): boolean {
  return (
    row.citizenId === citizenId &&
    row.result === (input.result === 'detected' ? 'detected' : 'not_detected') &&
    row.sampledAt.getTime() === sampledAt.getTime() &&
    row.testName === (input.testName ?? null)
  );
}

export function certificatesFromResults(deps: FromResultsDeps) {
  return {
    /**
     * A lab's system posts a molecular result. Not detected: a test certificate, as
     * for a rapid test. Detected: recorded without one (the Italian rules make a
     * detected test invalid); it is the positive test a recovery is later based on.
     */
    async recordLabResult(lab: FacilityPrincipal, input: LabResultInput, requestId: string): Promise<LabResultOutcome> {
      if (!lab.scopes.includes('fse:write'))
        throw forbidden(
          'certificates.scope',
          'This token lacks the fse:write scope: request it with client credentials.',
        );
      const facility = await deps.results.facility(lab.facilityId);
      if (facility === null || !LAB_KINDS.has(facility.kind))
        throw forbidden(
          'certificates.not_a_lab',
          'Only the systems of labs and hospitals post molecular test results.',
        );
      const sampledAt = new Date(input.sampleCollectedAt);
      if (Number.isNaN(sampledAt.getTime()) || sampledAt.getTime() > deps.now().getTime() + CLOCK_SKEW_MS) {
        throw validationError(
          'certificates.sample_time_invalid',
          'The sample collection time must be a past instant.',
          [{ field: '/sampleCollectedAt', message: 'expected a past date-time' }],
        );
      }
      const fiscalCode = parseFiscalCode(input.fiscalCode, '/fiscalCode');
      const holder = await deps.results.holderByFiscalCode(fiscalCode);
      if (holder === null) throw notFound('certificates.citizen_not_found', 'No citizen has this codice fiscale.');
      const test = await deps.results.recordLabTest({
        citizenId: holder.citizenId,
        facilityId: lab.facilityId,
        clientId: lab.clientId,
        labResultId: input.resultId,
        testName: input.testName ?? null,
        result: input.result === 'detected' ? 'detected' : 'not_detected',
        sampledAt,
      });
      if (!sameLabResult(test, holder.citizenId, input, sampledAt)) {
        throw conflict(
          'certificates.lab_result_changed',
          `Result ${input.resultId} was already posted with other content; post a correction under a new result id.`,
        );
      }
      await deps.audit.record({
        principal: lab,
        action: 'create',
        resourceType: 'LabTest',
        resourceId: String(test.id),
        subjectCitizenId: holder.citizenId,
        purpose: 'covid-test',
        outcome: 'success',
        requestId,
      });
      const result = test.result === 'detected' ? 'detected' : 'not-detected';
      if (test.result === 'detected' || deps.now().getTime() - test.sampledAt.getTime() > TEST_WINDOW_MS)
        return { testId: test.id, result, certificate: null };
      const request: IssueRequest = {
        type: 't',
        subject: holderOf(holder),
        payloadGroup: {
          tt: MOLECULAR,
          ...(test.testName === null ? {} : { nm: test.testName }),
          sc: instant(test.sampledAt),
          tr: NOT_DETECTED,
          tc: facility.name,
        },
        sourceRef: `LabTest/${test.id}`,
      };
      const { certificate } = await deps.issueAndDeliver(
        request,
        holder,
        { facilityId: lab.facilityId, organisation: facility.name },
        lab,
        requestId,
      );
      return { testId: test.id, result, certificate };
    },

    /**
     * The holder's GP records a recovery from the day of the first positive test.
     * Someone not on the GP's list is a 403, logged as denied.
     */
    async recordRecovery(
      gp: OperatorPrincipal,
      patientFiscalCode: string,
      firstPositiveDate: string,
      requestId: string,
    ): Promise<RecoveryOutcome> {
      const fiscalCode = parseFiscalCode(patientFiscalCode, '/fiscalCode');
      const dates = recoveryDates(firstPositiveDate, romeDay(deps.now()));
      if (isProblem(dates))
        throw validationError(
          'certificates.recovery_date_invalid',
          `The recovery cannot be certified: ${dates.message}.`,
          [dates],
        );
      const holder = await deps.results.patientOf(gp.operatorId, fiscalCode);
      if (holder === null) {
        await deps.audit.record({
          principal: gp,
          action: 'create',
          resourceType: 'Recovery',
          resourceId: null,
          subjectCitizenId: null,
          purpose: 'green-pass:recovery',
          outcome: 'denied',
          requestId,
        });
        throw forbidden('certificates.not_your_patient', 'This person is not on your patient list.');
      }
      const recovery: RecoveryRow = await deps.results.recordRecovery({
        citizenId: holder.citizenId,
        operatorId: gp.operatorId,
        firstPositiveOn: dates.fr,
        validFrom: dates.df,
        validUntil: dates.du,
      });
      await deps.audit.record({
        principal: gp,
        action: 'create',
        resourceType: 'Recovery',
        resourceId: String(recovery.id),
        subjectCitizenId: holder.citizenId,
        purpose: 'green-pass:recovery',
        outcome: 'success',
        requestId,
      });
      const request: IssueRequest = {
        type: 'r',
        subject: holderOf(holder),
        // The stored dates, not today's computation: a second recording issues nothing new.
        payloadGroup: { fr: recovery.firstPositiveOn, df: recovery.validFrom, du: recovery.validUntil },
        sourceRef: `Recovery/${recovery.id}`,
      };
      const { certificate } = await deps.issueAndDeliver(
        request,
        holder,
        { facilityId: gp.facilityId, organisation: gp.name },
        gp,
        requestId,
      );
      return {
        recoveryId: recovery.id,
        firstPositiveDate: recovery.firstPositiveOn,
        validFrom: recovery.validFrom,
        validUntil: recovery.validUntil,
        certificate,
      };
    },
  };
}

export type CertificatesFromResults = ReturnType<typeof certificatesFromResults>;
