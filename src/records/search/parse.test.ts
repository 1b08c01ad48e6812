import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.ts';
import { DOCUMENT_REFERENCE } from '../resources/index.ts';
import { cursorSql } from './compile.ts';
import { isRealDateTime, parseDateValue } from './dates.ts';
import { encodeCursor, parseSearch, splitValues } from './parse.ts';

const parse = (query: string, lenient = false) =>
  parseSearch(DOCUMENT_REFERENCE, [...new URLSearchParams(query).entries()], { lenient });
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
    const r = parse(
      'patient=Patient/7&status=current&category=a|REF,b|LDO&date=ge2024-01-01&date=lt2025&author.family:exact=Rossi',
    );
    expect(r.criteria.map((c) => c.param.code)).toEqual([
      'patient',
      'status',
      'category',
      'date',
      'date',
      'author.family',
    ]);
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
    expect(parse('_include=DocumentReference:binary:Binary').includes.map((i) => i.code)).toEqual([
      'DocumentReference:binary',
    ]);
  });

  it('caps _count at 200 and refuses nonsense', () => {
    expect(parse('_count=5000').count).toBe(200);
    expect(failure(() => parse('_count=-1')).code).toBe('fhir.search_invalid');
  });

  it('answers a non-JSON _format with 406', () => {
    expect(failure(() => parse('_format=xml')).status).toBe(406);
  });

  it('accepts only a cursor for the same sort', () => {
    const cursor = encodeCursor({
      sort: 'date',
      desc: true,
      value: '2024-01-01 00:00:00+00',
      id: '00000000-0000-0000-0000-000000000000',
    });
    expect(parse(`_cursor=${cursor}`).cursor?.value).toBe('2024-01-01 00:00:00+00');
    expect(failure(() => parse(`_sort=_lastUpdated&_cursor=${cursor}`)).code).toBe('fhir.search_invalid');
    expect(failure(() => parse('_cursor=not-a-cursor')).code).toBe('fhir.search_invalid');
  });

  it(
    'refuses with a 400 a cursor holding a day, time or offset that ' + 'does not exist (PostgreSQL would fail: 22008)',
    () => {
      const sort = { column: 'r.date', sqlType: 'timestamptz' } as const;
      for (const value of [
        '2024-02-30 10:00:00+00',
        '2024-13-01 10:00:00+00',
        '2024-01-01 24:00:00+00',
        '2024-01-01 10:00:00+99',
        '0000-01-01 00:00:00+00',
      ]) {
        const cursor = { sort: 'date', desc: true, value, id: '00000000-0000-0000-0000-000000000000' };
        expect(
          failure(() => cursorSql(cursor, sort, 'uuid')),
          value,
        ).toMatchObject({ code: 'fhir.search_invalid', fields: [{ field: '_cursor' }] });
      }
      const birth = { sort: 'birthdate', desc: false, value: '2023-02-29', id: '7' };
      expect(failure(() => cursorSql(birth, { column: 'r.birth_date', sqlType: 'date' }, 'bigint')).code).toBe(
        'fhir.search_invalid',
      );
      expect(() =>
        cursorSql({ ...birth, value: '2024-02-29' }, { column: 'r.birth_date', sqlType: 'date' }, 'bigint'),
      ).not.toThrow();
    },
  );

  it('splits on unescaped commas only', () => {
    expect(splitValues('a,b\\,c,,d')).toEqual(['a', 'b,c', 'd']);
  });
});

describe('FHIR date search values', () => {
  it('turns a value into the range of its precision, local dates in Italy', () => {
    expect(parseDateValue('2024', 'date')).toMatchObject({
      prefix: 'eq',
      start: { text: '2024-01-01T00:00:00', zoned: false },
      end: { text: '2025-01-01T00:00:00' },
    });
    expect(parseDateValue('ge2024-02', 'date')).toMatchObject({
      prefix: 'ge',
      start: { text: '2024-02-01T00:00:00' },
      end: { text: '2024-03-01T00:00:00' },
    });
    expect(parseDateValue('2024-12-31', 'date').end.text).toBe('2025-01-01T00:00:00');
    expect(parseDateValue('lt2024-03-01T10:00Z', 'date')).toMatchObject({
      start: { text: '2024-03-01T10:00:00Z', zoned: true },
      end: { text: '2024-03-01T10:01:00Z' },
    });
  });

  it('refuses malformed dates and the ap prefix', () => {
    for (const bad of ['2024-13', '2024-02-30', 'yesterday', 'ap2024', '2024-01-01T25:00'])
      expect(() => parseDateValue(bad, 'date')).toThrow();
  });

  it('accepts zone offsets up to ±14:00 and refuses those PostgreSQL cannot read (22009) and year 0', () => {
    for (const good of [
      '2024-01-01T10:00+14:00',
      '2024-01-01T10:00:00-14:00',
      '2024-01-01T10:00+05:45',
      '2024-01-01T10:00Z',
    ]) {
      expect(parseDateValue(good, 'date').start.zoned, good).toBe(true);
    }
    for (const bad of [
      '2024-01-01T10:00+99:99',
      '2024-01-01T10:00+15:00',
      '2024-01-01T10:00-14:01',
      '2024-01-01T10:00+05:60',
      '0000',
      'eq0000-01-01',
    ]) {
      expect(failure(() => parseDateValue(bad, 'date')).code, bad).toBe('fhir.search_invalid');
    }
  });

  it('knows which timestamps exist', () => {
    expect(
      ['2024-02-29', '2024-02-29 23:59:59.999999+01', '2024-03-31T10:00:00Z', '2024-01-01 10:00:00-14:00'].every(
        isRealDateTime,
      ),
    ).toBe(true);
    expect(
      ['2023-02-29', '2024-04-31', '2024-01-01 10:60:00+00', '2024-01-01 10:00:00+14:30', '2100-02-29'].some(
        isRealDateTime,
      ),
    ).toBe(false);
  });
});
