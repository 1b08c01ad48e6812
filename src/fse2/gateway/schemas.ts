import { Type, type Static, type TSchema } from 'typebox';

/**
 * The request and response DTOs of the national Gateway's OpenAPI
 * (national-docs/openapi/gateway/swagger_gtw.yaml, "Gateway Dispatcher" 1.0.0), as
 * TypeBox: same names, enums, lengths and required fields.
 */
const str = (maxLength: number) => Type.String({ maxLength, minLength: 0 });
// Typed as string: the enums are long lists read from the OpenAPI, checked by the schema at run time.
const oneOf = (values: readonly string[]) => Type.Unsafe<string>(Type.Union(values.map((v) => Type.Literal(v))));

// AD_PSC001..AD_PSC999 as the OpenAPI lists them (89 values, with its gaps).
const PSC_NUMBERS =
  '001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 018 019 020 021 024 025 026 027 028 029 030 031 ' +
  '032 033 034 035 036 037 038 039 040 041 042 043 046 047 048 049 050 051 052 054 055 056 057 058 060 061 062 ' +
  '064 065 066 067 068 069 070 071 072 073 074 075 076 077 078 094 096 097 098 099 100 101 102 103 104 107 109 ' +
  '121 122 126 129 130 131 199 999';
export const ASSETTO_ORGANIZZATIVO = PSC_NUMBERS.split(' ').map((n) => `AD_PSC${n}`);
export const TIPOLOGIA_STRUTTURA = ['Ospedale', 'Prevenzione', 'Territorio', 'SistemaTS', 'Cittadino', 'MdsPN_DGC'];
export const TIPO_DOCUMENTO_LIV_ALTO = [
  'WOR', 'REF', 'LDO', 'RIC', 'SUM', 'TAC', 'PRS', 'PRE', 'ESE', 'PDC', 'VAC', 'CER', 'VRB', 'CON', 'CNT', 'CRT',
  'LET', 'PRO', 'COL',
]; // prettier-ignore
const TIPO_ATTIVITA_CLINICA = ['PHR', 'CON', 'DIS', 'ERP', 'Sistema_TS', 'INI', 'PN_DGC', 'OBS'];
const ADMINISTRATIVE_REQUEST = ['SSN', 'INPATIENT', 'NOSSN', 'SSR', 'DONOR', 'AUTO'];

const metadata = {
  tipologiaStruttura: oneOf(TIPOLOGIA_STRUTTURA),
  attiCliniciRegoleAccesso: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 })),
  tipoDocumentoLivAlto: oneOf(TIPO_DOCUMENTO_LIV_ALTO),
  assettoOrganizzativo: oneOf(ASSETTO_ORGANIZZATIVO),
  dataInizioPrestazione: Type.Optional(str(100)),
  dataFinePrestazione: Type.Optional(str(100)),
  conservazioneANorma: Type.Optional(str(100)),
  tipoAttivitaClinica: oneOf(TIPO_ATTIVITA_CLINICA),
  identificativoSottomissione: str(100),
  descriptions: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 })),
  administrativeRequest: Type.Optional(Type.Array(oneOf(ADMINISTRATIVE_REQUEST), { maxItems: 1000 })),
};
const publication = {
  ...metadata,
  identificativoDoc: str(256),
  identificativoRep: str(100),
  mode: Type.Optional(oneOf(['ATTACHMENT', 'RESOURCE'])),
  healthDataFormat: Type.Optional(oneOf(['CDA'])),
};
const closed = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

export const PublicationMetadataReqDTO = closed(metadata);
export const ValidateAndCreateDTO = closed(publication);
export const ValidateAndReplaceDTO = closed(publication);
export const PublicationUpdateReqDTO = closed({ ...publication, workflowInstanceId: Type.Optional(str(256)) });
export const PublicationCreationReqDTO = closed({
  ...publication,
  workflowInstanceId: Type.Optional(str(256)),
  priorita: Type.Optional(Type.Boolean()),
});
export const ValidationCDAReqDTO = closed({
  healthDataFormat: Type.Optional(oneOf(['CDA'])),
  mode: Type.Optional(oneOf(['ATTACHMENT', 'RESOURCE'])),
  activity: oneOf(['VERIFICA', 'VALIDATION']),
});

export type MetadataDTO = Static<typeof PublicationMetadataReqDTO>;
export type PublicationDTO = Static<typeof ValidateAndCreateDTO> & { workflowInstanceId?: string };
export type ValidationDTO = Static<typeof ValidationCDAReqDTO>;

const answer = {
  traceID: Type.Optional(str(100)),
  spanID: Type.Optional(str(100)),
  workflowInstanceId: Type.Optional(str(256)),
  warning: Type.Optional(str(200000)),
};
export const ValidationResDTO = closed(answer);
export const PublicationResDTO = closed(answer);
export const ResponseWifDTO = closed(answer);

export const ErrorResponseDTO = closed({
  traceID: Type.Optional(str(100)),
  spanID: Type.Optional(str(100)),
  type: Type.Optional(str(100)),
  title: Type.Optional(str(1000)),
  detail: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  instance: Type.Optional(str(100)),
  workflowInstanceId: Type.Optional(str(256)),
});

const StatusCheckDTO = closed({
  eventType: Type.Optional(str(100)),
  eventDate: Type.Optional(str(100)),
  eventStatus: Type.Optional(str(100)),
  message: Type.Optional(str(50000)),
  identificativoDocumento: Type.Optional(str(256)),
  subject: Type.Optional(str(100)),
  subjectRole: Type.Optional(str(100)),
  tipoAttivita: Type.Optional(str(100)),
  organizzazione: Type.Optional(str(100)),
  workflowInstanceId: Type.Optional(str(256)),
  traceId: Type.Optional(str(100)),
  issuer: Type.Optional(str(100)),
  expiringDate: Type.Optional(str(100)),
  extra: Type.Optional(str(10000)),
});
export const TransactionInspectResDTO = closed({
  traceID: Type.Optional(str(100)),
  spanID: Type.Optional(str(100)),
  transactionData: Type.Array(StatusCheckDTO, { maxItems: 1000 }),
});
export type TransactionInspect = Static<typeof TransactionInspectResDTO>;
