/**
 * Certificates issued from recorded events: a dose recorded at a vaccination
 * centre (through a job queued in the dose's own transaction) and a rapid antigen
 * test recorded by a pharmacist (issued in the request, ready at the counter).
 * Each is kept in the holder's FSE as a PDF document, and the holder gets an SMS
 * with the retrieval code.
 */
import { sql } from 'kysely';
import type { Task } from 'graphile-worker';
import type { CallersHandle } from '../db/tables.ts';
import type { EventsRepository, HolderRow, VaccinationEvent } from './events-repository.ts';
import type { IssuanceService, IssueResult, IssuedCertificate } from './issuance.ts';
import type { AuditLog } from './log.ts';
import type { Holder, IssueRequest } from './payload.ts';
import type { RapidTestDevices } from './rapid-test-devices.ts';
import { parseFiscalCode } from '../shared/identifiers.ts';
import { notFound, validationError } from '../shared/errors.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink, OperatorPrincipal, Principal } from '../shared/principal.ts';
import { romeDay } from '../shared/rome-day.ts';

/** What the FSE keeps of a certificate (records' storeCertificate takes exactly this). */
export type CertificateRecordEntry = {
  fiscalCode: string;
  key: string;
  description: string;
  date: string;
  pdf: Uint8Array;
  facilityId: number | null;
  organisation: string;
  actor: Principal | null;
  requestId: string;
};
export type RecordStore = (entry: CertificateRecordEntry) => Promise<unknown>;

export const ISSUE_VACCINATION_TASK = 'certificates_issue_vaccination';

// mRNA vaccines by EU authorisation number; the others are reported with the ATC
// group J07BX03 (COVID-19 vaccines), as the EU value set allows.
const MRNA = new Set(['EU/1/20/1528', 'EU/1/20/1507']);
const RAPID_ANTIGEN = 'LP217198-3';
export const NOT_DETECTED = '260415000';

/** The day in Italy, as the DCC's `dt` (a dose at 00:30 in Rome is still that day). */

export const holderOf = (h: HolderRow): Holder => ({
  fiscalCode: parseFiscalCode(h.fiscalCode),
  familyName: h.familyName,
  givenName: h.givenName,
  birthDate: h.birthDate,
});

export function vaccinationRequest(v: VaccinationEvent): IssueRequest {
  return {
    type: 'v',
    subject: holderOf(v),
    // A booster beyond the product's cycle counts as n/n (e.g. 3/3), as Italy and the EU agreed.
    payloadGroup: {
      vp: MRNA.has(v.medicinalProduct) ? '1119349007' : 'J07BX03',
      mp: v.medicinalProduct,
      ma: v.manufacturer,
      dn: v.doseNumber,
      sd: Math.max(v.productDoses, v.doseNumber),
      dt: romeDay(v.administeredAt),
    },
    sourceRef: `Immunization/${v.vaccinationId}`,
  };
}

export type RapidTestInput = {
  fiscalCode: string;
  healthCardNumber: string;
  device: string;
  result: 'negative' | 'positive';
  requestKey: string;
};
export type RapidTestOutcome = {
  testId: number;
  result: 'negative' | 'positive';
  certificate: IssuedCertificate | null;
};

export type FromEventsDeps = {
  events: EventsRepository;
  issuance: IssuanceService;
  devices: RapidTestDevices;
  outbox: Outbox;
  audit: AuditSink;
  storeInRecord: RecordStore;
  publicUrl: string;
  now: () => Date;
  log: AuditLog;
};

