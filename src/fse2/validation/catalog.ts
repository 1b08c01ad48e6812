/**
 * The pinned national catalog (it-fse-catalogs 72228d8, vendored in data/fse2-catalog) and how a document's type and
 * schematron are chosen from it.
 *
 * The Gateway picks the schematron by the document's national templateId root (the ClinicalDocument templateId of the
 * HL7 Italia implementation guide): each catalog schematron asserts exactly one such root on ClinicalDocument, which
 * is the table below (checked against the files by catalog.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchematronRef } from './types.ts';

export const CATALOG_VERSION = 'it-fse-catalogs@72228d8';
export const DEFAULT_CATALOG_DIR = join(import.meta.dirname, '..', '..', '..', 'data', 'fse2-catalog');

export interface CatalogEntry {
  documentType: string;
  templateRoot: string;
  /** Prefix of the schematron file name, the version follows ("schematron_VPS_v" + "3.8.sch"). */
  filePrefix: string;
}

export const CATALOG_ENTRIES: readonly CatalogEntry[] = [
  { documentType: 'LAB', templateRoot: '2.16.840.1.113883.2.9.10.1.1', filePrefix: 'schematronFSE_LAB_v' },
  { documentType: 'PrF', templateRoot: '2.16.840.1.113883.2.9.10.1.2.1', filePrefix: 'schematronFSE_PrF_' },
  { documentType: 'PrS', templateRoot: '2.16.840.1.113883.2.9.10.1.2.2', filePrefix: 'schematron_PrS_v' },
  { documentType: 'PrFNoSSN', templateRoot: '2.16.840.1.113883.2.9.10.1.3.1', filePrefix: 'schematron_PrFNoSSN_' },
  { documentType: 'PSS', templateRoot: '2.16.840.1.113883.2.9.10.1.4.1.1', filePrefix: 'schematron_PSS_v' },
  { documentType: 'LDO', templateRoot: '2.16.840.1.113883.2.9.10.1.5', filePrefix: 'schematronFSE_LDO_v' },
  { documentType: 'VPS', templateRoot: '2.16.840.1.113883.2.9.10.1.6.1', filePrefix: 'schematron_VPS_v' },
  { documentType: 'RAD', templateRoot: '2.16.840.1.113883.2.9.10.1.7.1', filePrefix: 'schematronFSE_RAD_v' },
  { documentType: 'RAP', templateRoot: '2.16.840.1.113883.2.9.10.1.8.1', filePrefix: 'schematronFSE_RAP_' },
  { documentType: 'RSA', templateRoot: '2.16.840.1.113883.2.9.10.1.9.1', filePrefix: 'schematron_RSA_v' },
  {
    documentType: 'SING_VACC',
    templateRoot: '2.16.840.1.113883.2.9.10.1.11.1.1',
    filePrefix: 'schematron_singola_VACC_v',
  },
  {
    documentType: 'CERT_VACC',
    templateRoot: '2.16.840.1.113883.2.9.10.1.11.1.2',
    filePrefix: 'schematron_certificato_VACC_v',
  },
  { documentType: 'ErF', templateRoot: '2.16.840.1.113883.2.9.10.1.13.1.1', filePrefix: 'schematronFSE_ErF_' },
  { documentType: 'ErS', templateRoot: '2.16.840.1.113883.2.9.10.1.13.1.2', filePrefix: 'schematronFSE_ErS_' },
  { documentType: 'ErFNoSSN', templateRoot: '2.16.840.1.113883.2.9.10.1.13.2.1', filePrefix: 'schematron_ErF_NoSSN_' },
  {
    documentType: 'LETTERA_SCREENING',
    templateRoot: '2.16.840.1.113883.2.9.10.1.14.1',
    filePrefix: 'schematron_Lettera_Screening_v',
  },
  {
    documentType: 'LETTERA_VACC',
    templateRoot: '2.16.840.1.113883.2.9.10.1.15.1',
    filePrefix: 'schematron_Lettera_VACC_v',
  },
  {
    documentType: 'TELEVISITA',
    templateRoot: '2.16.840.1.113883.2.9.10.1.16.1.1',
    filePrefix: 'schematron_Referto_Televisita_v',
  },
  { documentType: 'CTC', templateRoot: '2.16.840.1.113883.2.9.10.1.16.2.1', filePrefix: 'schematron_Relazione_CTC_v' },
  {
    documentType: 'TELEASSISTENZA',
    templateRoot: '2.16.840.1.113883.2.9.10.1.16.4.1',
    filePrefix: 'schematron_Rel_Fin_Teleassistenza_v',
  },
  { documentType: 'TPI', templateRoot: '2.16.840.1.113883.2.9.10.1.17.1', filePrefix: 'schematron_TPI_v' },
  { documentType: 'CC', templateRoot: '2.16.840.1.113883.2.9.10.1.18.1', filePrefix: 'schematron_CC_v' },
];

/** "schematron_VPS_v3.8.sch" → "3.8"; "schematron_certificato_VACC v1.3.sch" → "1.3". */
export function schematronRef(fileName: string): SchematronRef {
  const version = /[ _][vV]?(\d+(?:\.\d+)*)\.sch$/.exec(fileName)?.[1] ?? '';
  return { name: fileName, version };
}

export interface Catalog {
  dir: string;
  version: string;
  /** templateRoot → entry with the catalog's file for it. */
  byTemplateRoot: Map<string, CatalogEntry & { file: string }>;
  /** Code system OID → codes, from terminology/<oid>.csv. */
  codeSystems: Map<string, Set<string>>;
}

function csvCodes(text: string): Set<string> {
  const codes = new Set<string>();
  // Header "version,code,description,release_date"; the code never contains a comma or a quote.
  for (const line of text.split('\n').slice(1)) {
    const fields = /^(?:"[^"]*"|[^,]*),("?)([^,"]*)\1/.exec(line);
    if (fields?.[2]) codes.add(fields[2].trim());
  }
  return codes;
}

export function loadCatalog(dir: string): Catalog {
  const files = readdirSync(join(dir, 'schematron'));
  const byTemplateRoot = new Map<string, CatalogEntry & { file: string }>();
  for (const entry of CATALOG_ENTRIES) {
    const file = files.find((f) => f.startsWith(entry.filePrefix) && f.endsWith('.sch'));
    if (!file) throw new Error(`catalog ${dir} has no schematron ${entry.filePrefix}*.sch`);
    byTemplateRoot.set(entry.templateRoot, { ...entry, file });
  }
  const codeSystems = new Map<string, Set<string>>();
  for (const file of readdirSync(join(dir, 'terminology'))) {
    if (!file.endsWith('.csv')) continue;
    codeSystems.set(file.slice(0, -'.csv'.length), csvCodes(readFileSync(join(dir, 'terminology', file), 'utf8')));
  }
  return { dir, version: CATALOG_VERSION, byTemplateRoot, codeSystems };
}
