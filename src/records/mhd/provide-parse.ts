import { createHash } from 'node:crypto';
import type { Binary, Bundle, DocumentReference, List, Reference } from '@medplum/fhirtypes';
import { validationError, type FieldProblem } from '../../shared/errors.ts';
import { DOCUMENT_CONTENT_TYPES, FSE_CLASSES, isFseClass, SYSTEMS, type FseClass } from '../fhir/codes.ts';
import { validateResource } from '../fhir/validate.ts';
import { documentContentProblem } from './content-check.ts';
import { referenceId, UUID } from '../search/compile.ts';

/** Who a document is about, as the Bundle names them: a Patient id, or a codice fiscale. */
export type SubjectRef =
  { readonly kind: 'id'; readonly id: number } | { readonly kind: 'fiscalCode'; readonly value: string };

export interface ParsedBinary {
  readonly index: number;
  readonly fullUrl: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly sha1: string;
}

export interface ParsedDocument {
  readonly index: number;
  readonly fullUrl: string;
  readonly resource: DocumentReference;
  readonly binary: ParsedBinary;
  readonly masterIdentifier: string;
  readonly docClass: FseClass;
  /** The id of the DocumentReference this one replaces (relatesTo code "replaces"). */
  readonly replaces: string | null;
  /** The id to store it under, chosen by a filing of Salus's own (never from a Bundle); a random one when absent. */
  readonly id?: string;
}

export interface Submission {
  readonly list: { readonly index: number; readonly fullUrl: string; readonly resource: List };
  readonly documents: readonly ParsedDocument[];
  readonly subject: SubjectRef;
  readonly entryCount: number;
}

const LIST_TYPES = 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes';

function subjectOf(ref: Reference | undefined): SubjectRef | null {
  if (ref?.reference !== undefined) {
    const id = referenceId(ref.reference, 'Patient');
    return id !== null && /^[1-9]\d{0,17}$/.test(id) ? { kind: 'id', id: Number(id) } : null;
  }
  const identifier = ref?.identifier;
  if (identifier?.system === SYSTEMS.fiscalCode && identifier.value !== undefined)
    return { kind: 'fiscalCode', value: identifier.value.toUpperCase() };
  return null;
}

const sameSubject = (a: SubjectRef, b: SubjectRef): boolean =>
  a.kind === b.kind &&
  (a.kind === 'id' ? a.id === (b as { id: number }).id : a.value === (b as { value: string }).value);

/**
 * Checks an ITI-65 Provide Document Bundle without touching the database: the R4
 * structure, one SubmissionSet List, DocumentReferences of an FSE class with their
 * Binary in the Bundle, and hash and size matching the bytes. Every problem is
 * reported at once, each with its FHIRPath, so a facility fixes its feed in one pass.
 */
