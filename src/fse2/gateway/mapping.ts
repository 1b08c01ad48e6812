import type { Coding } from '@medplum/fhirtypes';
import { nationalClassFits, type NationalDocument, type NationalIndex } from '../../records/index.ts';
import type { CdaHeader } from './cda-header.ts';
import { gatewayError } from './errors.ts';
import type { CheckedDocument } from './intake.ts';
import { romeWallClock } from './rome-time.ts';
import type { MetadataDTO, PublicationDTO } from './schemas.ts';

// Affinity Domain Italia value sets the INI metadata use (mapping-metadati, tables 15.3.x).
const FACILITY_TYPE = 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.1';
const PRACTICE_SETTING = 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.2';
const EVENT_CODE = 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.3';
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
/** attiCliniciRegoleAccesso "P99": the citizen asked to hide (oscurare) the document. */
const HIDE_RULE = 'P99';
/** yyyyMMddHHmmss, as table 15.2 asks for dataInizioPrestazione / dataFinePrestazione. */
const NATIONAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function nationalDate(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const [y, mo, d, h, mi, s] = NATIONAL_DATE.exec(value)?.slice(1).map(Number) ?? [];
  // The national docs give no zone: the time is Italy's, +01:00 in winter and +02:00 in summer.
  const date = y === undefined || mo === undefined || d === undefined ? null : romeWallClock(y, mo, d, h, mi, s);
  if (date === null) {
    throw gatewayError(
      'invalid_format',
      `The field ${field} must be valued correctly, as yyyyMMddHHmmss ("${value}").`,
    );
  }
  return date.toISOString();
}

/** The index part of the metadata, checked against the CDA it describes. */
export function indexOf(dto: MetadataDTO, header: Pick<CdaHeader, 'code' | 'confidentiality'>): NationalIndex {
  const fits = nationalClassFits(dto.tipoDocumentoLivAlto, header.code.code);
  if (fits === 'unknown_class') {
    throw gatewayError(
      'metadata_mismatch',
      `tipoDocumentoLivAlto ${dto.tipoDocumentoLivAlto} is not a class this regional FSE keeps ` +
        '(REF, LDO, VRB, SUM, VAC, CER, PRS, ESE).',
    );
  }
  if (fits === 'wrong_type') {
    throw gatewayError(
      'metadata_mismatch',
      `tipoDocumentoLivAlto ${dto.tipoDocumentoLivAlto} contradicts the CDA's type ` +
        `${header.code.code} (${header.code.displayName}): send the class of this document type.`,
    );
  }
  const start = nationalDate('dataInizioPrestazione', dto.dataInizioPrestazione);
  const end = nationalDate('dataFinePrestazione', dto.dataFinePrestazione);
  if (start !== undefined && end !== undefined && end < start) {
    throw gatewayError('invalid_format', 'The field dataFinePrestazione must not precede dataInizioPrestazione.');
  }
  const rules = dto.attiCliniciRegoleAccesso ?? [];
  const confidentiality = header.confidentiality ?? 'N';
  const labels: Coding[] = [{ system: CONFIDENTIALITY, code: confidentiality }];
  if (rules.includes(HIDE_RULE) && confidentiality !== 'V') labels.push({ system: CONFIDENTIALITY, code: 'V' });
  return {
    docClass: dto.tipoDocumentoLivAlto,
    facilityType: { system: FACILITY_TYPE, code: dto.tipologiaStruttura },
    practiceSetting: { system: PRACTICE_SETTING, code: dto.assettoOrganizzativo },
    events: rules.map((code) => ({ system: EVENT_CODE, code })),
    period: start === undefined && end === undefined ? null : { ...(start && { start }), ...(end && { end }) },
    securityLabels: labels,
  };
}

/** The XON.1 (name) of the locality claim: the authoring institution. */
const xonName = (locality: string | null): string | null => locality?.split('^')[0] ?? null;

/** The record's document for a checked national publication (mapping-metadati). */
export function nationalDocumentOf(
  doc: CheckedDocument,
  dto: PublicationDTO,
  replaces: string | null,
  now: Date,
): NationalDocument {
  if (dto.identificativoDoc.trim() === '') {
    throw gatewayError('mandatory_element', 'The field identificativoDoc must be valued.');
  }
  const index = indexOf(dto, doc.header);
  const { header, claims } = doc;
  const period =
    index.period ??
    (header.serviceStart === null && header.serviceStop === null
      ? null
      : {
          ...(header.serviceStart === null ? {} : { start: header.serviceStart }),
          ...(header.serviceStop === null ? {} : { end: header.serviceStop }),
        });
  return {
    ...index,
    period,
    fiscalCode: claims.personId,
    uniqueId: dto.identificativoDoc,
    type: { code: header.code.code, display: header.code.displayName },
    title: header.title === '' ? header.code.displayName : header.title,
    date: header.effectiveTime ?? now.toISOString(),
    pdf: doc.file,
    author:
      header.author === null
        ? null
        : {
            given: header.author.given,
            family: header.author.family,
            ...(header.author.prefix === null ? {} : { prefix: header.author.prefix }),
          },
    organisation: header.organisation ?? xonName(claims.locality),
    // mapping-metadati: sourceId 2.16.840.1.113883.2.9.2.<subject_organization_id without leading zeros>.
    sourceId: `urn:oid:2.16.840.1.113883.2.9.2.${claims.subjectOrganizationId.replace(/^0+/, '')}`,
    replaces,
  };
}
