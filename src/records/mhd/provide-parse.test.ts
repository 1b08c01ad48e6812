import type { Binary, Bundle, DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.ts';
import { validateResource } from '../fhir/validate.ts';
import { provideBundle, provideBundleDetached, type DocumentInput } from './build.ts';
import { parseProvideBundle } from './provide-parse.ts';

const pdf = Buffer.from('%PDF-1.4\n% test document\n%%EOF\n');
const doc: DocumentInput = {
  masterIdentifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3.4' },
  docClass: 'REF',
  description: 'Referto',
  date: '2026-01-10T10:00:00Z',
  content: pdf,
};
const valid = (): Bundle => provideBundle({ fiscalCode: 'BRMMRA36C52F205C' }, [doc], { sourceId: 'urn:test' });

const problems = (bundle: unknown): { field: string; message: string }[] => {
  try {
    parseProvideBundle(bundle);
  } catch (error) {
    if (isDomainError(error)) return [...error.fields];
    throw error;
  }
  return [];
};
const docOf = (b: Bundle) => b.entry?.[1]?.resource as DocumentReference;
const binaryOf = (b: Bundle) => b.entry?.[2]?.resource as Binary;

describe('ITI-65 Provide Document Bundle checks', () => {
  it('accepts a well-formed submission', () => {
    const s = parseProvideBundle(valid());
    expect(s.documents).toHaveLength(1);
    expect(s.documents[0]).toMatchObject({
      docClass: 'REF',
      masterIdentifier: 'urn:ietf:rfc:3986|urn:oid:1.2.3.4',
      replaces: null,
    });
    expect(s.subject).toEqual({ kind: 'fiscalCode', value: 'BRMMRA36C52F205C' });
  });

  it("takes the bytes beside the Bundle (Salus's own filings) as it takes them in base64, with the same checks", () => {
    const detached = provideBundleDetached({ fiscalCode: 'BRMMRA36C52F205C' }, [doc], { sourceId: 'urn:test' });
    expect(binaryOf(detached.bundle).data).toBeUndefined();
    const inline = parseProvideBundle(valid()).documents[0]?.binary;
    const beside = parseProvideBundle(detached.bundle, detached.contents).documents[0]?.binary;
    expect(beside?.bytes.equals(pdf)).toBe(true);
    expect({ ...beside, fullUrl: '' }).toEqual({ ...inline, fullUrl: '' });
    // Without its bytes beside it, a Binary with no data is refused as before.
    expect(problems(detached.bundle).map((p) => p.field)).toContain('Bundle.entry[2].resource.data');
    // Bytes beside the Bundle that do not match the DocumentReference's hash and size are refused as inline ones are.
    const url = detached.bundle.entry?.[2]?.fullUrl ?? '';
    const wrong = new Map([[url, Buffer.from('%PDF-1.4\n% another document\n')]]);
    const fields = (() => {
      try {
        parseProvideBundle(detached.bundle, wrong);
        return [];
      } catch (error) {
        return isDomainError(error) ? error.fields.map((f) => f.field) : [];
      }
    })();
    expect(fields).toEqual([
      'Bundle.entry[1].resource.content[0].attachment.hash',
      'Bundle.entry[1].resource.content[0].attachment.size',
    ]);
  });

  it('refuses a hash or size that does not match the bytes', () => {
    const b = valid();
    const attachment = docOf(b).content[0]?.attachment;
    if (attachment === undefined) throw new Error('no attachment');
    attachment.hash = Buffer.alloc(20).toString('base64');
    attachment.size = 3;
    expect(problems(b).map((p) => p.field)).toEqual([
      'Bundle.entry[1].resource.content[0].attachment.hash',
      'Bundle.entry[1].resource.content[0].attachment.size',
    ]);
  });

  it('refuses a DocumentReference whose Binary is not in the Bundle, and a Binary nobody points at', () => {
    const b = valid();
    const attachment = docOf(b).content[0]?.attachment;
    if (attachment !== undefined) attachment.url = 'urn:uuid:00000000-0000-0000-0000-000000000000';
    expect(problems(b).map((p) => p.field)).toEqual([
      'Bundle.entry[1].resource.content[0].attachment.url',
      'Bundle.entry[2]',
    ]);
  });

  it('refuses a class outside the FSE classes, and a type that does not fit the class', () => {
    const b = valid();
    const category = docOf(b).category?.[0]?.coding?.[0];
    if (category !== undefined) category.code = 'XYZ';
    expect(problems(b)[0]?.field).toBe('Bundle.entry[1].resource.category');
    const c = valid();
    const type = docOf(c).type?.coding?.[0];
    if (type !== undefined) type.code = '18842-5';
    expect(problems(c)[0]?.field).toBe('Bundle.entry[1].resource.type');
  });

  it('refuses bytes that are not what contentType says, and documents without a masterIdentifier', () => {
    const b = valid();
    binaryOf(b).data = Buffer.from('hello').toString('base64');
    expect(problems(b).some((p) => p.field === 'Bundle.entry[2].resource.data')).toBe(true);
    const c = valid();
    delete docOf(c).masterIdentifier;
    expect(problems(c).map((p) => p.field)).toContain('Bundle.entry[1].resource.masterIdentifier');
  });

  it('refuses a batch, foreign resource types, and structural errors with their FHIRPath', () => {
    expect(problems({ ...valid(), type: 'batch' }).map((p) => p.field)).toContain('Bundle.type');
    const b = valid();
    b.entry?.push({
      fullUrl: 'urn:uuid:1',
      resource: { resourceType: 'Patient' },
      request: { method: 'POST', url: 'Patient' },
    });
    expect(problems(b).map((p) => p.field)).toContain('Bundle.entry[3].resource.resourceType');
    const c = valid();
    (docOf(c) as unknown as Record<string, unknown>).colour = 'blue';
    (docOf(c) as unknown as Record<string, unknown>).status = ['current'];
    expect(problems(c).map((p) => p.field)).toEqual([
      'Bundle.entry[1].resource.status',
      'Bundle.entry[1].resource.colour',
    ]);
  });

  it('reads relatesTo replaces as the replaced document id', () => {
    const b = provideBundle({ patientId: 4 }, [{ ...doc, replaces: 'A1B2C3D4-0000-4000-8000-000000000001' }], {
      sourceId: 'urn:test',
    });
    expect(parseProvideBundle(b).documents[0]?.replaces).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(parseProvideBundle(b).subject).toEqual({ kind: 'id', id: 4 });
  });
});

describe('R4 structure validation', () => {
  it('checks required elements, cardinality, primitive types and choice types', () => {
    expect(
      validateResource({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }, 'Observation'),
    ).toEqual([]);
    const found = validateResource(
      {
        resourceType: 'Observation',
        status: 'final',
        code: [{ text: 'x' }],
        effectiveDateTime: '2024-13-01',
        valueQuantity: { value: 'high' },
        valueString: 'x',
        identifier: [],
      },
      'Observation',
    );
    expect(found.map((p) => p.field)).toEqual([
      'Observation.identifier',
      'Observation.code',
      'Observation.effectiveDateTime',
      'Observation.value[x]',
      'Observation.valueQuantity.value',
    ]);
    expect(
      validateResource(
        { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/1' } },
        'MedicationRequest',
      ).map((p) => p.field),
    ).toEqual(['MedicationRequest.medication[x]']);
    // Days that do not exist (JavaScript would silently store 2024-02-30 as 1 March) and offsets beyond ±14:00.
    for (const when of [
      '2024-02-30',
      '2023-02-29T10:00:00Z',
      '2024-04-31T10:00:00+01:00',
      '2024-01-01T10:00:00+15:00',
    ]) {
      expect(
        validateResource(
          { resourceType: 'Observation', status: 'final', code: { text: 'x' }, effectiveDateTime: when },
          'Observation',
        ).map((p) => p.field),
        when,
      ).toEqual(['Observation.effectiveDateTime']);
    }
    expect(
      validateResource(
        {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
          effectiveDateTime: '2024-02-29T10:00:00+14:00',
        },
        'Observation',
      ),
    ).toEqual([]);
    expect(
      validateResource(
        { resourceType: 'Consent', status: 'active', scope: {}, category: [{}], modifierExtension: [{ url: 'x' }] },
        'Consent',
      ).map((p) => p.field),
    ).toEqual(['Consent.modifierExtension']);
  });
});
