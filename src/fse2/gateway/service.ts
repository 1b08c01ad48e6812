import { randomBytes, randomUUID } from 'node:crypto';
import type { NationalDocuments } from '../../records/index.ts';
import { cdaDeriver } from '../derive/index.ts';
import { documentChange, publicationChange, type ForwardSink } from '../forward/index.ts';
import type { FacilityPrincipal } from '../../shared/principal.ts';
import { gatewayError } from './errors.ts';
import { intake, type CheckedDocument, type IntakeDeps } from './intake.ts';
import { verifySignatureJwt, type GatewayOperation } from './jwt.ts';
import { indexOf, nationalDocumentOf } from './mapping.ts';
import type { InjectionMode } from './pdf.ts';
import type { GatewayEvent, GatewayRepository, GatewayStatements } from './repository.ts';
import type { MetadataDTO, PublicationDTO, TransactionInspect, ValidationDTO } from './schemas.ts';

export interface GatewayCall {
  readonly principal: FacilityPrincipal;
  /** The request id: the answer's traceID, and the key of its events. */
  readonly traceId: string;
  readonly jwt: string | undefined;
}

export interface GatewayAnswer {
  readonly workflowInstanceId: string;
  readonly warning?: string;
  /** "valid" (with its warnings count) and the pinned catalog: the route sends them as headers. */
  readonly validation: { readonly result: string; readonly catalogVersion: string } | null;
}

const WIF_SUFFIX = '^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';

/**
 * The national Gateway's services over the one record: validation remembered by CDA
 * hash, publication (create, replace, with or without contextual validation), delete,
 * metadata update, and the transaction status. Routes are thin; this is the logic.
 */
