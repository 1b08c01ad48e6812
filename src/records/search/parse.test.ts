import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.ts';
import { DOCUMENT_REFERENCE } from '../resources/index.ts';
import { parseDateValue } from './dates.ts';
import { encodeCursor, parseSearch, splitValues } from './parse.ts';

const parse = (query: string, lenient = false) => parseSearch(DOCUMENT_REFERENCE, [...new URLSearchParams(query).entries()], { lenient });
const failure = (fn: () => unknown): { code: string; fields: readonly { field: string }[]; status?: number } => {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, fields: error.fields };
    return { code: (error as { code: string }).code, fields: [], status: (error as { statusCode: number }).statusCode };
  }
  throw new Error('expected a failure');
};

describe('FHIR search parameters', () => {
  it('parses the ITI-67 parameters, repeats ANDed and commas ORed', () => {
    const r = parse('patient=Patient/7&status=current&category=a|REF,b|LDO&date=ge2024-01-01&date=lt2025&author.family:exact=Rossi');
    expect(r.criteria.map((c) => c.param.code)).toEqual(['patient', 'status', 'category', 'date', 'date', 'author.family']);
    expect(r.criteria[2]?.values).toEqual(['a|REF', 'b|LDO']);
    expect(r.criteria[5]?.modifier).toBe('exact');
    expect(r.sort).toEqual({ key: 'date', desc: true });
  });

  it('refuses an unknown parameter with a 400 naming it, unless handling is lenient', () => {
    const f = failure(() => parse('patient=1&colour=blue'));
    expect(f.code).toBe('fhir.search_invalid');
    expect(f.fields[0]?.field).toBe('colour');
    const lenient = parse('patient=1&colour=blue&_sort=-nonsense&_include=Foo:bar', true);
    expect(lenient.applied).toEqual([['patient', '1']]);
  });

  it('refuses unsupported modifiers, sorts and includes', () => {
    expect(failure(() => parse('status:missing=true')).code).toBe('fhir.search_invalid');
    expect(failure(() => parse('_sort=title')).code).toBe('fhir.search_invalid');
    expect(failure(() => parse('_sort=date,_lastUpdated')).code).toBe('fhir.search_invalid');
    expect(failure(() => parse('_include=DocumentReference:author')).code).toBe('fhir.search_invalid');
    expect(parse('_include=DocumentReference:binary:Binary').includes.map((i) => i.code)).toEqual(['DocumentReference:binary']);
  });

  it('caps _count at 200 and refuses nonsense', () => {
    expect(parse('_count=5000').count).toBe(200);
    expect(failure(() => parse('_count=-1')).code).toBe('fhir.search_invalid');
  });

  it('answers a non-JSON _format with 406', () => {
    expect(failure(() => parse('_format=xml')).status).toBe(406);
  });

  it('accepts only a cursor for the same sort', () => {
    const cursor = encodeCursor({ sort: 'date', desc: true, value: '2024-01-01 00:00:00+00', id: '00000000-0000-0000-0000-000000000000' });
    expect(parse(`_cursor=${cursor}`).cursor?.value).toBe('2024-01-01 00:00:00+00');
    expect(failure(() => parse(`_sort=_lastUpdated&_cursor=${cursor}`)).code).toBe('fhir.search_invalid');
    expect(failure(() => parse('_cursor=not-a-cursor')).code).toBe('fhir.search_invalid');
  });

  it('splits on unescaped commas only', () => {
    expect(splitValues('a,b\\,c,,d')).toEqual(['a', 'b,c', 'd']);
  });
});

describe('FHIR date search values', () => {
  it('turns a value into the range of its precision, local dates in Italy', () => {
    expect(parseDateValue('2024', 'date')).toMatchObject({ prefix: 'eq', start: { text: '2024-01-01T00:00:00', zoned: false }, end: { text: '2025-01-01T00:00:00' } });
    expect(parseDateValue('ge2024-02', 'date')).toMatchObject({ prefix: 'ge', start: { text: '2024-02-01T00:00:00' }, end: { text: '2024-03-01T00:00:00' } });
    expect(parseDateValue('2024-12-31', 'date').end.text).toBe('2025-01-01T00:00:00');
    expect(parseDateValue('lt2024-03-01T10:00Z', 'date')).toMatchObject({ start: { text: '2024-03-01T10:00:00Z', zoned: true }, end: { text: '2024-03-01T10:01:00Z' } });
  });

  it('refuses malformed dates and the ap prefix', () => {
    for (const bad of ['2024-13', '2024-02-30', 'yesterday', 'ap2024', '2024-01-01T25:00']) expect(() => parseDateValue(bad, 'date')).toThrow();
  });
});
