import { createHash, randomUUID } from 'node:crypto';
import type { Bundle, Coding, DocumentReference, List, Patient, Reference } from '@medplum/fhirtypes';
import { FSE_CLASSES, SYSTEMS, type FseClass } from '../fhir/codes.ts';

export interface DocumentInput {
  readonly masterIdentifier: { readonly system: string; readonly value: string };
  readonly docClass: FseClass;
  /** LOINC type; the class's first type when absent. */
  readonly type?: { readonly code: string; readonly display: string };
  readonly description: string;
  readonly date: string;
  readonly content: Buffer;
  readonly contentType?: string;
  readonly author?: { readonly prefix?: string; readonly given: string; readonly family: string };
  readonly organisation?: string;
  readonly event?: readonly Coding[];
  readonly period?: { readonly start?: string; readonly end?: string };
  readonly securityLabel?: readonly Coding[];
  readonly facilityType?: Coding;
  readonly practiceSetting?: Coding;
  /** Id of a DocumentReference this document replaces. */
  readonly replaces?: string;
}

export type SubjectInput = { readonly patientId: number } | { readonly fiscalCode: string };

const subjectRef = (s: SubjectInput): Reference<Patient> =>
  'patientId' in s
    ? { reference: `Patient/${s.patientId}` }
    : { identifier: { system: SYSTEMS.fiscalCode, value: s.fiscalCode } };

const LOINC_DISPLAY: Readonly<Record<string, string>> = {
  '11502-2': 'Laboratory report',
  '18842-5': 'Discharge summary',
  '59258-4': 'Emergency department Discharge summary',
  '57833-6': 'Prescription for medication',
  '57827-8': 'Reason for exemption',
  '87273-9': 'Immunization note',
  '82593-5': 'Immunization summary report',
};

/**
 * An IHE MHD ITI-65 Provide Document Bundle (Comprehensive): a SubmissionSet List,
 * one DocumentReference per document with its Binary, hash and size. Used by the
 * demo seed, the GP's exemptions, the tests and the benchmark, so that everything
 * Salus publishes itself goes through the same checks as a facility's feed.
 */
export function provideBundle(
  subject: SubjectInput,
  documents: readonly DocumentInput[],
  source: { readonly sourceId: string; readonly submissionId?: string },
): Bundle {
  const { bundle, contents } = provideBundleDetached(subject, documents, source);
  for (const entry of bundle.entry ?? []) {
    const bytes = entry.fullUrl === undefined ? undefined : contents.get(entry.fullUrl);
    if (entry.resource?.resourceType === 'Binary' && bytes !== undefined)
      entry.resource.data = bytes.toString('base64');
  }
  return bundle;
}

/**
 * The same Bundle with each Binary's bytes beside it (by the Binary's fullUrl) instead of in base64 inside it, for
 * parseProvideBundle's `contents`: Salus's own filings (a Gateway publication's 65 KB PDF) skip encoding the bytes
 * to base64, checking the base64 and decoding it back (ADR 0027). Every other check of the Bundle is the same.
 */
