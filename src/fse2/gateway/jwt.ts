import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { gatewayError } from './errors.ts';

/** The operations of the Gateway, each with the action_id and purpose_of_use the national tables require. */
export type GatewayOperation = 'VALIDATION' | 'CREATE' | 'REPLACE' | 'UPDATE' | 'DELETE';

const ACTION: Readonly<Record<GatewayOperation, readonly string[]>> = {
  VALIDATION: ['CREATE', 'UPDATE'], // a validation precedes a creation or a replace
  CREATE: ['CREATE'],
  REPLACE: ['UPDATE'],
  UPDATE: ['UPDATE'],
  DELETE: ['DELETE'],
};
// Table 47 (Contesto Operativo): TREATMENT for validation and creation; UPDATE for delete,
// metadata update and replace; ACCESS UPDATE for a metadata update that changes P99.
const PURPOSE: Readonly<Record<GatewayOperation, readonly string[]>> = {
  VALIDATION: ['TREATMENT', 'UPDATE'],
  CREATE: ['TREATMENT'],
  REPLACE: ['UPDATE'],
  UPDATE: ['UPDATE', 'ACCESS UPDATE'],
  DELETE: ['UPDATE'],
};
// Table 46 (Ruolo).
const ROLES = new Set(
  'AAS APR PSS INF FAR DSA DAM OAM ASS TUT ING GEN NOR DRS RSA MRP INI OGC OPI MDS GTW DAP'.split(' '),
);
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const FISCAL_CODE_OID = '2.16.840.1.113883.2.9.4.3.2';
/** CX as the national docs write it: "CODE^^^&OID&ISO" (the & may arrive XML-escaped as &amp;). */
const CX = /^([^^&]+)\^\^\^&([0-9.]+)&ISO$/;
/** XON: XON.1 name, XON.6.2 OID, XON.6.3 "ISO", XON.10 code. */
const XON = /^[^^]+\^\^\^\^\^&[0-9.]+&ISO\^\^\^\^[^^]+$/;

export interface SignatureClaims {
  readonly iss: string;
  readonly sub: string;
  readonly subjectRole: string;
  readonly purposeOfUse: string;
  readonly actionId: string;
  /** The patient's fiscal code, from person_id. */
  readonly personId: string;
  readonly patientConsent: boolean;
  readonly locality: string | null;
  readonly subjectOrganization: string;
  readonly subjectOrganizationId: string;
  readonly resourceHl7Type: string | null;
  readonly attachmentHash: string | null;
  readonly application: string;
}

const invalid = (why: string) => gatewayError('jwt_invalid', `FSE-JWT-Signature: ${why}.`);

const text = (payload: JWTPayload, claim: string, required: boolean): string | null => {
  const value = payload[claim];
  if (typeof value === 'string' && value.trim() !== '') return value.replace(/&amp;/g, '&');
  if (required) throw gatewayError('jwt_invalid', `FSE-JWT-Signature: the claim "${claim}" is missing or empty.`);
  return null;
};

/**
 * Verifies the FSE-JWT-Signature as the Gateway does: RS256/384/512 signed by the
 * certificate its x5c header carries (valid today), typ JWT, audience this Gateway's
 * base URL, not expired, and every claim of table 55 present with a value of the
 * national tables. Who the caller is comes from the Authorization bearer (client
 * credentials); this token binds the request to a patient and a file (ADR 0011).
 */
export async function verifySignatureJwt(
  token: string | undefined,
  operation: GatewayOperation,
  options: { readonly audience: string; readonly now: Date },
): Promise<SignatureClaims> {
  if (token === undefined || token.trim() === '') {
    throw gatewayError('jwt_missing', 'The FSE-JWT-Signature header is missing: send the signature JWT.');
  }
  let certificate: X509Certificate;
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== 'JWT') throw invalid('the header "typ" must be "JWT"');
    if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg))
      throw invalid(`the algorithm must be one of ${ALGORITHMS.join(', ')}`);
    const chain = header.x5c;
    if (!Array.isArray(chain) || typeof chain[0] !== 'string') throw invalid('the header "x5c" certificate is missing');
    certificate = new X509Certificate(Buffer.from(chain[0], 'base64'));
  } catch (error) {
    if (error instanceof Error && error.name === 'DomainError') throw error;
    throw invalid('it is not a JWT with an x5c certificate in its header');
  }
  if (new Date(certificate.validFrom) > options.now || new Date(certificate.validTo) < options.now)
    throw invalid('the x5c certificate is not valid today');
  let payload: JWTPayload;
  try {
    // The certificate parsed above already holds the key: no second parse of it as PEM (jose's importX509).
    ({ payload } = await jwtVerify(token, certificate.publicKey, {
      algorithms: ALGORITHMS,
      typ: 'JWT',
      audience: options.audience,
      currentDate: options.now,
      requiredClaims: ['iss', 'sub', 'iat', 'exp', 'jti'],
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : 'verification failed';
    throw invalid(`it does not verify (${message.slice(0, 200)})`);
  }
  const subjectRole = text(payload, 'subject_role', true) ?? '';
  if (!ROLES.has(subjectRole)) throw invalid(`subject_role "${subjectRole}" is not in the national role table`);
  const purposeOfUse = text(payload, 'purpose_of_use', true) ?? '';
  if (!PURPOSE[operation].includes(purposeOfUse))
    throw invalid(`purpose_of_use must be ${PURPOSE[operation].join(' or ')} for this service, not "${purposeOfUse}"`);
  const actionId = text(payload, 'action_id', true) ?? '';
  if (!ACTION[operation].includes(actionId))
    throw invalid(`action_id must be ${ACTION[operation].join(' or ')} for this service, not "${actionId}"`);
  const person = CX.exec(text(payload, 'person_id', true) ?? '');
  if (person?.[1] === undefined || person[2] !== FISCAL_CODE_OID)
    throw invalid(`person_id must be a fiscal code as CX ("CODE^^^&${FISCAL_CODE_OID}&ISO")`);
  if (typeof payload.patient_consent !== 'boolean') throw invalid('patient_consent must be a boolean');
  const locality = text(payload, 'locality', operation !== 'VALIDATION');
  if (locality !== null && operation !== 'VALIDATION' && !XON.test(locality))
    throw invalid('locality must be an XON ("NAME^^^^^&OID&ISO^^^^CODE")');
  const attachmentHash = text(payload, 'attachment_hash', operation === 'CREATE' || operation === 'REPLACE');
  if (attachmentHash !== null && !/^[0-9a-f]{64}$/i.test(attachmentHash))
    throw invalid('attachment_hash must be the SHA-256 of the file, in hex');
  return {
    iss: text(payload, 'iss', true) ?? '',
    sub: text(payload, 'sub', true) ?? '',
    subjectRole,
    purposeOfUse,
    actionId,
    personId: person[1].toUpperCase(),
    patientConsent: payload.patient_consent,
    locality,
    subjectOrganization: text(payload, 'subject_organization', true) ?? '',
    subjectOrganizationId: text(payload, 'subject_organization_id', true) ?? '',
    resourceHl7Type: text(payload, 'resource_hl7_type', operation !== 'DELETE'),
    attachmentHash: attachmentHash?.toLowerCase() ?? null,
    application: ['subject_application_id', 'subject_application_vendor', 'subject_application_version']
      .map((claim) => text(payload, claim, true))
      .join('^'),
  };
}
