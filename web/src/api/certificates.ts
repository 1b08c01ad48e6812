// Response shapes of the Green Pass endpoints (src/certificates/schemas.ts).
import { send } from './client.ts';
import {
  array,
  boolean,
  DecodeError,
  nullable,
  number,
  object,
  oneOf,
  string,
  type Decoded,
  type Decoder,
} from './decode.ts';

/** The DCC group's own fields (dn, sd, mp… or tt, sc, tr…): strings and numbers only. */
const eventFields: Decoder<Record<string, string | number>> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DecodeError(path, 'object');
  const result: Record<string, string | number> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (typeof field === 'string' || typeof field === 'number') result[key] = field;
  }
  return result;
};

export const certificateSummary = object({
  uvci: string,
  /** v vaccination, t test, r recovery */
  type: oneOf('v', 't', 'r'),
  issuedAt: string,
  expiresAt: string,
  revoked: boolean,
  holder: object({ name: string, birthDate: string }),
  event: eventFields,
});
export type CertificateSummary = Decoded<typeof certificateSummary>;
export const certificateList = array(certificateSummary);

export const rapidTestDevices = array(object({ code: string, name: string }));

export const rapidTestResult = object({
  testId: number,
  result: oneOf('negative', 'positive'),
  certificate: nullable(object({ uvci: string, issuedAt: string, expiresAt: string, hc1: string })),
});
export type RapidTestResult = Decoded<typeof rapidTestResult>;

export const verifyResult = object({
  valid: boolean,
  /** The failing step (prefix, base45, …, rules), or null when valid. */
  failed: nullable(string),
  reason: string,
  payload: nullable((value, path) => {
    if (typeof value !== 'object' || value === null) throw new DecodeError(path, 'object');
    return value as Record<string, unknown>;
  }),
});
export type VerifyResult = Decoded<typeof verifyResult>;

export const revokeResult = object({ uvci: string, reason: string, revokedAt: string, alreadyRevoked: boolean });

const fileName = (what: 'qr' | 'pdf'): string => (what === 'qr' ? 'qr.png' : 'certificate.pdf');
const downloadQuery = (download: boolean): string => (download ? '?download=true' : '');

/** The path of a holder's download; the UVCI's '#' and ':' must be escaped. */
export const holderFile = (uvci: string, what: 'qr' | 'pdf', download = false): string =>
  `/api/me/certificates/${encodeURIComponent(uvci)}/${fileName(what)}${downloadQuery(download)}`;

export const counterFile = (testId: number, what: 'qr' | 'pdf', download = false): string =>
  `/api/pharmacy/rapid-tests/${testId}/${fileName(what)}${downloadQuery(download)}`;

const issuedCertificate = object({ uvci: string, issuedAt: string, expiresAt: string, hc1: string });

export const recoveryResult = object({
  recoveryId: number,
  firstPositiveDate: string,
  validFrom: string,
  validUntil: string,
  certificate: issuedCertificate,
});
export type RecoveryResult = Decoded<typeof recoveryResult>;

/** The patient's GP records a recovery; the certificate is issued in the request. */
export const recordRecovery = (fiscalCode: string, firstPositiveDate: string, csrfToken: string | null) =>
  send('POST', `/api/gp/patients/${encodeURIComponent(fiscalCode)}/recoveries`, {
    csrfToken,
    body: { firstPositiveDate },
    decoder: recoveryResult,
  });

/** The certificate opened with the SMS code: its summary, and the QR PNG and PDF as base64. */
export const retrievalResult = object({ certificate: certificateSummary, qrPng: string, pdf: string });
export type RetrievalResult = Decoded<typeof retrievalResult>;

/** No login needed; a logged-in browser still sends its CSRF token, which the API then checks. */
export const retrieveCertificate = (
  body: { fiscalCode: string; healthCardNumber: string; code: string },
  csrfToken: string | null,
) => send('POST', '/api/dcc/retrieve', { csrfToken, body, decoder: retrievalResult });