export function certificatesFromEvents(deps: FromEventsDeps) {
  /** Issues (or finds) the certificate, texts the code with it, then files the PDF in the FSE. */
  async function issueAndDeliver(
    request: IssueRequest,
    holder: HolderRow,
    where: { facilityId: number | null; organisation: string },
    actor: Principal | null,
    requestId: string,
  ): Promise<IssueResult> {
    const result = await deps.issuance.issueCertificate(request, async (trx, certificate, code) => {
      if (holder.mobilePhone === null) return;
      await deps.outbox.enqueue(trx, {
        lane: 'appointment',
        to: holder.mobilePhone,
        text: smsText(certificate.type, code, deps.publicUrl),
        idempotencyKey: `dcc:${certificate.uvci}:issued`,
      });
    });
    // After the certificate's commit: filing in the FSE is idempotent, so a retry (the
    // job's, or the pharmacist's click) completes what a crash left half done.
    const { certificate } = result;
    await deps.storeInRecord({
      fiscalCode: certificate.fiscalCode,
      key: certificate.uvci,
      description: DESCRIPTIONS[certificate.type],
      date: certificate.issuedAt.toISOString(),
      pdf: await deps.issuance.pdf(certificate.uvci),
      facilityId: where.facilityId,
      organisation: where.organisation,
      actor,
      requestId,
    });
    return result;
  }

  async function vaccinationEvent(vaccinationId: number): Promise<VaccinationEvent> {
    const event = await deps.events.vaccination(vaccinationId);
    if (event === null) throw notFound('certificates.event_not_found', `There is no vaccination ${vaccinationId}.`);
    return event;
  }

  function issueForEvent(event: VaccinationEvent, requestId: string): Promise<IssueResult> {
    return issueAndDeliver(
      vaccinationRequest(event),
      event,
      { facilityId: event.facilityId, organisation: event.centreName },
      null,
      requestId,
    );
  }

  const issueVaccinationTask: Task = async (payload) => {
    const id = (payload as { vaccinationId?: unknown } | null)?.vaccinationId;
    if (typeof id !== 'number' || !Number.isSafeInteger(id))
      throw new Error(`${ISSUE_VACCINATION_TASK}: bad payload ${JSON.stringify(payload)}`);
    const event = await vaccinationEvent(id);
    // A dose dated after today (Rome), recorded before the centre refused such times (issue 16:
    // "administeredAt" 2030), is refused by the issuance on every retry: 10 attempts over hours,
    // then a failed job for good. It is left uncertified, logged for the record to be corrected.
    if (romeDay(event.administeredAt) > romeDay(deps.now())) {
      deps.log.info(
        { vaccinationId: id, administeredAt: event.administeredAt.toISOString() },
        'vaccination dated in the future: not certified',
      );
      return;
    }
    await issueForEvent(event, `job:${ISSUE_VACCINATION_TASK}:${id}`);
  };

  return {
    issueAndDeliver,
    issueForVaccination: async (vaccinationId: number, requestId: string): Promise<IssueResult> =>
      issueForEvent(await vaccinationEvent(vaccinationId), requestId),
    tasks: { [ISSUE_VACCINATION_TASK]: issueVaccinationTask },

    /**
     * Queues the vaccination certificate in the caller's transaction (the dose's): the
     * job exists if and only if the dose does, and its key makes a second request for
     * the same dose the same job. Doses are recorded a few a second at most, so the
     * NOTIFY that add_job sends at commit costs nothing worth avoiding here. The transaction is typed with the
     * caller's tables: the job goes in graphile-worker's schema, which no module owns.
     */
    async requestVaccinationCertificate<Tables>(trx: CallersHandle<Tables>, vaccinationId: number): Promise<void> {
      await sql`SELECT graphile_worker.add_job(${ISSUE_VACCINATION_TASK},
        json_build_object('vaccinationId', ${vaccinationId}::bigint),
        job_key => ${`dcc:vaccination:${vaccinationId}`}, max_attempts => 10)`.execute(trx);
    },

    /**
     * A pharmacist records a rapid antigen test of a person who shows the health
     * card. A negative result gets its certificate at once; a positive one is
     * recorded without (a detected test is never a Green Pass).
     */
    async recordRapidTest(
      pharmacist: OperatorPrincipal,
      input: RapidTestInput,
      requestId: string,
    ): Promise<RapidTestOutcome> {
      const fiscalCode = parseFiscalCode(input.fiscalCode, '/fiscalCode');
      const holder = await deps.events.holderByCard(fiscalCode, input.healthCardNumber);
      if (holder === null)
        throw notFound('certificates.card_mismatch', 'No citizen matches this codice fiscale and health card number.');
      if (!deps.devices.has(input.device)) {
        throw validationError(
          'certificates.device_unknown',
          'This test device is not in the EU list of rapid antigen tests.',
          [{ field: '/device', message: 'unknown device id' }],
        );
      }
      const test = await deps.events.recordRapidTest({
        citizenId: holder.citizenId,
        facilityId: pharmacist.facilityId,
        operatorId: pharmacist.operatorId,
        device: input.device,
        result: input.result,
        sampledAt: deps.now(),
        requestKey: input.requestKey,
      });
      await deps.audit.record({
        principal: pharmacist,
        action: 'create',
        resourceType: 'RapidTest',
        resourceId: String(test.id),
        subjectCitizenId: holder.citizenId,
        purpose: 'covid-test',
        outcome: 'success',
        requestId,
      });
      if (test.result !== 'negative') return { testId: test.id, result: test.result, certificate: null };
      const pharmacy = (await deps.events.facilityName(test.facilityId)) ?? 'Farmacia';
      const request: IssueRequest = {
        type: 't',
        subject: holderOf(holder),
        // Whole seconds: the schema's date-time pattern, and what the QR needs.
        payloadGroup: {
          tt: RAPID_ANTIGEN,
          ma: test.device,
          sc: test.sampledAt.toISOString().replace(/\.\d+Z$/, 'Z'),
          tr: NOT_DETECTED,
          tc: pharmacy,
        },
        sourceRef: `RapidTest/${test.id}`,
      };
      const { certificate } = await issueAndDeliver(
        request,
        holder,
        { facilityId: test.facilityId, organisation: pharmacy },
        pharmacist,
        requestId,
      );
      return { testId: test.id, result: test.result, certificate };
    },
  };
}

export type CertificatesFromEvents = ReturnType<typeof certificatesFromEvents>;
/** How every issued certificate reaches its holder: SMS in the issuing transaction, then the FSE. */
export type IssueAndDeliver = CertificatesFromEvents['issueAndDeliver'];

const DESCRIPTIONS: Readonly<Record<IssuedCertificate['type'], string>> = {
  v: 'Certificazione verde COVID-19 - vaccinazione',
  t: 'Certificazione verde COVID-19 - test',
  r: 'Certificazione verde COVID-19 - guarigione',
};

/**
 * One SMS (160 GSM characters) with a public URL of about 40 characters (from-events.test.ts).
 * The link is the page where the code opens the certificate without a login (/certificato);
 * that page sends holders with SPID to their fascicolo.
 */
export function smsText(type: IssuedCertificate['type'], code: string, publicUrl: string): string {
  const what = type === 'v' ? 'vaccinazione' : type === 't' ? 'test' : 'guarigione';
  return `Salus: certificazione verde COVID-19 (${what}) pronta. Codice ${code}. Scaricala su ${publicUrl}/certificato`;
}
