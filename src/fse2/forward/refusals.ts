import type { AuditSink, OperatorPrincipal } from '../../shared/principal.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import type { RefusalRow, RefusalsRepository } from './refusals-repository.ts';

/** What the page shows of one refusal: where from, what, when, and the national error's type, title and detail. */
export interface RefusalView {
  readonly id: string;
  readonly attempts: number;
  readonly identificativoDoc: string;
  readonly operation: string;
  readonly documentType: string | null;
  readonly hl7Type: string | null;
  readonly facility: string | null;
  readonly facilityId: string | null;
  readonly acceptedAt: string;
  readonly nationalError: {
    readonly status: number | null;
    readonly type: string | null;
    readonly title: string | null;
    readonly detail: string | null;
  };
}

export interface DecisionResult {
  readonly id: string;
  readonly action: 'resend' | 'drop';
  readonly reason: string | null;
  readonly resolvedAt: string;
  /** true: a double submit; the first decision stands and nothing changed again. */
  readonly alreadyDone: boolean;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 2000) : null);

function view(r: RefusalRow): RefusalView {
  const error = r.nationalError ?? {};
  return {
    id: r.id,
    attempts: r.attempts,
    identificativoDoc: r.identificativoDoc,
    operation: r.operation,
    documentType: r.documentType,
    hl7Type: r.hl7Type,
    facility: r.facility,
    facilityId: r.facilityId,
    acceptedAt: r.acceptedAt.toISOString(),
    nationalError: {
      status: typeof error.status === 'number' ? error.status : null,
      type: text(error.type),
      title: text(error.title),
      detail: text(error.detail),
    },
  };
}

/**
 * Permanent national refusals for the region's operator (issue 20 item 3: "flagged for a person, with the national
 * error"): the list, and a resend (after a fix) or a drop (with a reason) of each, idempotent, in the access log.
 */
export function refusalsService(deps: { repo: RefusalsRepository; audit: AuditSink }) {
  const log = (principal: OperatorPrincipal, action: 'read' | 'update', resourceId: string | null, requestId: string) =>
    deps.audit.record({
      principal,
      action,
      resourceType: 'NationalForward',
      resourceId,
      // The outbox holds the national request, not Salus's citizen id (records owns the link): no subject here.
      subjectCitizenId: null,
      purpose: 'national-forwarding',
      outcome: 'success',
      requestId,
    });

  return {
    async list(operator: OperatorPrincipal, requestId: string): Promise<RefusalView[]> {
      // 200: the page shows them all at once; a longer list means the national side refuses everything.
      const rows = await deps.repo.list(200);
      await log(operator, 'read', null, requestId);
      return rows.map(view);
    },

    async decide(
      operator: OperatorPrincipal,
      input: { id: string; attempts: number; action: 'resend' | 'drop'; reason: string | null },
      requestId: string,
    ): Promise<DecisionResult> {
      const outcome = await deps.repo.decide({
        ...input,
        by: { fiscalCode: operator.fiscalCode, name: operator.name },
      });
      if (outcome.kind === 'unknown') {
        throw notFound('fse2.refusal_unknown', `There is no refused forward ${input.id} at attempt ${input.attempts}.`);
      }
      if (outcome.kind === 'already' && outcome.action !== input.action) {
        throw conflict(
          'fse2.refusal_decided',
          `This refusal was already handled: ${outcome.action === 'resend' ? 'resent' : 'dropped'}.`,
        );
      }
      if (outcome.kind === 'done') await log(operator, 'update', input.id, requestId);
      return {
        id: input.id,
        action: input.action,
        reason: outcome.kind === 'already' ? outcome.reason : input.reason,
        resolvedAt: outcome.resolvedAt.toISOString(),
        alreadyDone: outcome.kind === 'already',
      };
    },
  };
}

export type RefusalsService = ReturnType<typeof refusalsService>;
