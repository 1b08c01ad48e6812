import type { Resource } from '@medplum/fhirtypes';
import { sql, type RawBuilder } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { ParamDef, SearchableType } from '../search/model.ts';

export type Interaction = 'read' | 'vread' | 'search-type' | 'create' | 'update' | 'history-instance';

/** Who is looking, for rendering choices that are not access decisions (e.g. the "hidden" tag). */
export type Viewer = 'owner' | 'other';

export interface View {
  readonly viewer: Viewer;
  /** Absolute base of the FHIR API, for the URLs a resource carries (attachment.url). */
  readonly base: string;
}

/** A database row as node-postgres returns it. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * Everything Salus knows about one resource type: where its rows are, how to search
 * them, who may read and write them, and how a row becomes a resource.
 */
export interface TypeSpec extends SearchableType {
  readonly kind: 'stored' | 'projection';
  /** FROM clause; the main row is always aliased `r`. */
  readonly from: string;
  /** SELECT list over `r` (and the joins in `from`). */
  readonly select: string;
  /** The citizen the row is about (SQL over `r`). */
  readonly patientColumn: string;
  /** Rows a facility system may read: what it wrote. Absent: facilities read none. */
  readonly facilityWrote?: (facilityId: number) => RawBuilder<unknown>;
  /** How oscuramento reaches this type, for everyone but the citizen and delegates. */
  readonly hide: 'document' | 'binary' | 'list' | 'derived' | null;
  /** Roles whose calls reach this type at all (route policy); relations are checked in SQL. */
  readonly readers: readonly Role[];
  readonly writers: readonly Role[];
  readonly interactions: readonly Interaction[];
  /** Stored types: the table and its history table. */
  readonly table?: string;
  readonly history?: string;
  readonly render: (row: Row, view: View) => Resource;
  readonly documentation: string;
}

export const str = (row: Row, key: string): string => {
  const v = row[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return '';
};

export const optStr = (row: Row, key: string): string | undefined =>
  row[key] === null || row[key] === undefined ? undefined : str(row, key);

export const iso = (row: Row, key: string): string => {
  const v = row[key];
  return v instanceof Date ? v.toISOString() : new Date(str(row, key)).toISOString();
};

/** Parameters every stored type has. */
export function commonParams(idType: 'uuid' | 'bigint'): ParamDef[] {
  return [
    { code: '_id', kind: 'id', column: 'r.id', documentation: 'Logical id' },
    ...(idType === 'uuid'
      ? [
          {
            code: '_lastUpdated',
            kind: 'date' as const,
            column: 'r.last_updated',
            documentation: 'When the version was stored',
          },
        ]
      : []),
  ];
}

export function patientParams(column = 'r.patient_id', subject = true): ParamDef[] {
  return [
    { code: 'patient', kind: 'patient', column, targets: ['Patient'], documentation: 'The patient (Patient/<id>)' },
    ...(subject
      ? [
          {
            code: 'subject',
            kind: 'patient' as const,
            column,
            targets: ['Patient'],
            documentation: 'The subject, a Patient',
          },
        ]
      : []),
    {
      code: 'patient.identifier',
      kind: 'patient-identifier',
      column,
      documentation: 'The patient by codice fiscale or health card number (system|value)',
    },
  ];
}

/** The usual "what it wrote" rule: the row's author facility. */
export const authoredBy = (facilityId: number): RawBuilder<unknown> => sql`r.author_facility_id = ${facilityId}`;
