import { Type } from 'typebox';
import { FSE_CLASSES } from '../fhir/codes.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DocClass = Type.Union(
  Object.keys(FSE_CLASSES).map((k) => Type.Literal(k)),
  {
    description:
      'FSE document class: REF referto, LDO dimissione, VRB pronto soccorso, ' +
      'PRS prescrizione, ESE esenzione, VAC vaccinazione, CER certificato',
  },
);

export const DocumentQuery = Type.Object(
  {
    class: Type.Optional(DocClass),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    includeSuperseded: Type.Optional(Type.Boolean({ default: false })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 300, description: 'the "next" of the previous page' })),
  },
  { additionalProperties: false },
);

export const Document = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  class: Type.String(),
  classLabel: Type.Object({ it: Type.String(), en: Type.String() }),
  type: Type.Object({ code: Type.String(), display: Type.String() }),
  title: Type.String(),
  date: Type.String(),
  author: Type.String(),
  status: Type.String(),
  hidden: Type.Boolean({ description: 'oscurato: only the citizen (and delegates) see it' }),
  contentType: Type.String(),
  readable: Type.Boolean({ description: 'a CDA2 document: /api/records/documents/{id}/view is its readable page' }),
  size: Nullable(Type.Integer()),
  binaryId: Nullable(Type.String()),
  replaces: Nullable(Type.String()),
  event: Type.Array(Type.Object({ code: Type.String(), display: Type.String() })),
  period: Nullable(Type.Object({ start: Nullable(Type.String()), end: Nullable(Type.String()) })),
});

export const DocumentPage = Type.Object({
  items: Type.Array(Document),
  total: Nullable(Type.Integer()),
  next: Nullable(Type.String()),
});

export const Prescription = Type.Object({
  id: Type.String(),
  nre: Type.String(),
  patientId: Type.String(),
  medication: Type.Object({ code: Type.String(), display: Type.String() }),
  dosage: Type.String(),
  quantity: Nullable(Type.Number()),
  status: Type.String(),
  authoredOn: Type.String(),
  prescriber: Type.String(),
  dispensed: Nullable(Type.Object({ at: Type.String(), by: Type.String() })),
});

export const Exemption = Type.Object({
  documentId: Type.String(),
  code: Type.String(),
  display: Type.String(),
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
  issuedBy: Type.String(),
  date: Type.String(),
});

export const Vaccination = Type.Object({
  id: Type.String(),
  product: Type.String(),
  doseNumber: Nullable(Type.Integer()),
  doses: Nullable(Type.Integer()),
  date: Type.String(),
  lot: Type.String(),
  centre: Type.String(),
});

export const Consent = Type.Object({
  active: Type.Boolean(),
  since: Nullable(Type.String()),
  id: Nullable(Type.String()),
  versionId: Nullable(Type.String()),
});

export const Summary = Type.Object({
  patientId: Type.String(),
  consent: Consent,
  classes: Type.Array(Type.Object({ class: Type.String(), documents: Type.Integer(), latest: Type.String() })),
  processing: Type.Integer({ description: 'documents accepted and not yet processed' }),
});

export const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }) });
export const FiscalCodeParam = Type.Object({ fiscalCode: Type.String({ minLength: 16, maxLength: 16 }) });

export const ContentQuery = Type.Object(
  { download: Type.Boolean({ default: false }) },
  { additionalProperties: false },
);
export const VisibilityBody = Type.Object({ hidden: Type.Boolean() }, { additionalProperties: false });
export const ConsentBody = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });

export const Paging = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const GpPatient = Type.Object({
  patientId: Type.String(),
  fiscalCode: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  birthDate: Type.String(),
  consent: Type.Boolean(),
});
export const GpPatients = Type.Object({ total: Type.Integer(), items: Type.Array(GpPatient) });

export const AccessQuery = Type.Object(
  {
    others: Type.Boolean({ default: true, description: "leave out the citizen's own reads" }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const Accesses = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      at: Type.String(),
      who: Type.String(),
      role: Type.String(),
      onBehalfOf: Nullable(Type.String()),
      action: Type.String(),
      resourceType: Type.String(),
      purpose: Type.String(),
      outcome: Type.String(),
    }),
  ),
});

export const PrescribeBody = Type.Object(
  {
    medication: Type.Object(
      {
        code: Type.String({ pattern: '^[0-9A-Z]{6,12}$', description: 'AIC code' }),
        display: Type.String({ minLength: 2, maxLength: 200 }),
      },
      { additionalProperties: false },
    ),
    dosage: Type.String({ minLength: 2, maxLength: 500 }),
    quantity: Type.Integer({ minimum: 1, maximum: 6 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    idempotencyKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
  },
  { additionalProperties: false },
);

export const ExemptionBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9]{2,6}$' }),
    display: Type.String({ minLength: 2, maxLength: 200 }),
    validFrom: Type.String({ format: 'date' }),
    validTo: Type.Optional(Type.String({ format: 'date' })),
    idempotencyKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
  },
  { additionalProperties: false },
);

export const LookupQuery = Type.Object(
  { fiscalCode: Type.String({ minLength: 16, maxLength: 16 }), nre: Type.String({ pattern: '^[0-9A-Za-z]{15}$' }) },
  { additionalProperties: false },
);
export const DispenseBody = LookupQuery;

export const Ingestion = Type.Object({
  slaSeconds: Type.Integer(),
  pending: Type.Integer(),
  flagged: Type.Integer(),
  oldestPendingSeconds: Type.Number(),
  last24h: Type.Object({
    processed: Type.Integer(),
    breaches: Type.Integer(),
    p50Seconds: Nullable(Type.Number()),
    p95Seconds: Nullable(Type.Number()),
    p99Seconds: Nullable(Type.Number()),
  }),
  histogram: Type.Array(Type.Object({ le: Nullable(Type.Number()), count: Type.Integer() })),
  documentsByClass: Type.Array(Type.Object({ docClass: Type.String(), documents: Type.Integer() })),
  processedPerHour: Type.Array(Type.Object({ hour: Type.String({ format: 'date-time' }), documents: Type.Integer() })),
});
