import type { CdaValidationResult, CdaValidator } from '../validation/types.ts';
import { readCdaHeader, type CdaHeader } from './cda-header.ts';
import { gatewayError } from './errors.ts';
import { verifySignatureJwt, type GatewayOperation, type SignatureClaims } from './jwt.ts';
import { checkPades, extractCda, loadPdf, sha256Hex, type InjectionMode } from './pdf.ts';

export interface IntakeDeps {
  /** The CDA2 engine (src/fse2/validation), created once on first use. */
  readonly validator: () => Promise<CdaValidator>;
  /** This Gateway's base URL: the JWTs' audience. */
  readonly audience: string;
  readonly now: () => Date;
}

/** A file that passed every check of the national Gateway: JWT, hash, PAdES, extraction, validation, patient. */
export interface CheckedDocument {
  readonly file: Buffer;
  readonly cda: Buffer;
  readonly cdaSha256: string;
  readonly header: CdaHeader;
  readonly result: CdaValidationResult;
  readonly claims: SignatureClaims;
  /** The national "warning" text: a missing mode, schematron reports. */
  readonly warnings: readonly string[];
}

const FISCAL_CODE_OID = '2.16.840.1.113883.2.9.4.3.2';
const MAX_LISTED = 10;

const listed = (result: CdaValidationResult, findings: CdaValidationResult['errors']): string =>
  findings
    .slice(0, MAX_LISTED)
    .map((f) => `${f.id}${f.location === '' ? '' : ` at ${f.location}`}: ${f.message}`)
    .join('; ') +
  (findings.length > MAX_LISTED ? `; and ${findings.length - MAX_LISTED} more` : '') +
  ` [catalog ${result.catalogVersion}${result.schematron === null ? '' : `, ${result.schematron.name}`}]`;

/** The national error for a CDA the engine refused: syntax (XML, XSD), template, semantic (schematron), vocabulary. */
export function refusal(result: CdaValidationResult): Error {
  const errors = result.errors;
  if (errors.some((e) => e.id === 'XML' || e.id === 'XSD')) {
    return gatewayError('syntax', `The CDA is not valid against the CDA R2 schema: ${listed(result, errors)}.`);
  }
  if (result.schematron === null) {
    return gatewayError(
      'unknown_template',
      `No national schematron matches this CDA's templateId and code (document type ${
        result.documentType ?? 'unknown'
      }): use a templateId of the national catalog. ${listed(result, errors)}.`,
    );
  }
  if (errors.some((e) => e.id !== 'TERM')) {
    return gatewayError('semantic', `The CDA breaks its schematron: ${listed(result, errors)}.`);
  }
  return gatewayError('vocabulary', `The CDA uses codes outside the national value sets: ${listed(result, errors)}.`);
}

/** "('11502-2^^2.16.840.1.113883.6.1')" -> "11502-2". */
const hl7Type = (claim: string): string | null => /^\(?'?([^'^()]+)\^\^/.exec(claim.trim())?.[1] ?? null;

export async function intake(
  deps: IntakeDeps,
  input: {
    readonly file: Buffer | undefined;
    readonly mode: InjectionMode | undefined;
    readonly jwt: string | undefined;
    readonly operation: GatewayOperation;
    /** A publication's future DocumentReference id: the validation thread converts the CDA under it (ADR 0027). */
    readonly convertAs?: string;
  },
): Promise<CheckedDocument> {
  const claims = await verifySignatureJwt(input.jwt, input.operation, { audience: deps.audience, now: deps.now() });
  if (input.file === undefined || input.file.length === 0) {
    throw gatewayError('empty_file', 'The multipart part "file" is missing or empty: send the PDF.');
  }
  const fileSha = sha256Hex(input.file);
  if (claims.attachmentHash !== null && claims.attachmentHash !== fileSha) {
    throw gatewayError(
      'hash_mismatch',
      `The JWT claim attachment_hash (${claims.attachmentHash}) is not the SHA-256 of the file sent (${fileSha}): ` +
        'compute it over the exact bytes of the "file" part.',
    );
  }
  const pdf = await loadPdf(input.file);
  await checkPades(pdf, input.file, input.operation === 'CREATE' || input.operation === 'REPLACE');
  const warnings: string[] = [];
  if (input.mode === undefined)
    warnings.push('Attenzione, non è stata selezionata la modalità di estrazione ' + 'del CDA');
  const cda = extractCda(pdf, input.mode ?? 'ATTACHMENT');
  const convert = input.convertAs === undefined ? {} : { convertToFhir: { documentReferenceId: input.convertAs } };
  const result = await (await deps.validator()).validate(cda, convert);
  if (!result.valid) throw refusal(result);
  warnings.push(...result.warnings.map((w) => `${w.id}: ${w.message}`));
  const header = readCdaHeader(cda);
  if (header.patient?.root !== FISCAL_CODE_OID) {
    throw gatewayError(
      'patient_mismatch',
      `The CDA's recordTarget/patientRole/id must be the patient's fiscal code (root ${FISCAL_CODE_OID}); ` +
        `it has root "${header.patient?.root ?? ''}".`,
    );
  }
  if (header.patient.extension.toUpperCase() !== claims.personId) {
    throw gatewayError(
      'patient_mismatch',
      `The JWT claim person_id (${claims.personId}) is not the CDA's patient (${header.patient.extension}): ` +
        'send the token of the patient the document is about.',
    );
  }
  const claimedType = claims.resourceHl7Type === null ? null : hl7Type(claims.resourceHl7Type);
  if (claimedType !== null && claimedType !== header.code.code) {
    throw gatewayError(
      'metadata_mismatch',
      `The JWT claim resource_hl7_type (${claimedType}) contradicts the CDA's code (${header.code.code}).`,
    );
  }
  return { file: input.file, cda, cdaSha256: sha256Hex(cda), header, result, claims, warnings };
}
