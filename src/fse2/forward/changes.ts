import type { SignatureClaims } from '../gateway/jwt.ts';
import type { ForwardChange, ForwardOperation } from './types.ts';

/**
 * The producer's verified claims under their national names (table 55), for the region to sign again at each
 * send: "il contenuto informativo deve essere quello prodotto dal sistema produttore" (middleware-regionale 2.2).
 */
export function nationalClaims(claims: SignatureClaims): Record<string, unknown> {
  const [applicationId, vendor, version] = claims.application.split('^');
  return {
    sub: claims.sub,
    subject_role: claims.subjectRole,
    purpose_of_use: claims.purposeOfUse,
    action_id: claims.actionId,
    person_id: `${claims.personId}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
    patient_consent: claims.patientConsent,
    ...(claims.locality === null ? {} : { locality: claims.locality }),
    subject_organization: claims.subjectOrganization,
    subject_organization_id: claims.subjectOrganizationId,
    ...(claims.resourceHl7Type === null ? {} : { resource_hl7_type: claims.resourceHl7Type }),
    subject_application_id: applicationId,
    subject_application_vendor: vendor,
    subject_application_version: version,
  };
}

/** A publication or replacement, with or without the Gateway's contextual validation. */
export function publicationChange(input: {
  readonly validate: boolean;
  readonly replacing: string | null;
  readonly requestBody: object;
  readonly claims: SignatureClaims;
  readonly documentReferenceId: string;
}): ForwardChange {
  const body = input.requestBody as Record<string, unknown>;
  const operation: ForwardOperation =
    input.replacing === null
      ? input.validate
        ? 'validate-and-create'
        : 'create'
      : input.validate
        ? 'validate-and-replace'
        : 'replace';
  return {
    operation,
    identificativoDoc: String(body.identificativoDoc),
    target: input.replacing,
    requestBody: body,
    claims: nationalClaims(input.claims),
    // The record filed the PDF in this same transaction: the relay sends the record's copy (ADR 0017).
    file: 'record',
    documentReferenceId: input.documentReferenceId,
  };
}

/** A delete or metadata update of the national document idDoc. */
export function documentChange(
  operation: 'delete' | 'metadata',
  idDoc: string,
  claims: SignatureClaims,
  requestBody: object | null,
  documentReferenceId: string,
): ForwardChange {
  return {
    operation,
    identificativoDoc: idDoc,
    target: idDoc,
    requestBody: requestBody as Record<string, unknown> | null,
    claims: nationalClaims(claims),
    file: null,
    documentReferenceId,
  };
}