export function parseProvideBundle(body: unknown, contents: ReadonlyMap<string, Buffer> = new Map()): Submission {
  const problems: FieldProblem[] = [...validateResource(body, 'Bundle')];
  if (problems.length > 0) throw refuse(problems);
  const bundle = body as Bundle;
  const add = (field: string, message: string) => problems.push({ field, message });
  if (bundle.type !== 'transaction') add('Bundle.type', 'must be "transaction" for ITI-65 Provide Document Bundle');
  const entries = bundle.entry ?? [];

  const lists: { index: number; fullUrl: string; resource: List }[] = [];
  const docs: { index: number; fullUrl: string; resource: DocumentReference }[] = [];
  const binaries = new Map<string, ParsedBinary>();
  const seenUrls = new Set<string>();
  entries.forEach((entry, i) => {
    const path = `Bundle.entry[${i}]`;
    const resource = entry.resource;
    if (entry.fullUrl === undefined || resource === undefined) return add(path, 'needs fullUrl and resource');
    if (seenUrls.has(entry.fullUrl)) add(`${path}.fullUrl`, 'is used by another entry');
    seenUrls.add(entry.fullUrl);
    if (entry.request?.method !== 'POST' || entry.request.url !== resource.resourceType)
      add(`${path}.request`, `must be POST ${resource.resourceType}`);
    const structural = validateResource(resource, resource.resourceType, `${path}.resource`);
    problems.push(...structural);
    if (structural.length > 0) return;
    if (resource.resourceType === 'List') lists.push({ index: i, fullUrl: entry.fullUrl, resource });
    else if (resource.resourceType === 'DocumentReference') docs.push({ index: i, fullUrl: entry.fullUrl, resource });
    else if (resource.resourceType === 'Binary') {
      const binary = parseBinary(resource, contents.get(entry.fullUrl), `${path}.resource`, add);
      if (binary !== null) binaries.set(entry.fullUrl, { index: i, fullUrl: entry.fullUrl, ...binary });
    } else
      add(
        `${path}.resource.resourceType`,
        `${resource.resourceType} does not belong in a Provide Document Bundle (List, DocumentReference, Binary)`,
      );
  });

  const list = lists[0];
  if (lists.length !== 1 || list === undefined) add('Bundle.entry', 'must hold exactly one SubmissionSet List');
  else if (list.resource.code?.coding?.some((c) => c.system === LIST_TYPES && c.code === 'submissionset') !== true)
    add(`Bundle.entry[${list.index}].resource.code`, `must be ${LIST_TYPES}|submissionset`);
  if (docs.length === 0) add('Bundle.entry', 'must hold at least one DocumentReference');

  const used = new Set<string>();
  const parsed: ParsedDocument[] = [];
  let subject: SubjectRef | null = list === undefined ? null : subjectOf(list.resource.subject);
  if (list !== undefined && subject === null)
    add(
      `Bundle.entry[${list.index}].resource.subject`,
      'must name the patient: Patient/<id> or an identifier with system codice fiscale',
    );
  for (const doc of docs) {
    const path = `Bundle.entry[${doc.index}].resource`;
    const result = parseDocument(doc.resource, path, binaries, used, add);
    const docSubject = subjectOf(doc.resource.subject);
    if (docSubject === null)
      add(`${path}.subject`, 'must name the patient: Patient/<id> or an identifier with system codice fiscale');
    else if (subject !== null && !sameSubject(subject, docSubject))
      add(`${path}.subject`, 'must be the patient of the SubmissionSet');
    subject ??= docSubject;
    if (result !== null) parsed.push({ ...result, index: doc.index, fullUrl: doc.fullUrl, resource: doc.resource });
    if (list !== undefined && !(list.resource.entry ?? []).some((e) => e.item.reference === doc.fullUrl))
      add(`Bundle.entry[${list.index}].resource.entry`, `must list ${doc.fullUrl}`);
  }
  for (const [url, binary] of binaries)
    if (!used.has(url)) add(`Bundle.entry[${binary.index}]`, 'is a Binary no DocumentReference points at');
  const masters = parsed.map((d) => d.masterIdentifier);
  if (new Set(masters).size !== masters.length) add('Bundle.entry', 'two DocumentReferences share a masterIdentifier');

  if (problems.length > 0 || list === undefined || subject === null) throw refuse(problems);
  return { list, documents: parsed, subject, entryCount: entries.length };
}

