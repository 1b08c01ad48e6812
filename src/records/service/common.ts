import type { Reference, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import { DomainError, notFound, validationError } from '../../shared/errors.ts';
import { validateResource } from '../fhir/validate.ts';
import { referenceId } from '../search/compile.ts';

/** Parses an If-Match header ("W/\"3\"" or "3"); null when absent. */
export function ifMatchVersion(header: string | undefined): number | null {
  if (header === undefined || header === '') return null;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (m === null)
    throw new DomainError(
      'precondition_failed',
      'fhir.if_match_invalid',
      `If-Match must be an ETag such as W/"1", not ${header}.`,
    );
  return Number(m[1]);
}

/** Structure first: every write checks the body against the R4 structure and its type. */
export function checked<T extends Resource>(body: unknown, type: T['resourceType']): T {
  const problems = validateResource(body, type);
  if (problems.length > 0)
    throw validationError(
      'fhir.resource_invalid',
      `The ${type} is not valid FHIR R4 (${problems.length} problem${problems.length === 1 ? '' : 's'}).`,
      problems,
    );
  return body as T;
}

/** The citizen a subject/patient reference names, which must exist. */
export async function patientOf(
  db: Kysely<RecordsDatabase>,
  ref: Reference | undefined,
  field: string,
): Promise<number> {
  const id = ref?.reference === undefined ? null : referenceId(ref.reference, 'Patient');
  if (id === null || !/^[1-9]\d{0,17}$/.test(id))
    throw validationError('fhir.subject_invalid', `${field} must reference Patient/<id>.`, [
      { field, message: 'expected Patient/<id>' },
    ]);
  if (!(await serviceRepository.patientExists(db, Number(id))))
    throw validationError('fhir.subject_unknown', `${field} names a patient who is not in the registry.`, [
      { field, message: 'no such patient' },
    ]);
  return Number(id);
}

export const unknownResource = (type: string, id: string) => notFound('fhir.not_found', `${type}/${id} is not known.`);

/** The body of an update names the resource it updates (FHIR R4 3.1.0.4). */
export function sameId(resource: Resource, id: string): void {
  if (resource.id !== id)
    throw validationError(
      'fhir.id_mismatch',
      `The body's id (${resource.id ?? 'none'}) must be the id in the URL (${id}).`,
      [{ field: `${resource.resourceType}.id`, message: 'must match the URL' }],
    );
}

/**
 * Conditional create (If-None-Exist): Salus supports `identifier=system|value`, the
 * idempotency key of a retried POST.
 */
export function ifNoneExistIdentifier(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const params = new URLSearchParams(header.startsWith('?') ? header.slice(1) : header);
  const keys = [...params.keys()];
  const value = params.get('identifier');
  if (keys.length !== 1 || value === null || value === '') {
    throw validationError(
      'fhir.if_none_exist',
      'If-None-Exist supports exactly one parameter: identifier=system|value.',
      [{ field: 'If-None-Exist', message: 'expected identifier=system|value' }],
    );
  }
  return value;
}
