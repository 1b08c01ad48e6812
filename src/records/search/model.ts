import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { RawBuilder } from 'kysely';

/**
 * What a FHIR search means once parsed, independent of HTTP and SQL. A resource type
 * declares its parameters here; the same declarations drive the parser, the SQL, and
 * the CapabilityStatement, so the statement cannot claim what is not implemented.
 */

/**
 * How a parameter is evaluated:
 * - token: a text[] column of keys "system|code", "|code", "code", "system|";
 * - code: a scalar text column holding a bare code (status, intent);
 * - date: a non-null timestamptz expression; period: two nullable ones (start, end);
 * - string: a text[] expression, matched case-insensitively from the start;
 * - reference: a text[] column of "Type/id" references;
 * - patient: a bigint expression holding a citizen id, searched as Patient/<id>;
 * - patient-identifier: the same, searched by codice fiscale or health card number;
 * - id: the row id (uuid or bigint).
 */
export type ParamKind =
  'token' | 'code' | 'date' | 'period' | 'string' | 'reference' | 'patient' | 'patient-identifier' | 'id';

export interface ParamDef {
  readonly code: string;
  readonly kind: ParamKind;
  /** SQL over the row alias `r`. Written here, never taken from a request. */
  readonly column: string;
  /** For `period`: the end column (the start is `column`). */
  readonly columnEnd?: string;
  /** For `reference`: the target types, the first being assumed for a bare id. */
  readonly targets?: readonly string[];
  readonly documentation: string;
  /** Canonical URL of the SearchParameter, for parameters Salus defines itself. */
  readonly definition?: string;
  /**
   * A condition a value implies on an indexed column, ANDed in so the planner can use
   * that index (e.g. category=<FSE class system>|LDO implies doc_class = 'LDO').
   */
  readonly implies?: (value: string) => RawBuilder<unknown> | null;
}

export interface SortDef {
  /** SQL over `r`, NOT NULL, so that keyset paging is exact. */
  readonly column: string;
  readonly sqlType: 'timestamptz' | 'bigint' | 'date' | 'text';
}

export interface IncludeDef {
  /** e.g. "DocumentReference:binary". */
  readonly code: string;
  readonly target: ResourceType;
  /** Ids of the target referenced by one matched resource. */
  readonly ids: (resource: Resource) => string[];
}

export interface SearchableType {
  readonly type: ResourceType;
  /** 'text': a type served from two sources, one with uuid ids and one with bigint ids (Immunization). */
  readonly idType: 'uuid' | 'bigint' | 'text';
  readonly params: readonly ParamDef[];
  readonly sorts: Readonly<Record<string, SortDef>>;
  readonly defaultSort: { readonly key: string; readonly desc: boolean };
  readonly includes: readonly IncludeDef[];
}

export interface Criterion {
  readonly param: ParamDef;
  readonly modifier: 'exact' | 'contains' | null;
  /** Alternatives (comma-separated in the request): any may match. */
  readonly values: readonly string[];
}

export interface Cursor {
  readonly sort: string;
  readonly desc: boolean;
  readonly value: string;
  readonly id: string;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';

export interface SearchRequest {
  readonly type: string;
  /** Every criterion must hold. */
  readonly criteria: readonly Criterion[];
  readonly count: number;
  readonly sort: { readonly key: string; readonly desc: boolean };
  readonly cursor: Cursor | null;
  readonly includes: readonly IncludeDef[];
  readonly total: TotalMode | null;
  readonly summaryCount: boolean;
  /** The parameters that were applied, for the self and next links. */
  readonly applied: readonly (readonly [string, string])[];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 200;
/**
 * Totals are counted up to this many matches unless `_total=accurate` asks for all:
 * counting is most of a search's cost (bench/fse: 8 ms to count 10,000 matches, so about 1 ms for 1,000),
 * and a person's record rarely holds more than a thousand documents.
 */
export const TOTAL_CAP = 1_000;