export function provideBundleDetached(
  subject: SubjectInput,
  documents: readonly DocumentInput[],
  source: { readonly sourceId: string; readonly submissionId?: string },
): { bundle: Bundle; contents: ReadonlyMap<string, Buffer> } {
  const contents = new Map<string, Buffer>();
  const listUrl = `urn:uuid:${randomUUID()}`;
  const entries: NonNullable<Bundle['entry']> = [];
  const docUrls: string[] = [];
  for (const doc of documents) {
    const binaryUrl = `urn:uuid:${randomUUID()}`;
    const docUrl = `urn:uuid:${randomUUID()}`;
    docUrls.push(docUrl);
    const contentType = doc.contentType ?? 'application/pdf';
    const loinc = doc.type ?? {
      code: FSE_CLASSES[doc.docClass].loinc[0],
      display: LOINC_DISPLAY[FSE_CLASSES[doc.docClass].loinc[0]] ?? '',
    };
    const contained: DocumentReference['contained'] = [];
    const author: NonNullable<DocumentReference['author']> = [];
    if (doc.author !== undefined) {
      contained.push({
        resourceType: 'Practitioner',
        id: 'author',
        name: [
          {
            family: doc.author.family,
            given: [doc.author.given],
            ...(doc.author.prefix === undefined ? {} : { prefix: [doc.author.prefix] }),
          },
        ],
      });
      author.push({ reference: '#author' });
    }
    if (doc.organisation !== undefined) {
      contained.push({ resourceType: 'Organization', id: 'org', name: doc.organisation });
      author.push({ reference: '#org' });
    }
    const context: NonNullable<DocumentReference['context']> = {
      ...(doc.event === undefined ? {} : { event: [{ coding: [...doc.event] }] }),
      ...(doc.period === undefined ? {} : { period: { ...doc.period } }),
      ...(doc.facilityType === undefined ? {} : { facilityType: { coding: [doc.facilityType] } }),
      ...(doc.practiceSetting === undefined ? {} : { practiceSetting: { coding: [doc.practiceSetting] } }),
    };
    const reference: DocumentReference = {
      resourceType: 'DocumentReference',
      meta: { profile: [`${SYSTEMS.mhdProfile}/IHE.MHD.Comprehensive.DocumentReference`] },
      ...(contained.length === 0 ? {} : { contained }),
      masterIdentifier: { system: doc.masterIdentifier.system, value: doc.masterIdentifier.value },
      identifier: [{ use: 'official', system: 'urn:ietf:rfc:3986', value: docUrl }],
      status: 'current',
      type: { coding: [{ system: SYSTEMS.loinc, code: loinc.code, display: loinc.display }] },
      category: [
        { coding: [{ system: SYSTEMS.documentClass, code: doc.docClass, display: FSE_CLASSES[doc.docClass].it }] },
      ],
      subject: subjectRef(subject),
      date: doc.date,
      ...(author.length === 0 ? {} : { author }),
      description: doc.description,
      ...(doc.securityLabel === undefined ? {} : { securityLabel: [{ coding: [...doc.securityLabel] }] }),
      ...(doc.replaces === undefined
        ? {}
        : { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${doc.replaces}` } }] }),
      content: [
        {
          attachment: {
            contentType,
            language: 'it-IT',
            url: binaryUrl,
            size: doc.content.length,
            hash: createHash('sha1').update(doc.content).digest('base64'),
            title: doc.description,
            creation: doc.date,
          },
          format: {
            system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
            code: contentType === 'application/pdf' ? 'urn:ihe:iti:xds-sd:pdf:2008' : 'urn:ihe:pcc:xphr:2007',
          },
        },
      ],
      ...(Object.keys(context).length === 0 ? {} : { context }),
    };
    entries.push({ fullUrl: docUrl, resource: reference, request: { method: 'POST', url: 'DocumentReference' } });
    contents.set(binaryUrl, doc.content);
    entries.push({
      fullUrl: binaryUrl,
      resource: { resourceType: 'Binary', contentType },
      request: { method: 'POST', url: 'Binary' },
    });
  }
  const list: List = {
    resourceType: 'List',
    meta: { profile: [`${SYSTEMS.mhdProfile}/IHE.MHD.Comprehensive.SubmissionSet`] },
    extension: [{ url: SYSTEMS.mhdSourceId, valueIdentifier: { value: source.sourceId } }],
    identifier: [
      {
        use: 'usual',
        system: 'urn:ietf:rfc:3986',
        value: source.submissionId ?? `urn:oid:2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`,
      },
    ],
    status: 'current',
    mode: 'working',
    code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] },
    subject: subjectRef(subject),
    date: new Date().toISOString(),
    entry: docUrls.map((url) => ({ item: { reference: url } })),
  };
  const bundle: Bundle = {
    resourceType: 'Bundle',
    meta: { profile: ['https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle'] },
    type: 'transaction',
    entry: [{ fullUrl: listUrl, resource: list, request: { method: 'POST', url: 'List' } }, ...entries],
  };
  return { bundle, contents };
}