function refuse(problems: readonly FieldProblem[]) {
  return validationError(
    'fse.iti65_invalid',
    `The Provide Document Bundle was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
      `nothing was stored.`,
    problems,
  );
}

/** `detached`: the bytes of a Binary without data, given beside the Bundle by Salus's own filings. */
function parseBinary(
  resource: Binary,
  detached: Buffer | undefined,
  path: string,
  add: (f: string, m: string) => void,
): Omit<ParsedBinary, 'index' | 'fullUrl'> | null {
  if (resource.data === undefined && detached === undefined) {
    add(`${path}.data`, 'is required: the document bytes, base64');
    return null;
  }
  if (!DOCUMENT_CONTENT_TYPES.has(resource.contentType)) {
    add(`${path}.contentType`, `must be one of ${[...DOCUMENT_CONTENT_TYPES].join(', ')}`);
    return null;
  }
  const bytes = resource.data === undefined ? (detached ?? Buffer.alloc(0)) : Buffer.from(resource.data, 'base64');
  const problem = documentContentProblem(resource.contentType, bytes);
  if (problem !== null) {
    add(`${path}.data`, problem);
    return null;
  }
  return { contentType: resource.contentType, bytes, sha1: createHash('sha1').update(bytes).digest('base64') };
}

function parseDocument(
  doc: DocumentReference,
  path: string,
  binaries: ReadonlyMap<string, ParsedBinary>,
  used: Set<string>,
  add: (f: string, m: string) => void,
): Omit<ParsedDocument, 'index' | 'fullUrl' | 'resource'> | null {
  const state = { ok: true };
  const fail = (field: string, message: string) => {
    state.ok = false;
    add(`${path}.${field}`, message);
  };
  if (doc.status !== 'current') fail('status', 'must be "current" for a new document');
  const master = doc.masterIdentifier;
  if (master?.system === undefined || master.value === undefined)
    fail('masterIdentifier', 'needs system and value (the document’s unique id)');
  const classes = (doc.category ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === SYSTEMS.documentClass && c.code !== undefined && isFseClass(c.code));
  const docClass = classes[0]?.code;
  if (docClass === undefined || !isFseClass(docClass)) {
    fail(
      'category',
      `must hold an FSE document class (${SYSTEMS.documentClass}: ${Object.keys(FSE_CLASSES).join(', ')})`,
    );
  } else {
    const allowed: readonly string[] = FSE_CLASSES[docClass].loinc;
    if (
      doc.type?.coding?.some((c) => c.system === SYSTEMS.loinc && c.code !== undefined && allowed.includes(c.code)) !==
      true
    ) {
      fail('type', `must be a LOINC type of class ${docClass} (${allowed.join(', ')})`);
    }
  }
  if (doc.content.length !== 1) fail('content', 'must hold exactly one attachment');
  const attachment = doc.content[0]?.attachment;
  const binary = attachment?.url === undefined ? undefined : binaries.get(attachment.url);
  if (binary === undefined)
    fail('content[0].attachment.url', 'must point at a Binary entry of this Bundle (its fullUrl)');
  else {
    used.add(binary.fullUrl);
    if (attachment?.contentType !== binary.contentType)
      fail('content[0].attachment.contentType', `must be the Binary’s contentType (${binary.contentType})`);
    if (attachment?.hash === undefined) fail('content[0].attachment.hash', 'is required: base64 SHA-1 of the bytes');
    else if (attachment.hash !== binary.sha1)
      fail('content[0].attachment.hash', 'does not match the Binary’s bytes (SHA-1)');
    if (attachment?.size === undefined) fail('content[0].attachment.size', 'is required: the number of bytes');
    else if (attachment.size !== binary.bytes.length)
      fail('content[0].attachment.size', `is ${attachment.size} but the Binary has ${binary.bytes.length} bytes`);
  }
  let replaces: string | null = null;
  for (const [i, relation] of (doc.relatesTo ?? []).entries()) {
    const target =
      relation.target.reference === undefined ? null : referenceId(relation.target.reference, 'DocumentReference');
    if (relation.code !== 'replaces') fail(`relatesTo[${i}].code`, 'only "replaces" is supported');
    else if (target === null || !UUID.test(target))
      fail(`relatesTo[${i}].target`, 'must reference DocumentReference/<id> as this server gave it');
    else if (replaces !== null) fail(`relatesTo[${i}]`, 'a document replaces at most one other');
    else replaces = target.toLowerCase();
  }
  if (
    !state.ok ||
    binary === undefined ||
    docClass === undefined ||
    !isFseClass(docClass) ||
    master?.system === undefined ||
    master.value === undefined
  )
    return null;
  return { binary, masterIdentifier: `${master.system}|${master.value}`, docClass, replaces };
}
