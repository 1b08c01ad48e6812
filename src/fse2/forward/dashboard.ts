import { NATIONAL_SLA_SECONDS, type BacklogFigures } from './repository.ts';

/**
 * One row of `conversionFailureSummary(db)` (fse2's derive step, ADR 0018): documents whose
 * CDA2 -> FHIR conversion failed, by document type and reason, counts only.
 */
export interface ConversionFailureCount {
  readonly documentType: string;
  readonly reason: string;
  readonly count: number;
}
export type ConversionFailureSummary = readonly ConversionFailureCount[];

/** The section's shape: by document type, the reasons added up (the page's table; Prometheus has the reasons). */
function byType(rows: ConversionFailureSummary): { type: string; failures: number }[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.documentType, (totals.get(r.documentType) ?? 0) + r.count);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([type, failures]) => ({ type, failures }));
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
        conversionFailures: conversions === null ? null : { byType: byType(conversions) },
      };
    },
  };
}
