import type { Immunization } from '@medplum/fhirtypes';
import { vaccineCodes } from '../vacc/vaccines.ts';
import type { VaccinationEntry, VaccinationHistory, VaccinationSource } from './schemas.ts';
import { conceptName, sourceDocumentId, type SourceDocument } from './sources.ts';

// ATC names a class (J07BN01: every mRNA Covid vaccine), not a product: two doses match on it only when neither
// carries a product code (AIC, EU authorisation number).
const isAtc = (system: string | undefined) =>
  system !== undefined && /2\.16\.840\.1\.113883\.6\.73|whocc/i.test(system);

/** What identifies the vaccine given: product codes (with the AIC of Salus's EU numbers), else ATC, else the name. */
export function vaccineKeys(immunization: Immunization): Set<string> {
  const codings = (immunization.vaccineCode.coding ?? []).filter((c) => c.code !== undefined && c.code !== '');
  const products = codings.filter((c) => !isAtc(c.system)).map((c) => c.code ?? '');
  // Salus's doses carry the EU number; its VACC documents (and other regions') carry the AIC (fse2/vacc/vaccines.ts).
  const aic = products.map((p) => vaccineCodes(p)?.aic).filter((a) => a !== undefined);
  const keys = [...products, ...aic].map((c) => `product|${c.toUpperCase()}`);
  if (keys.length > 0) return new Set(keys);
  const atc = codings.filter((c) => isAtc(c.system)).map((c) => `atc|${(c.code ?? '').toUpperCase()}`);
  if (atc.length > 0) return new Set(atc);
  return new Set([`name|${conceptName(immunization.vaccineCode).trim().toLowerCase()}`]);
}

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', dateStyle: 'short' });

/** The calendar day in Italy: a dose at 00:30 in Rome is that day's, whatever offset each source wrote. */
export function romeDay(when: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) return when;
  const t = Date.parse(when);
  return Number.isNaN(t) ? when : ROME_DAY.format(new Date(t));
}

function doseOf(immunization: Immunization): number | null {
  const protocol = immunization.protocolApplied?.[0];
  const n = protocol?.doseNumberPositiveInt ?? Number(protocol?.doseNumberString ?? NaN);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

interface Candidate {
  readonly entry: VaccinationEntry & { sources: VaccinationSource[] };
  readonly keys: Set<string>;
  readonly day: string;
  /** The Salus dose's id (vaccinations.id), for its own VACC document to find it. */
  readonly salusId: string | null;
}

// Salus's own single-vaccination CDA2 has the id "...^SALUS.VACC.<vaccination id>" (fse2/vacc/documents.ts).
const SALUS_DOSE_DOCUMENT = /\^SALUS\.VACC\.(\d{1,18})$/;

const sameDose = (c: Candidate, keys: Set<string>, day: string, dose: number | null) =>
  c.day === day && c.entry.doseNumber === dose && [...keys].some((k) => c.keys.has(k));

/**
 * The vaccination history from every source (issue 20 item 2): Salus's doses and the Immunizations derived from
 * VACC documents, each dose once. A document dose is the same dose as one already listed when it is Salus's own
 * document for that dose, or when vaccine, day and dose number are the same; it then adds its source to the entry.
 * A derived dose whose document the reader may not see (hidden, replaced) is left out. Newest first.
 */
export function vaccinationHistory(
  immunizations: Immunization[],
  documents: ReadonlyMap<string, SourceDocument>,
): VaccinationHistory {
  const candidates: Candidate[] = [];
  const given = immunizations.filter((i) => i.status === 'completed');
  const fromDocuments = given.filter((i) => sourceDocumentId(i) !== null);
  for (const imm of given.filter((i) => sourceDocumentId(i) === null)) {
    candidates.push(candidateOf(imm, { kind: 'salus', name: imm.location?.display ?? '', document: null }));
  }
  const dated = (i: Immunization) => i.occurrenceDateTime ?? '';
  for (const imm of [...fromDocuments].sort((a, b) => dated(a).localeCompare(dated(b)))) {
    const document = documents.get(sourceDocumentId(imm) ?? '');
    if (document === undefined) continue;
    const name = document.facility ?? imm.performer?.[0]?.actor.display ?? document.title;
    const next = candidateOf(imm, { kind: 'document', name, document });
    const salusId = SALUS_DOSE_DOCUMENT.exec(document.identifier ?? '')?.[1];
    const same =
      candidates.find((c) => salusId !== undefined && c.salusId === salusId) ??
      candidates.find((c) => sameDose(c, next.keys, next.day, next.entry.doseNumber));
    if (same === undefined) {
      candidates.push(next);
      continue;
    }
    const source = next.entry.sources[0];
    if (source !== undefined && !same.entry.sources.some((s) => s.documentId === source.documentId))
      same.entry.sources.push(source);
    same.entry.lot ??= next.entry.lot;
    same.entry.doses ??= next.entry.doses;
    same.entry.disease ??= next.entry.disease;
  }
  const entries = candidates.map((c) => ({ ...c.entry, sources: c.entry.sources.sort(bySource) }));
  return {
    vaccinations: entries.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.vaccine.localeCompare(b.vaccine)),
  };
}

/** Salus's own record first, then documents by title and id: the same history reads the same every time. */
const bySource = (a: VaccinationSource, b: VaccinationSource) =>
  (a.kind === 'salus' ? 0 : 1) - (b.kind === 'salus' ? 0 : 1) ||
  (a.documentTitle ?? '').localeCompare(b.documentTitle ?? '') ||
  (a.documentId ?? '').localeCompare(b.documentId ?? '');

function candidateOf(
  imm: Immunization,
  from: { kind: 'salus' | 'document'; name: string; document: SourceDocument | null },
): Candidate {
  const date = imm.occurrenceDateTime ?? from.document?.date ?? '';
  const protocol = imm.protocolApplied?.[0];
  const disease = conceptName(protocol?.targetDisease?.[0]);
  return {
    entry: {
      vaccine: conceptName(imm.vaccineCode),
      date,
      doseNumber: doseOf(imm),
      doses: protocol?.seriesDosesPositiveInt ?? null,
      lot: imm.lotNumber ?? null,
      disease: disease === '' ? null : disease,
      sources: [
        {
          kind: from.kind,
          immunizationId: imm.id ?? '',
          documentId: from.document?.id ?? null,
          documentTitle: from.document?.title ?? null,
          name: from.name,
        },
      ],
    },
    keys: vaccineKeys(imm),
    day: romeDay(date),
    salusId: from.kind === 'salus' ? (imm.id ?? null) : null,
  };
}
