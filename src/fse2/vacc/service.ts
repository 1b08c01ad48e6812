import { createHash, randomUUID } from 'node:crypto';
import type { Task } from 'graphile-worker';
import type { NationalDocument, NationalDocuments } from '../../records/index.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { romeDay } from '../../shared/rome-day.ts';
import type { AuditSink, CitizenPrincipal, FacilityPrincipal } from '../../shared/principal.ts';
import type { CdaValidator } from '../validation/types.ts';
import { doseSentence, singleVaccinationCda, vaccinationCertificateCda, type VaccDose } from './documents.ts';
import { OID, type VaccOrganisation } from './header.ts';
import { cdaDeriver } from '../derive/index.ts';
import { pdfWithCda } from './pdf.ts';
import { VACC_DOCUMENT_TASK, type DoseRow, type VaccRepository } from './repository.ts';
import { vaccineCodes } from './vaccines.ts';

export interface VaccLog {
  info(details: Record<string, unknown>, message: string): void;
}

export interface VaccServiceDeps {
  readonly repo: VaccRepository;
  readonly records: NationalDocuments;
  readonly validator: () => Promise<CdaValidator>;
  readonly audit: AuditSink;
  readonly now: () => Date;
  readonly log: VaccLog;
}

/** Salus's FSE as the organisation that compiles the certificate from the record (not a centre: ADR 0013). */
const REGIONAL_FSE: VaccOrganisation = { code: 'SALUS-FSE', name: 'Fascicolo Sanitario Elettronico - Salus' };
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

const centreOf = (row: DoseRow): VaccOrganisation => ({
  code: row.facilityCode ?? 'SALUS-CENTRO',
  name: row.centreName,
});

/** The record's entry for a single-vaccination document (mapping-metadati: class VAC, Prevenzione). */
function nationalDocumentOf(fiscalCode: string, dose: VaccDose, uniqueId: string, pdf: Buffer): NationalDocument {
  return {
    docClass: 'VAC',
    // A vaccination centre is a prevention facility; no AD_PSC specialty code fits a mass centre: 999 (other).
    facilityType: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.1', code: 'Prevenzione' },
    practiceSetting: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.2', code: 'AD_PSC999' },
    events: [],
    period: { start: dose.administeredAt.toISOString(), end: dose.administeredAt.toISOString() },
    securityLabels: [{ system: CONFIDENTIALITY, code: 'N' }],
    fiscalCode,
    uniqueId,
    type: { code: '87273-9', display: 'Immunization note' },
    title: 'Scheda della singola vaccinazione',
    date: dose.administeredAt.toISOString(),
    pdf,
    author: null,
    organisation: dose.centre.name,
    sourceId: `urn:oid:${OID.region}`,
    replaces: null,
  };
}

/**
 * Salus's own vaccination documents (issue 19 item 7): the single-vaccination CDA2 of each
 * dose, filed in the record through the Gateway's path (records' national face), and the
 * vaccination certificate CDA2 compiled on request from those documents.
 */
