/** TypeBox schemas of the certificates routes: validation, types and OpenAPI in one place. */
import { Type, type Static } from 'typebox';
import { VERIFY_STEPS } from './codec/index.ts';

// The largest QR code (version 40, level L) holds 4,296 alphanumeric characters.
const MAX_HC1 = 4_296;

export const TrustListEntry = Type.Object({
  kid: Type.String({ description: 'base64 of the first 8 bytes of SHA-256 over the DSC' }),
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  certificateType: Type.Literal('DSC'),
  timestamp: Type.String({ format: 'date-time' }),
  thumbprint: Type.String({ description: 'hex SHA-256 of the DER certificate' }),
  rawData: Type.String({ description: 'base64 DER X.509 certificate' }),
});
export const TrustList = Type.Array(TrustListEntry, { description: 'EU DCC Gateway trust-list format (/trustList/DSC)' });

export const RevocationList = Type.Object({
  country: Type.String(),
  hashType: Type.Literal('UCI'),
  generatedAt: Type.String({ format: 'date-time' }),
  entries: Type.Array(
    Type.Object({
      hash: Type.String({ description: 'base64 of the first 16 bytes of SHA-256 over the UVCI (UTF-8)' }),
      expires: Type.String({ format: 'date-time', description: 'the certificate expiry; the entry can be dropped after it' }),
    }),
  ),
});

export const VerifyBody = Type.Object(
  {
    hc1: Type.String({ minLength: 1, maxLength: MAX_HC1, description: 'the QR code text, starting "HC1:"' }),
    clock: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'ISO 8601 instant to verify at; default now' })),
    rules: Type.Optional(Type.Literal('it', { description: 'apply the Italian validity rules (VerificaC19, base mode)' })),
  },
  { additionalProperties: false },
);
export type VerifyBody = Static<typeof VerifyBody>;

export const VerifyResult = Type.Object({
  valid: Type.Boolean(),
  failed: Type.Union([Type.Enum(VERIFY_STEPS), Type.Null()], {
    description: 'the first step that failed; "rules" also covers revocation (reason "REVOKED: …")',
  }),
  reason: Type.String(),
  payload: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
    description: 'the DCC payload, once the signature holds; null before that',
  }),
});

// ---- Holders, pharmacies and the region (routes-holders.ts) ----

const Uvci = Type.String({ minLength: 20, maxLength: 80, description: 'URN:UVCI:01:IT:…#c (URL-encode the #)' });
export const UvciParam = Type.Object({ uvci: Uvci });
export const DownloadQuery = Type.Object({ download: Type.Optional(Type.Boolean({ description: 'as an attachment rather than inline' })) }, { additionalProperties: false });

export const CertificateSummary = Type.Object({
  uvci: Type.String(),
  type: Type.Union([Type.Literal('v'), Type.Literal('t'), Type.Literal('r')]),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
  holder: Type.Object({ name: Type.String(), birthDate: Type.String() }),
  event: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'the DCC group without ci and is: dn, sd, mp, ma, dt… or tt, ma, sc, tr, tc…' }),
});

export const RapidTestDevice = Type.Object({ code: Type.String(), name: Type.String() });

export const RapidTestBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 16, maxLength: 20 }),
    healthCardNumber: Type.String({ minLength: 20, maxLength: 24 }),
    device: Type.String({ pattern: '^[0-9]{1,6}$', description: 'EU value set covid-19-lab-test-manufacturer-and-name' }),
    result: Type.Union([Type.Literal('negative'), Type.Literal('positive')]),
    requestKey: Type.String({ format: 'uuid', description: 'one per submitted form: a retry records nothing twice' }),
  },
  { additionalProperties: false },
);

export const RapidTestResult = Type.Object({
  testId: Type.Integer(),
  result: Type.Union([Type.Literal('negative'), Type.Literal('positive')]),
  certificate: Type.Union([Type.Null(), Type.Object({ uvci: Type.String(), issuedAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }), hc1: Type.String() })]),
});

export const TestIdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const RevokeBody = Type.Object(
  { uvci: Uvci, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const RevokeResult = Type.Object({
  uvci: Type.String(),
  reason: Type.String(),
  revokedAt: Type.String({ format: 'date-time' }),
  alreadyRevoked: Type.Boolean(),
});
