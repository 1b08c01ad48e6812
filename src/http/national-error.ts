/**
 * The FSE 2.0 national Gateway's error body (swagger_gtw.yaml ErrorResponseDTO; national
 * integration guide, chapter 14): RFC 7807 with traceID and spanID, and "type" one of the
 * Gateway's "/msg/..." URIs. Used for every error under /fse2, Fastify's own included,
 * so producer software written for the national Gateway reads Salus's errors unchanged.
 */
export interface NationalError {
  readonly traceID: string;
  readonly spanID: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly status: number;
  readonly instance: string;
}

interface NationalType {
  readonly type: string;
  readonly title: string;
  readonly instance: string;
  /** The national status where it differs from the domain kind's (semantic errors are 422, a non-PDF 415). */
  readonly status?: number;
}

// Chapter 14.1.1, "Esempi di errore generati dal Gateway"; Salus-only refusals reuse the closest type.
const BY_CODE: Readonly<Record<string, NationalType>> = {
  'fse2.empty_file': { type: '/msg/empty-file', title: 'File vuoto.', instance: '/empty-multipart-file' },
  'fse2.not_pdf': {
    type: '/msg/document-type',
    title: 'Il documento non è pdf.',
    instance: '/multipart-file',
    status: 415,
  },
  'fse2.cda_extraction': {
    type: '/msg/cda-element',
    title: 'Errore in fase di estrazione del CDA.',
    instance: '/cda-extraction',
  },
  'fse2.signature_not_pades': { type: '/msg/document-type', title: 'Firma non PAdES.', instance: '/signature-pades' },
  'fse2.signature_missing': {
    type: '/msg/document-type',
    title: 'Documento non firmato.',
    instance: '/signature-pades',
  },
  'fse2.signature_invalid': { type: '/msg/document-type', title: 'Firma non valida.', instance: '/signature-pades' },
  'fse2.hash_mismatch': { type: '/msg/document-hash', title: 'Verifica hash fallita.', instance: '/jwt-hash-match' },
  'fse2.cda_not_validated': {
    type: '/msg/cda-match',
    title: "Errore in fase di recupero dell'esito della verifica.",
    instance: '/cda-validation',
  },
  'fse2.syntax': { type: '/msg/syntax', title: 'Errore di sintassi.', instance: '/validation/error' },
  'fse2.unknown_template': { type: '/msg/syntax', title: 'Errore di sintassi.', instance: '/validation/template' },
  'fse2.semantic': { type: '/msg/semantic', title: 'Errore semantico.', instance: '/validation/error', status: 422 },
  'fse2.vocabulary': { type: '/msg/vocabulary', title: 'Errore vocabolario.', instance: '/validation/error' },
  'fse2.mandatory_element': {
    type: '/msg/mandatory-element',
    title: 'Campo obbligatorio non presente.',
    instance: '/request-missing-field',
  },
  'fse2.invalid_format': {
    type: '/msg/invalid-format',
    title: 'Formato campo non valido.',
    instance: '/request-invalid-format',
  },
  'fse2.patient_mismatch': {
    type: '/msg/jwt-validation',
    title: 'Campo token JWT non valido.',
    instance: '/jwt-person-id',
  },
  'fse.patient_unknown': { type: '/msg/record-not-found', title: 'Record non trovato.', instance: '/patient' },
  'fse2.metadata_mismatch': {
    type: '/msg/invalid-format',
    title: 'Formato campo non valido.',
    instance: '/metadata-cda-match',
  },
  'fse2.jwt_missing': { type: '/msg/missing-token', title: 'Token non fornito.', instance: '/missing-jwt' },
  'fse2.jwt_invalid': {
    type: '/msg/jwt-validation',
    title: 'Campo token JWT non valido.',
    instance: '/jwt-validation',
  },
  'fse2.record_not_found': { type: '/msg/record-not-found', title: 'Record non trovato.', instance: '/document' },
};

/** Errors without a national code (authentication, Fastify's own, the database): by status. */
function byStatus(status: number): NationalType {
  if (status === 401 || status === 403)
    return { type: '/msg/missing-token', title: 'Token JWT non valido.', instance: '/jwt-mandatory-field-missing' };
  if (status === 404) return { type: '/msg/record-not-found', title: 'Record non trovato.', instance: '/not-found' };
  if (status === 409) return { type: '/msg/conflict', title: 'Conflitto.', instance: '/conflict' };
  if (status === 413)
    return { type: '/msg/payload-too-large', title: 'Payload troppo grande.', instance: '/multipart-file' };
  if (status === 415)
    return { type: '/msg/document-type', title: 'Tipo di contenuto non supportato.', instance: '/content-type' };
  if (status === 429) return { type: '/msg/too-many-requests', title: 'Troppe richieste.', instance: '/rate-limit' };
  if (status >= 500) return { type: '/msg/generic-error', title: 'Errore generico.', instance: '/generic-error' };
  return { type: '/msg/invalid-format', title: 'Formato campo non valido.', instance: '/request' };
}

export function toNationalError(
  classified: { readonly status: number; readonly code: string; readonly detail: string },
  requestId: string,
): NationalError {
  const national = BY_CODE[classified.code] ?? byStatus(classified.status);
  return {
    traceID: requestId,
    spanID: requestId,
    type: national.type,
    title: national.title,
    detail: classified.detail,
    status: national.status ?? classified.status,
    instance: national.instance,
  };
}
