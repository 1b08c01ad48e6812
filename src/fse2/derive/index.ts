import { sql, type QueryExecutorProvider } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { NationalDocuments } from '../../records/index.ts';
import { CDA_DOCUMENT_TYPES, convertCdaToFhir, type PreparedConversion } from '../transform/index.ts';

/**
 * CDA2 → the record's clinical resources, in the transaction that files the document (issue 20 item 1;
 * ADR 0018). A document whose conversion fails is filed all the same (care goes on): the failure is counted by
 * document type and reason, with no clinical content, for the dashboard and Prometheus.
 */
export type Deriver = (
  trx: QueryExecutorProvider,
  documentReferenceId: string,
  cda: Buffer,
  /** The conversion the validation thread made for this id (ADR 0027); the step converts itself when absent. */
  prepared?: PreparedConversion,
) => Promise<void>;

/** Why a conversion failed, as a closed list: the counts must never carry a patient's data. */
export type ConversionFailureReason = 'not_cda' | 'conversion_error' | 'store_error';

const typeOf = (cda: Buffer): string => {
  // The document's LOINC code, read without a parser: this runs only when the parser already failed.
  const code = /<code\b[^>]*\bcode="([0-9-]{3,10})"/.exec(cda.subarray(0, 8192).toString('latin1'))?.[1];
  return code === undefined ? 'unknown' : (CDA_DOCUMENT_TYPES[code] ?? 'other');
};

async function recordFailure(
  trx: QueryExecutorProvider,
  documentReferenceId: string,
  documentType: string,
  reason: ConversionFailureReason,
): Promise<void> {
  await sql`INSERT INTO fse2_conversion_failures (document_reference_id, document_type, reason)
    VALUES (${documentReferenceId}, ${documentType}, ${reason}) ON CONFLICT DO NOTHING`.execute(trx);
}

function convertHere(cda: Buffer, documentReferenceId: string): PreparedConversion {
  try {
    const result = convertCdaToFhir(cda, { documentReferenceId });
    if (!result.ok) return { ok: false, documentReferenceId, reason: 'not_cda' };
    return { ok: true, documentReferenceId, bundle: result.bundle, documentType: result.documentType };
  } catch {
    return { ok: false, documentReferenceId, reason: 'conversion_error' };
  }
}

/**
 * The conversion step for every path that files a CDA2 (the Gateway's publication and replace, Salus's VACC
 * documents). The store runs under a savepoint: a failure there rolls back the derived rows only, never the
 * document.
 */
export function cdaDeriver(records: Pick<NationalDocuments, 'storeDerived'>): Deriver {
  return async (trx, documentReferenceId, cda, prepared) => {
    const result =
      prepared?.documentReferenceId === documentReferenceId ? prepared : convertHere(cda, documentReferenceId);
    if (!result.ok) {
      await recordFailure(trx, documentReferenceId, typeOf(cda), result.reason);
      return;
    }
    await sql`SAVEPOINT derive`.execute(trx);
    try {
      await records.storeDerived(trx, documentReferenceId, result.bundle);
      await sql`RELEASE SAVEPOINT derive`.execute(trx);
    } catch {
      await sql`ROLLBACK TO SAVEPOINT derive`.execute(trx);
      await recordFailure(trx, documentReferenceId, result.documentType ?? 'other', 'store_error');
    }
  };
}

export interface ConversionFailureCount {
  readonly documentType: string;
  readonly reason: ConversionFailureReason;
  readonly count: number;
}

/** Documents filed whose conversion failed, by document type and reason: counts only, for the dashboard card. */
export async function conversionFailureSummary(db: QueryExecutorProvider): Promise<ConversionFailureCount[]> {
  const result = await sql<{ document_type: string; reason: ConversionFailureReason; count: number }>`
    SELECT document_type, reason, count(*)::int AS count FROM fse2_conversion_failures
    GROUP BY document_type, reason ORDER BY document_type, reason`.execute(db);
  return result.rows.map((r) => ({ documentType: r.document_type, reason: r.reason, count: r.count }));
}

/** fse2_conversion_failures{document_type, reason}: read from the table at each scrape, so every site agrees. */
export function conversionFailureMetrics(registry: Registry, db: QueryExecutorProvider): void {
  new Gauge({
    name: 'fse2_conversion_failures',
    help: 'CDA2 documents filed whose conversion to FHIR failed, by document type and reason',
    labelNames: ['document_type', 'reason'],
    registers: [registry],
    async collect() {
      // A scrape during a database failover keeps the last figures.
      const rows = await conversionFailureSummary(db).catch(() => null);
      if (rows === null) return;
      this.reset();
      for (const r of rows) this.set({ document_type: r.documentType, reason: r.reason }, r.count);
    },
  });
}
