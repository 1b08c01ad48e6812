import type { CodeableConcept, Coding, DocumentReference, Resource } from '@medplum/fhirtypes';
import { SOURCE_DOCUMENT_EXTENSION } from '../transform/index.ts';

/** What a view says of the document a result or a dose came from (a DocumentReference the reader may see). */
export interface SourceDocument {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  /** The organisation that produced it (the author's organisation, else the custodian). */
  readonly facility: string | null;
  /** Its unique id (masterIdentifier value, "root^extension"): tells Salus's own VACC documents apart. */
  readonly identifier: string | null;
}

/** The DocumentReference a derived resource came from (the transform's source-document extension), or null. */
export function sourceDocumentId(resource: Resource & { extension?: { url: string }[] }): string | null {
  const extension = (resource.extension ?? []).find((e) => e.url === SOURCE_DOCUMENT_EXTENSION) as
    { valueReference?: { reference?: string } } | undefined;
  const reference =
    extension?.valueReference?.reference ??
    ('derivedFrom' in resource ? (resource.derivedFrom as { reference?: string }[] | undefined)?.[0]?.reference : null);
  const match = /(?:^|\/)DocumentReference\/([A-Za-z0-9\-.]{1,64})$/.exec(reference ?? '');
  return match?.[1] ?? null;
}

/** The facts of a DocumentReference a view shows next to its results. */
export function sourceDocument(doc: DocumentReference): SourceDocument {
  const contained = (ref: string | undefined) =>
    ref?.startsWith('#') === true ? doc.contained?.find((c) => c.id === ref.slice(1)) : undefined;
  const organisations = [...(doc.author ?? []), ...(doc.custodian === undefined ? [] : [doc.custodian])].flatMap(
    (a) => {
      const found = contained(a.reference);
      if (found?.resourceType === 'Organization') return found.name === undefined ? [] : [found.name];
      return a.type === 'Organization' && a.display !== undefined ? [a.display] : [];
    },
  );
  return {
    id: doc.id ?? '',
    title: doc.description ?? doc.content[0]?.attachment.title ?? doc.type?.coding?.[0]?.display ?? '',
    date: doc.date ?? doc.meta?.lastUpdated ?? '',
    facility: organisations[0] ?? null,
    identifier: doc.masterIdentifier?.value ?? null,
  };
}

/** The text a person reads for a concept: its text, else the display of its first coding that has one. */
export function conceptName(concept: CodeableConcept | undefined): string {
  return concept?.text ?? concept?.coding?.find((c) => c.display !== undefined)?.display ?? '';
}

export const LOINC = 'http://loinc.org';

/** The coding that identifies an analyte: LOINC first (the LAB IG's own), else the first with a code. */
export function primaryCoding(concept: CodeableConcept): Coding | undefined {
  const coded = (concept.coding ?? []).filter((c) => c.code !== undefined && c.code !== '');
  return coded.find((c) => c.system === LOINC || c.system === 'urn:oid:2.16.840.1.113883.6.1') ?? coded[0];
}
