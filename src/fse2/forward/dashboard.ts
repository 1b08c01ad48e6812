import { NATIONAL_SLA_SECONDS, type BacklogFigures } from './repository.ts';

/** Conversion failures by document type, counts only (engineer C's `conversionFailureSummary`, fse2 face). */
export interface ConversionFailureSummary {
  readonly byType: readonly { readonly type: string; readonly failures: number }[];
}

/**
 * The dashboard's "Inoltro nazionale" section (issue 20 item 5): the backlog, its oldest item's age against the
 * 24 h SLA, failures by cause, refusals, and the CDA2 → FHIR conversion failures. Counts of changes, not of
 * people: an operational gauge like the ingestion backlog, not suppressed (src/dashboard/published.ts).
 */
export function nationalForwardingSource(deps: {
  figures: () => Promise<BacklogFigures>;
  /** null until wired: the section shows "not available" rather than a zero it does not know. */
  conversionFailureSummary: (() => Promise<ConversionFailureSummary>) | null;
}) {
  return {
    section: 'nationalForwarding',
    async figures(): Promise<Record<string, unknown>> {
      const [f, conversions] = await Promise.all([deps.figures(), deps.conversionFailureSummary?.() ?? null]);
      return {
        slaSeconds: NATIONAL_SLA_SECONDS,
        backlog: f.backlog,
        refused: f.refused,
        overSla: f.overSla,
        oldest:
          f.oldestAcceptedAt === null
            ? null
            : { acceptedAt: f.oldestAcceptedAt.toISOString(), ageSeconds: Math.round(f.oldestAgeSeconds) },
        failuresByCause: f.failingByCause.map((c) => ({ cause: c.cause, items: c.items, tries: c.tries })),
        conversionFailures: conversions === null ? null : { byType: conversions.byType.map((t) => ({ ...t })) },
      };
    },
  };
}
