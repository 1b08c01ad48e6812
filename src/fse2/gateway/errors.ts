import { DomainError, type ErrorKind } from '../../shared/errors.ts';

/**
 * The Gateway's refusals, as domain errors with codes "fse2.<reason>". src/http/problem.ts
 * turns them into the national error body (type "/msg/...", title, detail, status,
 * instance, traceID, spanID) under /fse2; the table of national types is there.
 */
const KINDS = {
  empty_file: 'validation',
  not_pdf: 'validation',
  cda_extraction: 'validation',
  signature_not_pades: 'validation',
  signature_missing: 'validation',
  signature_invalid: 'validation',
  hash_mismatch: 'validation',
  cda_not_validated: 'validation',
  syntax: 'validation',
  semantic: 'validation',
  vocabulary: 'validation',
  unknown_template: 'validation',
  mandatory_element: 'validation',
  invalid_format: 'validation',
  patient_mismatch: 'validation',
  patient_unknown: 'validation',
  metadata_mismatch: 'validation',
  jwt_missing: 'forbidden',
  jwt_invalid: 'forbidden',
  record_not_found: 'not_found',
  document_exists: 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type GatewayReason = keyof typeof KINDS;

export const gatewayError = (reason: GatewayReason, message: string): DomainError =>
  new DomainError(KINDS[reason], `fse2.${reason}`, message);
