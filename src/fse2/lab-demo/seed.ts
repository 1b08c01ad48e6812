import { createHash } from 'node:crypto';
import type { NationalDocument, NationalDocuments } from '../../records/index.ts';
import type { FacilityPrincipal } from '../../shared/principal.ts';
import { cdaDeriver } from '../derive/index.ts';
import { readCdaHeader } from '../gateway/cda-header.ts';
import { indexOf } from '../gateway/mapping.ts';
import type { GatewayRepository } from '../gateway/repository.ts';
import type { MetadataDTO } from '../gateway/schemas.ts';
import type { CdaValidator } from '../validation/types.ts';
import { OID, type VaccPatient } from '../vacc/header.ts';
import { pdfWithCda } from '../vacc/pdf.ts';
import { DEMO_LAB_REPORTS, type DemoLabReport } from './content.ts';
import { labReportCda, reportedAt, reportLines } from './document.ts';
import type { LabDemoRepository } from './repository.ts';

export interface LabDemoLog {
  info(details: Record<string, unknown>, message: string): void;
}

/** A named demo citizen, as src/registry/demo.ts lists them (the composition root hands them over). */
export interface DemoCitizenName {
  readonly username: string;
  readonly given: string;
  readonly family: string;
  readonly birthDate: string;
}

export interface LabDemoSeedDeps {
  readonly citizens: readonly DemoCitizenName[];
  readonly repo: LabDemoRepository;
  readonly gateway: GatewayRepository;
  readonly records: NationalDocuments;
  /** The Gateway's engine: asked for only when a report is still to be filed (a restart loads no catalog). */
  readonly validator: () => Promise<CdaValidator>;
  readonly now: () => Date;
  readonly log: LabDemoLog;
}

const DAY_MS = 86_400_000;
const WORKFLOW_SUFFIX = '^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';

/** The document's national id (identificativoDoc): the person and the report's key, the same at every start. */
export const labDocumentId = (fiscalCode: string, key: string): string =>
  `${OID.documents}^${labIdExtension(fiscalCode, key)}`;
const labIdExtension = (fiscalCode: string, key: string): string => `SALUS.LABDEMO.${fiscalCode}.${key}`;

/** 07:30 UTC (08:30 or 09:30 in Milan) `daysAgo` days before `now`: a morning blood draw. */
export function sampledAt(now: Date, daysAgo: number): Date {
  const day = new Date(now.getTime() - daysAgo * DAY_MS);
  day.setUTCHours(7, 30, 0, 0);
  return day;
}

/**
 * The metadata the facility sends with the publication (the Gateway's PublicationDTO fields, table 15.2):
 * a report (REF) of a booked service (ERP); no AD_PSC specialty code is a laboratory's, so 999 (other).
 */
const metadataOf = (report: DemoLabReport, identificativoDoc: string): MetadataDTO => ({
  tipologiaStruttura: report.facility.tipologiaStruttura,
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC999',
  tipoAttivitaClinica: 'ERP',
  identificativoSottomissione: identificativoDoc,
});

/**
 * Files the demo's laboratory reports (content.ts) for the demo citizens who have them: each CDA2 is generated from
 * the person's registry record, validated by the national engine, and filed as a Gateway publication files it
 * (records' national face with its derived results, and the Gateway's validation, document and event rows, in the
 * record's one transaction). Idempotent: a report whose national id the Gateway already knows is skipped, and the
 * record files a uniqueId once even when two instances start together.
 */
export async function seedLabDemo(deps: LabDemoSeedDeps): Promise<{ filed: number }> {
  const derive = cdaDeriver(deps.records);
  let filed = 0;
  for (const citizen of deps.citizens) {
    const reports = DEMO_LAB_REPORTS[citizen.username] ?? [];
    if (reports.length === 0) continue;
    const patient = await deps.repo.person({
      given: citizen.given,
      family: citizen.family,
      birthDate: citizen.birthDate,
    });
    if (patient === null) continue;
    for (const report of reports) {
      if (await fileReport(deps, derive, patient, report)) filed += 1;
    }
  }
  if (filed > 0) deps.log.info({ filed }, 'demo laboratory reports filed');
  return { filed };
}

