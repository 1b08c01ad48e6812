/**
 * CDA2 → FHIR R4 document Bundle (issue 20 item 1). Pure: bytes in, Bundle out, no database and no clock other than
 * the `now` the caller passes. Every clinical resource links back to the DocumentReference the caller names.
 */
import { createHash } from 'node:crypto';
import type { Bundle, Identifier } from '@medplum/fhirtypes';
import { attr, child, kids, parseCda, text, type Element } from './cda-dom.ts';
import { Conversion, type UnmappedEntry } from './context.ts';
import { compositionHeader } from './header.ts';
import { section } from './sections.ts';

/** The national document types by ClinicalDocument/code (LOINC), as the national examples name them. */
export const CDA_DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  '11502-2': 'LAB',
  '68604-8': 'RAD',
  '34105-7': 'LDO',
  '59258-4': 'VPS',
  '11488-4': 'RSA',
  '60591-5': 'PSS',
  '87273-9': 'SING_VACC',
  '82593-5': 'CERT_VACC',
  '11526-1': 'RAP',
};

export interface CdaToFhirOptions {
  /** The id of the DocumentReference the CDA is filed under: every clinical resource links to it. */
  readonly documentReferenceId: string;
  /** Bundle.timestamp; the conversion's own clock when absent. */
  readonly now?: Date;
  readonly maxBytes?: number;
}

export type CdaToFhirResult =
  | {
      readonly ok: true;
      readonly bundle: Bundle;
      /** LAB, RAD, LDO, ... or null for a document code outside the national list (still converted generically). */
      readonly documentType: string | null;
      /** Entries the converter has no resource for (plans, family history, exemptions...), for the conversion log. */
      readonly unmapped: readonly UnmappedEntry[];
    }
  | { readonly ok: false; readonly message: string };

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function convertCdaToFhir(bytes: Uint8Array, options: CdaToFhirOptions): CdaToFhirResult {
  if (!FHIR_ID.test(options.documentReferenceId)) {
    throw new TypeError(`documentReferenceId "${options.documentReferenceId}" is not a FHIR id`);
  }
  const parsed = parseCda(bytes, options.maxBytes);
  if (!parsed.ok) return parsed;
  return convertCdaElement(parsed.root, bytes, options);
}

/**
 * The conversion of a CDA already parsed (by parseCda, or by the validation engine's slimdom parse of the same
 * decoded text): `root` is its urn:hl7-org:v3 ClinicalDocument, `bytes` the document as received.
 */
export function convertCdaElement(root: Element, bytes: Uint8Array, options: CdaToFhirOptions): CdaToFhirResult {
  if (!FHIR_ID.test(options.documentReferenceId)) {
    throw new TypeError(`documentReferenceId "${options.documentReferenceId}" is not a FHIR id`);
  }
  const cdaId = child(root, 'id');
  // A CDA always has an id (CONF-1); one without still converts, its ids then derive from its bytes.
  const cdaKey =
    attr(cdaId, 'root') === undefined
      ? createHash('sha256').update(bytes).digest('hex')
      : `${attr(cdaId, 'root')}^${attr(cdaId, 'extension') ?? ''}`;
  const conversion = new Conversion(`${options.documentReferenceId}|${cdaKey}`, options.documentReferenceId);
  const documentCode = attr(child(root, 'code'), 'code') ?? '';
  const documentType = CDA_DOCUMENT_TYPES[documentCode] ?? null;
  const timestamp = (options.now ?? new Date()).toISOString();
  const title = text(child(root, 'title')) ?? attr(child(root, 'code'), 'displayName') ?? 'Documento clinico';
  const composition = compositionHeader(conversion, root, title, timestamp);
  const sections = kids(child(root, 'component'), 'structuredBody')
    .flatMap((body) => kids(body, 'component'))
    .flatMap((c) => kids(c, 'section'))
    .map((s) => section(conversion, s, documentType === 'LAB'));
  if (sections.length > 0) composition.section = sections;
  const bundleId = conversion.idFor('bundle');
  const compositionIdentifier = composition.identifier;
  // bdl-9: a document Bundle has an identifier with system and value; the CDA's id is the document's identity.
  const identifier: Identifier =
    compositionIdentifier?.system !== undefined && compositionIdentifier.value !== undefined
      ? { system: compositionIdentifier.system, value: compositionIdentifier.value }
      : { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${bundleId}` };
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: bundleId,
    identifier,
    type: 'document',
    timestamp,
    entry: [{ fullUrl: `urn:uuid:${composition.id}`, resource: composition }, ...conversion.entries],
  };
  return { ok: true, bundle, documentType, unmapped: conversion.unmapped };
}
