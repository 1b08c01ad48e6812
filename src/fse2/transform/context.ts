/** The state of one conversion: the Bundle's entries, deterministic ids, and the links every resource shares. */
import type { BundleEntry, DocumentReference, Extension, Patient, Reference, Resource } from '@medplum/fhirtypes';
import { deterministicUuid } from './ids.ts';

/**
 * Salus's extension linking a derived clinical resource to the DocumentReference of the document it came from. It
 * is on every clinical resource so that one search finds them all; where FHIR R4 has an element for it
 * (Observation.derivedFrom, MedicationStatement.derivedFrom, Condition.evidence.detail) that is filled too.
 */
export const SOURCE_DOCUMENT_EXTENSION = 'https://salus.example.org/fhir/StructureDefinition/source-document';

export interface UnmappedEntry {
  readonly section: string;
  readonly element: string;
  readonly code: string;
}

export class Conversion {
  readonly entries: BundleEntry[] = [];
  readonly unmapped: UnmappedEntry[] = [];
  private readonly counters = new Map<string, number>();
  private readonly byKey = new Map<string, Reference>();
  private readonly namespace: string;
  patient: Reference<Patient> = {};
  readonly sourceDocument: Reference<DocumentReference>;

  constructor(namespace: string, documentReferenceId: string) {
    this.namespace = namespace;
    this.sourceDocument = { reference: `DocumentReference/${documentReferenceId}`, type: 'DocumentReference' };
  }

  /** A fresh id for the n-th resource of a kind, stable across conversions of the same document. */
  nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return deterministicUuid(this.namespace, `${kind}#${n}`);
  }

  idFor(key: string): string {
    return deterministicUuid(this.namespace, key);
  }

  /** Adds a resource as a Bundle entry with a urn:uuid fullUrl; a key already added returns its first reference. */
  add<T extends Resource & { id: string }>(resource: T, key?: string): Reference<T> {
    if (key !== undefined) {
      const known = this.byKey.get(key);
      if (known !== undefined) return known as Reference<T>;
    }
    const fullUrl = `urn:uuid:${resource.id}`;
    this.entries.push({ fullUrl, resource });
    const reference: Reference<T> = { reference: fullUrl, type: resource.resourceType };
    if (key !== undefined) this.byKey.set(key, reference);
    return reference;
  }

  get sourceExtension(): Extension {
    return { url: SOURCE_DOCUMENT_EXTENSION, valueReference: this.sourceDocument };
  }
}