export function vaccService(deps: VaccServiceDeps) {
  const { repo } = deps;
  const derive = cdaDeriver(deps.records);

  async function checked(cda: string): Promise<void> {
    const result = await (await deps.validator()).validate(Buffer.from(cda, 'utf8'));
    // Salus's own document failing the national rules is a bug: the job fails (and retries) loudly.
    if (!result.valid)
      throw new Error(`VACC CDA2 refused by ${result.catalogVersion}: ${JSON.stringify(result.errors)}`);
  }

  /** Builds, validates and files the dose's document. Idempotent: a filed dose is answered from the table. */
  async function fileDose(vaccinationId: number, requestId: string): Promise<{ documentId: string } | null> {
    const before = await repo.filed(vaccinationId);
    if (before !== null) return { documentId: before.documentReferenceId };
    const row = await repo.dose(vaccinationId);
    const patient = row === null ? null : await repo.patient(row.citizenId);
    if (row === null || patient === null) throw new Error(`${VACC_DOCUMENT_TASK}: no dose ${vaccinationId}`);
    if (romeDay(row.administeredAt) > romeDay(deps.now())) {
      // A dose dated after today, recorded before the centre refused such times (issue 16), is a
      // data error: like its EU DCC, it gets no document until the record is corrected.
      deps.log.info({ vaccinationId, administeredAt: row.administeredAt.toISOString() }, 'dose dated in the future');
      return null;
    }
    const codes = vaccineCodes(row.medicinalProduct);
    if (codes === null || row.facilityId === null) {
      // A product without national codes or a centre outside the registry cannot make a valid document.
      deps.log.info({ vaccinationId, product: row.medicinalProduct }, 'no VACC CDA2 for this dose');
      return null;
    }
    const dose: VaccDose = {
      vaccinationId,
      productName: row.productName,
      codes,
      doseNumber: row.doseNumber,
      administeredAt: row.administeredAt,
      lot: row.lot.trim() === '' ? null : row.lot,
      centre: centreOf(row),
    };
    const cda = singleVaccinationCda(patient, dose);
    await checked(cda);
    const uniqueId = `${OID.documents}^SALUS.VACC.${vaccinationId}`;
    const pdf = await pdfWithCda(cda, {
      title: 'Scheda della singola vaccinazione',
      text: [`${patient.familyName} ${patient.givenName} (${patient.fiscalCode})`, doseSentence(dose)],
      at: dose.administeredAt,
    });
    const principal: FacilityPrincipal = {
      kind: 'facility',
      clientId: 'salus-vaccination-documents',
      facilityId: row.facilityId,
      scopes: ['fse:write'],
    };
    // The dose's Immunization is derived from the CDA in the filing transaction, as for any CDA2 (ADR 0018).
    const filed = await deps.records.file(
      nationalDocumentOf(patient.fiscalCode, dose, uniqueId, pdf),
      { principal, requestId },
      (trx, documentReferenceId) => derive(trx, documentReferenceId, Buffer.from(cda, 'utf8')),
    );
    await repo.saveFiled({
      vaccination_id: vaccinationId,
      citizen_id: row.citizenId,
      unique_id: uniqueId,
      document_reference_id: filed.documentId,
      cda,
      cda_sha256: createHash('sha256').update(cda).digest('hex'),
      administered_at: row.administeredAt,
    });
    return { documentId: filed.documentId };
  }

  const task: Task = async (payload) => {
    const id = (payload as { vaccinationId?: unknown } | null)?.vaccinationId;
    if (typeof id !== 'number' || !Number.isSafeInteger(id))
      throw new Error(`${VACC_DOCUMENT_TASK}: bad payload ${JSON.stringify(payload)}`);
    await fileDose(id, `job:${VACC_DOCUMENT_TASK}:${id}`);
  };

  return {
    fileDose,
    tasks: { [VACC_DOCUMENT_TASK]: task },

    /**
     * The vaccination certificate CDA2 of the citizen (or of whom a delegate acts for), compiled
     * from the single-vaccination documents of the record. Answered, not filed (ADR 0013).
     */
    async certificate(principal: CitizenPrincipal, requestId: string): Promise<string> {
      const subject = principal.actingFor?.citizenId ?? principal.citizenId;
      const allowed = subject === principal.citizenId || (await repo.delegates(principal.citizenId, subject));
      const entry = {
        principal,
        action: 'read' as const,
        resourceType: 'DocumentReference',
        resourceId: null,
        subjectCitizenId: subject,
        purpose: 'vaccination-certificate',
        requestId,
      };
      if (!allowed) {
        await deps.audit.record({ ...entry, outcome: 'denied' });
        throw forbidden('fse2.not_delegated', 'Your delegation for this person is no longer in force.');
      }
      const [patient, singles] = await Promise.all([repo.patient(subject), repo.singlesOf(subject)]);
      if (patient === null || singles.length === 0) {
        await deps.audit.record({ ...entry, outcome: 'success' });
        throw notFound('fse2.no_vaccinations', 'The record holds no vaccination recorded by Salus for this person.');
      }
      const cda = vaccinationCertificateCda({
        id: randomUUID(),
        at: deps.now(),
        patient,
        organisation: REGIONAL_FSE,
        singles,
      });
      await checked(cda);
      await deps.audit.record({ ...entry, outcome: 'success' });
      return cda;
    },
  };
}

export type VaccService = ReturnType<typeof vaccService>;
