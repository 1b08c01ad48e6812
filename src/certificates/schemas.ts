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
export const TrustList = Type.Array(TrustListEntry, {
  description: 'EU DCC Gateway trust-list format (/trustList/DSC)',
});

export const DidTrustList = Type.Object(
  {
    '@context': Type.Array(Type.String()),
    id: Type.String({ description: 'did:web of the list' }),
    controller: Type.String(),
    verificationMethod: Type.Array(
      Type.Object({
        id: Type.String({ description: '<did>:<SCA|DSC>#<base64 kid>' }),
        type: Type.Literal('JsonWebKey2020'),
        controller: Type.String(),
        // Key members depend on the key type (EC: crv, x, y; RSA: n, e), plus kid and x5c.
        publicKeyJwk: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  },
  { description: 'WHO GDHCN DID trust list, v2 embedded variant (smart-trust "DID Trustlist v2")' },
);

export const RevocationList = Type.Object({
  country: Type.String(),
  hashType: Type.Literal('UCI'),
  generatedAt: Type.String({ format: 'date-time' }),
  entries: Type.Array(
    Type.Object({
      hash: Type.String({ description: 'base64 of the first 16 bytes of SHA-256 over the UVCI (UTF-8)' }),
      expires: Type.String({
        format: 'date-time',
        description: 'the certificate expiry; the entry can be dropped after it',
      }),
    }),
  ),
});

export const VerifyBody = Type.Object(
  {
    hc1: Type.String({ minLength: 1, maxLength: MAX_HC1, description: 'the QR code text, starting "HC1:"' }),
    clock: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'ISO 8601 instant to verify at; default now' }),
    ),
    rules: Type.Optional(
      Type.Literal('it', { description: 'apply the Italian validity rules (VerificaC19, base mode)' }),
    ),
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
export const DownloadQuery = Type.Object(
  { download: Type.Optional(Type.Boolean({ description: 'as an attachment rather than inline' })) },
  { additionalProperties: false },
);

export const CertificateSummary = Type.Object({
  uvci: Type.String(),
  type: Type.Union([Type.Literal('v'), Type.Literal('t'), Type.Literal('r')]),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
  holder: Type.Object({ name: Type.String(), birthDate: Type.String() }),
  event: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
    description: 'the DCC group without ci and is: dn, sd, mp, ma, dt… or tt, ma, sc, tr, tc…',
  }),
});

export const RapidTestDevice = Type.Object({ code: Type.String(), name: Type.String() });

export const RapidTestBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 16, maxLength: 20 }),
    healthCardNumber: Type.String({ minLength: 20, maxLength: 24 }),
    device: Type.String({
      pattern: '^[0-9]{1,6}$',
      description: 'EU value set covid-19-lab-test-manufacturer-and-name',
    }),
    result: Type.Union([Type.Literal('negative'), Type.Literal('positive')]),
    requestKey: Type.String({ format: 'uuid', description: 'one per submitted form: a retry records nothing twice' }),
  },
  { additionalProperties: false },
);

export const RapidTestResult = Type.Object({
  testId: Type.Integer(),
  result: Type.Union([Type.Literal('negative'), Type.Literal('positive')]),
  certificate: Type.Union([
    Type.Null(),
    Type.Object({
      uvci: Type.String(),
      issuedAt: Type.String({ format: 'date-time' }),
      expiresAt: Type.String({ format: 'date-time' }),
      hc1: Type.String(),
    }),
  ]),
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

// ---- Labs, GPs and retrieval by SMS code (routes-results.ts) ----

const FiscalCode = Type.String({ minLength: 16, maxLength: 20, description: 'codice fiscale (spaces are ignored)' });
const IssuedRef = Type.Object({
  uvci: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  hc1: Type.String(),
});

export const LabResultBody = Type.Object(
  {
    fiscalCode: FiscalCode,
    resultId: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9._:/-]+$',
      description: "the lab's own id of this result: posting it again records nothing twice",
    }),
    sampleCollectedAt: Type.String({ format: 'date-time', description: 'DCC sc: when the sample was taken' }),
    result: Type.Union([Type.Literal('detected'), Type.Literal('not-detected')], {
      description: 'DCC tr: 260373001 detected, 260415000 not detected',
    }),
    testName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'DCC nm: the NAAT test name' })),
  },
  { additionalProperties: false },
);
export const LabResultResult = Type.Object({
  testId: Type.Integer(),
  result: Type.Union([Type.Literal('detected'), Type.Literal('not-detected')]),
  certificate: Type.Union([Type.Null(), IssuedRef], {
    description: 'null for a detected result, or one posted after its 72 h validity',
  }),
});

export const PatientParam = Type.Object({ fiscalCode: FiscalCode });
export const RecoveryBody = Type.Object(
  {
    firstPositiveDate: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'DCC fr: the day of the first positive test, YYYY-MM-DD',
    }),
  },
  { additionalProperties: false },
);
export const RecoveryResult = Type.Object({
  recoveryId: Type.Integer(),
  firstPositiveDate: Type.String(),
  validFrom: Type.String({ description: 'DCC df: fr + 11 days' }),
  validUntil: Type.String({ description: 'DCC du: fr + 180 days' }),
  certificate: IssuedRef,
});

export const RetrievalBody = Type.Object(
  {
    fiscalCode: FiscalCode,
    healthCardNumber: Type.String({
      minLength: 20,
      maxLength: 24,
      description: 'the 20 digits on the back of the health card (spaces are ignored)',
    }),
    code: Type.String({ minLength: 10, maxLength: 14, description: 'the code in the SMS, e.g. ABCDE-12345' }),
  },
  { additionalProperties: false },
);
export const RetrievalResult = Type.Object({
  certificate: CertificateSummary,
  qrPng: Type.String({ description: 'the QR code, PNG as base64' }),
  pdf: Type.String({ description: 'the certificate, Italian and English, PDF as base64' }),
});