async function fileReport(
  deps: LabDemoSeedDeps,
  derive: ReturnType<typeof cdaDeriver>,
  patient: VaccPatient,
  report: DemoLabReport,
): Promise<boolean> {
  const identificativoDoc = labDocumentId(patient.fiscalCode, report.key);
  if ((await deps.gateway.document(identificativoDoc)) !== null) return false;
  const facilityId = await deps.repo.facilityId(report.facility.code);
  if (facilityId === null) return false; // a registry without the demo facilities: nothing to file under
  const input = {
    patient,
    report,
    sampledAt: sampledAt(deps.now(), report.daysAgo),
    idExtension: labIdExtension(patient.fiscalCode, report.key),
  };
  const cda = Buffer.from(labReportCda(input), 'utf8');
  const result = await (await deps.validator()).validate(cda);
  // The demo's own document failing the national rules is a bug in document.ts: the start fails loudly.
  if (!result.valid)
    throw new Error(`demo LAB CDA2 refused by ${result.catalogVersion}: ${JSON.stringify(result.errors)}`);
  const header = readCdaHeader(cda);
  const signed = reportedAt(input.sampledAt);
  const pdf = await pdfWithCda(cda.toString('utf8'), {
    title: 'Referto di laboratorio',
    text: reportLines(input),
    at: signed,
  });
  const dto = metadataOf(report, identificativoDoc);
  const document: NationalDocument = {
    ...indexOf(dto, header),
    period: { start: input.sampledAt.toISOString(), end: signed.toISOString() },
    fiscalCode: patient.fiscalCode,
    uniqueId: identificativoDoc,
    type: { code: header.code.code, display: header.code.displayName },
    title: header.title,
    date: header.effectiveTime ?? signed.toISOString(),
    pdf,
    author:
      header.author === null
        ? null
        : {
            given: header.author.given,
            family: header.author.family,
            ...(header.author.prefix === null ? {} : { prefix: header.author.prefix }),
          },
    organisation: header.organisation,
    sourceId: `urn:oid:${OID.region}`,
    replaces: null,
  };
  const principal: FacilityPrincipal = {
    kind: 'facility',
    clientId: `salus-demo-lab-${report.facility.code}`,
    facilityId,
    scopes: ['fse:write'],
  };
  const requestId = `fse2-lab-demo:${identificativoDoc}`;
  const cdaSha256 = createHash('sha256').update(cda).digest('hex');
  const filed = await deps.records.file(document, { principal, requestId }, async (trx, documentReferenceId) => {
    // As a Gateway publication: the derived results, then the Gateway's own rows, in the record's transaction.
    await derive(trx, documentReferenceId, cda);
    const tx = deps.gateway.inTransaction(trx);
    const validation = await tx.saveValidation(facilityId, {
      workflowInstanceId: `${OID.documents}.${cdaSha256}.demo${WORKFLOW_SUFFIX}`,
      cdaSha256,
      warnings: result.warnings.map((w) => `${w.id}: ${w.message}`),
      documentType: result.documentType,
      catalogVersion: result.catalogVersion,
    });
    await tx.saveDocument({
      identificativoDoc,
      facilityId,
      documentReferenceId,
      workflowInstanceId: validation.workflowInstanceId,
      cdaSha256,
      typeCode: header.code.code,
    });
    await tx.addEvent({
      traceId: requestId,
      workflowInstanceId: validation.workflowInstanceId,
      eventType: 'PUBLICATION',
      eventStatus: 'SUCCESS',
      facilityId,
      identificativoDocumento: identificativoDoc,
      subject: report.facility.physician.fiscalCode,
      subjectRole: 'AAS',
      tipoAttivita: 'CREATE',
      organizzazione: '030',
      issuer: principal.clientId,
      message: `Filed as DocumentReference/${documentReferenceId}; catalog ${result.catalogVersion} (demo seed)`,
    });
  });
  return filed.created;
}