export function gatewayService(
  deps: IntakeDeps & { repo: GatewayRepository; records: NationalDocuments; forward?: ForwardSink },
) {
  const { repo, forward } = deps;
  const derive = cdaDeriver(deps.records);
  const caller = (call: GatewayCall) => ({ principal: call.principal, requestId: call.traceId });
  const warningOf = (doc: CheckedDocument) => (doc.warnings.length === 0 ? {} : { warning: doc.warnings.join('\n') });
  const validationOf = (doc: CheckedDocument) => ({
    result: `valid; warnings=${doc.result.warnings.length}`,
    catalogVersion: doc.result.catalogVersion,
  });
  const newWorkflowId = (doc: CheckedDocument) =>
    `2.16.840.1.113883.2.9.2.${doc.claims.subjectOrganizationId.replace(/^0+/, '')}.4.4.${doc.cdaSha256}.` +
    `${randomBytes(5).toString('hex')}${WIF_SUFFIX}`;

  const event = (
    call: GatewayCall,
    type: string,
    doc: CheckedDocument | null,
    rest: Partial<GatewayEvent>,
  ): GatewayEvent => ({
    traceId: call.traceId,
    workflowInstanceId: null,
    eventType: type,
    eventStatus: 'SUCCESS',
    facilityId: call.principal.facilityId,
    identificativoDocumento: null,
    subject: doc?.claims.sub ?? null,
    subjectRole: doc?.claims.subjectRole ?? null,
    tipoAttivita: doc?.claims.actionId ?? null,
    organizzazione: doc?.claims.subjectOrganizationId ?? null,
    issuer: doc?.claims.iss ?? null,
    message: null,
    ...rest,
  });

  async function remember(
    call: GatewayCall,
    doc: CheckedDocument,
    tx: Pick<GatewayRepository, 'saveValidation'> = repo,
  ): Promise<string> {
    const saved = await tx.saveValidation(call.principal.facilityId, {
      workflowInstanceId: newWorkflowId(doc),
      cdaSha256: doc.cdaSha256,
      warnings: doc.warnings,
      documentType: doc.result.documentType,
      catalogVersion: doc.result.catalogVersion,
    });
    return saved.workflowInstanceId;
  }

  /** Publication after a separate validation: the CDA must be the one validated (same SHA-256). */
  async function validatedWorkflow(call: GatewayCall, doc: CheckedDocument, claimed: string | undefined) {
    const byHash = await repo.validationByHash(call.principal.facilityId, doc.cdaSha256);
    const byId =
      claimed === undefined || claimed === '' ? null : await repo.validationById(call.principal.facilityId, claimed);
    if (byHash === null || (byId !== null && byId.cdaSha256 !== doc.cdaSha256)) {
      throw gatewayError(
        'cda_not_validated',
        'Il CDA non risulta validato: this CDA (SHA-256 ' +
          `${doc.cdaSha256}) differs from every CDA this facility validated. Validate it first ` +
          '(POST /documents/validation, activity VALIDATION) or use validate-and-create.',
      );
    }
    return byHash.workflowInstanceId;
  }

  async function currentDocument(call: GatewayCall, idDoc: string) {
    const row = await repo.document(idDoc);
    if (row?.status !== 'current' || row.facility_id !== call.principal.facilityId) {
      throw gatewayError('record_not_found', `No current document ${idDoc} of this facility is in the FSE.`);
    }
    return row;
  }

  async function publish(
    call: GatewayCall,
    input: { file: Buffer | undefined; dto: PublicationDTO; replacing: string | null; validate: boolean },
  ): Promise<GatewayAnswer> {
    const operation: GatewayOperation = input.replacing === null ? 'CREATE' : 'REPLACE';
    const mode = input.dto.mode as InjectionMode | undefined;
    // The record files the document under an id chosen here, so that the validation thread can convert the CDA
    // under it on the DOM it already built (ADR 0027); a replay keeps the id the document was first filed under.
    const convertAs = randomUUID();
    const doc = await intake(deps, { file: input.file, mode, jwt: call.jwt, operation, convertAs });
    const old = input.replacing === null ? null : await currentDocument(call, input.replacing);
    const record = {
      ...nationalDocumentOf(doc, input.dto, old?.document_reference_id ?? null, deps.now()),
      documentId: convertAs,
    };
    // A separate validation must match before anything is written; a contextual one is remembered only once
    // the record kept the document, so a refusal there (unknown patient, conflict) leaves nothing behind.
    const validated = input.validate ? null : await validatedWorkflow(call, doc, input.dto.workflowInstanceId);
    const { dto, replacing, validate } = input;
    // The remembered validation, the document row, the replaced mark and the event: in the record's own transaction
    // when it files the document (one commit per publication instead of two, ADR 0017), else (a replay, where the
    // record changed nothing and runs no hook) in one transaction of their own, as a first attempt wrote them.
    // One statement (ADR 0028).
    const gatewayRows = (tx: GatewayStatements, documentReferenceId: string): Promise<string> =>
      tx.saveFiling({
        facilityId: call.principal.facilityId,
        remember:
          validated === null
            ? {
                warnings: doc.warnings,
                documentType: doc.result.documentType,
                catalogVersion: doc.result.catalogVersion,
              }
            : null,
        workflowInstanceId: validated ?? newWorkflowId(doc),
        identificativoDoc: dto.identificativoDoc,
        documentReferenceId,
        cdaSha256: doc.cdaSha256,
        typeCode: doc.header.code.code,
        replacing,
        event: event(call, replacing === null ? 'PUBLICATION' : 'REPLACE', doc, {
          identificativoDocumento: dto.identificativoDoc,
          message: `Filed as DocumentReference/${documentReferenceId}; catalog ${doc.result.catalogVersion}`,
        }),
      });
    // Set by the hook: a holder, as the type checker does not see a `let` assigned inside the callback.
    const inRecord: { workflow: string | null } = { workflow: null };
    const filed = await deps.records.file(record, caller(call), async (trx, documentReferenceId) => {
      // The CDA's clinical resources are stored with the document (ADR 0018); the replaced one's leave with it.
      await derive(trx, documentReferenceId, doc.cda, doc.result.conversion);
      // Forwarded to the national Gateway: the outbox row commits with the document (ADR 0014).
      if (forward) {
        const change = { validate, replacing, requestBody: dto, claims: doc.claims, documentReferenceId };
        await forward(trx, publicationChange(change));
      }
      inRecord.workflow = await gatewayRows(repo.inTransaction(trx), documentReferenceId);
    });
    const workflowInstanceId = inRecord.workflow ?? (await repo.transaction((tx) => gatewayRows(tx, filed.documentId)));
    return { workflowInstanceId, ...warningOf(doc), validation: validationOf(doc) };
  }

  return {
    async validate(
      call: GatewayCall,
      file: Buffer | undefined,
      dto: ValidationDTO,
    ): Promise<GatewayAnswer & { stored: boolean }> {
      const doc = await intake(deps, {
        file,
        mode: dto.mode as InjectionMode | undefined,
        jwt: call.jwt,
        operation: 'VALIDATION',
      });
      // VERIFICA checks without keeping anything (200); VALIDATION remembers the CDA for publication (201).
      const stored = dto.activity === 'VALIDATION';
      const workflowInstanceId = stored ? await remember(call, doc) : newWorkflowId(doc);
      if (stored) await repo.addEvent(event(call, 'VALIDATION', doc, { workflowInstanceId }));
      return { workflowInstanceId, ...warningOf(doc), validation: validationOf(doc), stored };
    },

    create: (call: GatewayCall, file: Buffer | undefined, dto: PublicationDTO, validate: boolean) =>
      publish(call, { file, dto, replacing: null, validate }),

    replace: (call: GatewayCall, idDoc: string, file: Buffer | undefined, dto: PublicationDTO, validate: boolean) =>
      publish(call, { file, dto, replacing: idDoc, validate }),

    async remove(call: GatewayCall, idDoc: string): Promise<GatewayAnswer> {
      const claims = await verifySignatureJwt(call.jwt, 'DELETE', { audience: deps.audience, now: deps.now() });
      const row = await repo.document(idDoc);
      if (row?.facility_id !== call.principal.facilityId || row.status === 'replaced') {
        throw gatewayError('record_not_found', `No current document ${idDoc} of this facility is in the FSE.`);
      }
      // A retried delete answers as the first did.
      if (row.status === 'current') {
        await deps.records.withdraw(
          row.document_reference_id,
          caller(call),
          forward && ((trx, ref) => forward(trx, documentChange('delete', idDoc, claims, null, ref))),
        );
        await repo.setDocumentStatus(idDoc, 'deleted');
      }
      await repo.addEvent({
        ...event(call, 'DELETE', null, { workflowInstanceId: row.workflow_instance_id }),
        identificativoDocumento: idDoc,
        subject: claims.sub,
        subjectRole: claims.subjectRole,
        tipoAttivita: claims.actionId,
        issuer: claims.iss,
      });
      return { workflowInstanceId: row.workflow_instance_id, validation: null };
    },

    async updateMetadata(call: GatewayCall, idDoc: string, dto: MetadataDTO): Promise<GatewayAnswer> {
      const claims = await verifySignatureJwt(call.jwt, 'UPDATE', { audience: deps.audience, now: deps.now() });
      const row = await currentDocument(call, idDoc);
      const claimed = /^\(?'?([^'^()]+)\^\^/.exec(claims.resourceHl7Type ?? '')?.[1];
      if (claimed !== undefined && claimed !== row.type_code) {
        throw gatewayError(
          'metadata_mismatch',
          `The JWT claim resource_hl7_type (${claimed}) is not the type of document ${idDoc} (${row.type_code}).`,
        );
      }
      // The CDA's own confidentiality stays in the index: only P99 (attiCliniciRegoleAccesso) can add a hiding.
      const index = indexOf(dto, {
        code: { code: row.type_code, codeSystem: '', displayName: '' },
        confidentiality: null,
      });
      await deps.records.reindex(
        row.document_reference_id,
        index,
        caller(call),
        forward && ((trx, ref) => forward(trx, documentChange('metadata', idDoc, claims, dto, ref))),
      );
      await repo.addEvent({
        ...event(call, 'UPDATE', null, { workflowInstanceId: row.workflow_instance_id }),
        identificativoDocumento: idDoc,
        subject: claims.sub,
        subjectRole: claims.subjectRole,
        tipoAttivita: claims.actionId,
        issuer: claims.iss,
      });
      return { workflowInstanceId: row.workflow_instance_id, validation: null };
    },

    async status(
      principal: FacilityPrincipal,
      by: { workflowInstanceId: string } | { traceId: string },
    ): Promise<TransactionInspect['transactionData']> {
      const rows = await repo.events(principal.facilityId, by);
      if (rows.length === 0) {
        throw gatewayError('record_not_found', 'No transaction of this facility has that identifier.');
      }
      return rows.map((r) => ({
        eventType: r.event_type,
        eventDate: r.event_date.toISOString(),
        eventStatus: r.event_status,
        ...(r.message === null ? {} : { message: r.message }),
        ...(r.identificativo_documento === null ? {} : { identificativoDocumento: r.identificativo_documento }),
        ...(r.subject === null ? {} : { subject: r.subject }),
        ...(r.subject_role === null ? {} : { subjectRole: r.subject_role }),
        ...(r.tipo_attivita === null ? {} : { tipoAttivita: r.tipo_attivita }),
        ...(r.organizzazione === null ? {} : { organizzazione: r.organizzazione }),
        ...(r.workflow_instance_id === null ? {} : { workflowInstanceId: r.workflow_instance_id }),
        traceId: r.trace_id,
        ...(r.issuer === null ? {} : { issuer: r.issuer }),
      }));
    },
  };
}

export type GatewayService = ReturnType<typeof gatewayService>;
