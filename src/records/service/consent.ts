import type { Consent } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import { conflict, forbidden, validationError } from '../../shared/errors.ts';
import { subjectCitizenId, type AuditSink, type CitizenPrincipal, type Principal } from '../../shared/principal.ts';
import { CONSULTATION, SYSTEMS } from '../fhir/codes.ts';
import { CONSENT } from '../resources/index.ts';
import { consentColumns } from '../store/extract.ts';
import { withMeta, writeStore } from '../store/writes.ts';
import { checked, ifMatchVersion, patientOf, sameId, unknownResource } from './common.ts';

export interface ConsentView {
  readonly active: boolean;
  readonly since: string | null;
  readonly id: string | null;
  readonly versionId: string | null;
}

/** The consultation consent as a FHIR Consent: permit, patient-privacy scope, opt-in policy. */
export function consultationConsent(patientId: number, active: boolean, at: Date): Consent {
  return {
    resourceType: 'Consent',
    status: active ? 'active' : 'inactive',
    scope: { coding: [{ system: SYSTEMS.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [
      { coding: [{ system: SYSTEMS.loinc, code: '59284-0', display: 'Patient Consent' }, { ...CONSULTATION }] },
    ],
    patient: { reference: `Patient/${patientId}` },
    dateTime: at.toISOString(),
    policyRule: { coding: [{ system: SYSTEMS.v3ActCode, code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }],
    },
  };
}

/** What a citizen may write: the consultation consent, granted (active) or withdrawn (inactive). */
function checkConsent(consent: Consent): void {
  const isConsultation = consent.category.some(
    (c) => c.coding?.some((k) => k.system === CONSULTATION.system && k.code === CONSULTATION.code) === true,
  );
  if (!isConsultation)
    throw validationError(
      'fse.consent_category',
      `The FSE keeps one kind of consent: category ${CONSULTATION.system}|${CONSULTATION.code}.`,
      [{ field: 'Consent.category', message: 'consultation consent only' }],
    );
  if (consent.status !== 'active' && consent.status !== 'inactive')
    throw validationError('fse.consent_status', 'Grant with status "active", withdraw with status "inactive".', [
      { field: 'Consent.status', message: 'active or inactive' },
    ]);
  if (consent.provision?.type === 'deny')
    throw validationError('fse.consent_deny', 'Withdraw consent with status "inactive" rather than a deny provision.', [
      { field: 'Consent.provision.type', message: 'permit only' },
    ]);
}

/**
 * The consultation consent (DPCM 178/2015 art. 7-8): one Consent per citizen, whose
 * versions are the history of grants and withdrawals. Clinicians' queries read its
 * current status (access/scope.ts), so a withdrawal takes effect on the next request.
 */
export function consentService(deps: { db: Kysely<RecordsDatabase>; audit: AuditSink; now: () => Date }) {
  const writes = writeStore();

  const subjectFor = (principal: Principal): number => {
    if (principal.kind !== 'citizen')
      throw forbidden('auth.role', 'Only the citizen (or a delegate acting for them) sets the consultation consent.');
    return subjectCitizenId(principal);
  };

  async function save(
    principal: Principal,
    patientId: number,
    consent: Consent,
    expected: number | null,
    requestId: string,
    mode: 'create' | 'update' | 'upsert',
    id?: string,
  ) {
    if (patientId !== subjectFor(principal))
      throw forbidden('fse.consent_subject', 'You set the consent for yourself, or for the person you are acting for.');
    return deps.db.transaction().execute(async (trx) => {
      const at = deps.now();
      const row = await serviceRepository.lockConsent(trx, patientId);
      const owner = { patientId, authorFacilityId: null, authorOperatorId: null };
      let stored: Consent & { id: string };
      if (row === undefined) {
        if (mode === 'update') throw unknownResource('Consent', id ?? '');
        stored = withMeta({ ...consent, patient: { reference: `Patient/${patientId}` } }, randomUUID(), 1, at);
        await writes.insert(trx, CONSENT, stored, consentColumns(stored, owner, at));
      } else {
        if (mode === 'create')
          throw conflict(
            'fse.consent_exists',
            `This citizen already has a consultation consent: update Consent/${row.id}.`,
          );
        if (id !== undefined && id !== row.id) throw unknownResource('Consent', id);
        const current = await writes.lock(trx, CONSENT, row.id);
        if (current === null) throw unknownResource('Consent', row.id);
        const next = { ...consent, id: row.id, patient: { reference: `Patient/${patientId}` } };
        stored = (await writes.update(
          trx,
          CONSENT,
          current,
          expected,
          next,
          consentColumns(next, owner, at),
          at,
        )) as Consent & { id: string };
      }
      await deps.audit.record(
        {
          principal,
          action: row === undefined ? 'create' : 'update',
          resourceType: 'Consent',
          resourceId: stored.id,
          subjectCitizenId: patientId,
          purpose: `consent:${stored.status}`,
          outcome: 'success',
          requestId,
        },
        trx,
      );
      return { resource: stored, created: row === undefined };
    });
  }

  return {
    async view(principal: CitizenPrincipal): Promise<ConsentView> {
      const row = await serviceRepository.consent(deps.db, subjectCitizenId(principal));
      return {
        active: row?.status === 'active',
        since: row?.last_updated.toISOString() ?? null,
        id: row?.id ?? null,
        versionId: row === undefined ? null : String(row.version_id),
      };
    },

    /** The web page's switch: grant or withdraw, creating the Consent the first time. */
    async set(principal: CitizenPrincipal, active: boolean, requestId: string): Promise<ConsentView> {
      const patientId = subjectFor(principal);
      const result = await save(
        principal,
        patientId,
        consultationConsent(patientId, active, deps.now()),
        null,
        requestId,
        'upsert',
      );
      return {
        active: result.resource.status === 'active',
        since: result.resource.meta?.lastUpdated ?? null,
        id: result.resource.id,
        versionId: result.resource.meta?.versionId ?? null,
      };
    },

    async create(principal: Principal, body: unknown, requestId: string) {
      const consent = checked<Consent>(body, 'Consent');
      checkConsent(consent);
      const patientId = await patientOf(deps.db, consent.patient, 'Consent.patient');
      return save(principal, patientId, consent, null, requestId, 'create');
    },

    async update(principal: Principal, id: string, body: unknown, ifMatch: string | undefined, requestId: string) {
      const consent = checked<Consent>(body, 'Consent');
      sameId(consent, id);
      checkConsent(consent);
      const patientId = await patientOf(deps.db, consent.patient, 'Consent.patient');
      return save(principal, patientId, consent, ifMatchVersion(ifMatch), requestId, 'update', id);
    },
  };
}

export type ConsentService = ReturnType<typeof consentService>;
