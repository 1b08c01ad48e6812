import type { Resource } from '@medplum/fhirtypes';
import type { ParamDef } from '../search/model.ts';
import type { Row, TypeSpec } from './spec.ts';

/**
 * What the stored FHIR types (documents.ts, clinical.ts) share: the columns they select,
 * their sorts, their identifier and status parameters, and the resource as stored.
 */

/** The columns every stored type selects; the main row is aliased `r`. */
export const STORED_SELECT = 'r.id::text AS id, r.version_id, r.last_updated, r.content, r.patient_id';
export const ALL_READ: TypeSpec['interactions'] = ['read', 'vread', 'search-type', 'history-instance'];
export const lastUpdatedSort = { column: 'r.last_updated', sqlType: 'timestamptz' } as const;
export const dateSort = { column: 'r.date', sqlType: 'timestamptz' } as const;

/** jsonb stores keys by length; FHIR JSON reads best with resourceType, id and meta first. */
function ordered(resource: Resource): Resource {
  const { resourceType, id, meta, ...rest } = resource as Resource & Record<string, unknown>;
  return {
    resourceType,
    ...(id === undefined ? {} : { id }),
    ...(meta === undefined ? {} : { meta }),
    ...rest,
  } as Resource;
}
/** The stored resource of a row, as its author wrote it. */
export const content = (row: Row): Resource => ordered(row.content as Resource);
export const identifier: ParamDef = {
  code: 'identifier',
  kind: 'token',
  column: 'r.identifiers',
  documentation: 'A business identifier (system|value)',
};
export const status: ParamDef = { code: 'status', kind: 'code', column: 'r.status', documentation: 'Status' };
