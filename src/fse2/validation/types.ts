import type { ConversionRequest, PreparedConversion } from '../transform/prepared.ts';

/** One finding of a validation: a schema error, a schematron assert (error) or report (warning), a terminology miss. */
export interface CdaFinding {
  /** "XSD", "ERRORE-n" / "Wnnn" (the schematron's own id), "TERM", "XML" (not well-formed, unsafe, too large). */
  id: string;
  message: string;
  /** XPath of the node (schematron), "line:column" (XSD, parser), or "" when the whole document is concerned. */
  location: string;
}

/**
 * A code system the document uses whose table the pinned catalog does not carry (e.g. LOINC): never reported as
 * checked.
 */
export interface UncheckedCodeSystem {
  codeSystem: string;
  codeSystemName?: string;
  /** How many coded elements of the document use it. */
  occurrences: number;
  /** "absent": the catalog has no table for it; "whitelisted": its table is the catalog's "#WHITELIST#" marker. */
  reason: 'absent' | 'whitelisted';
}

export interface SchematronRef {
  /** File name as in the catalog, e.g. "schematron_VPS_v3.8.sch". */
  name: string;
  /** Version as the file name states it, e.g. "3.8". */
  version: string;
}

export interface CdaValidationResult {
  valid: boolean;
  /** Document type code (e.g. "VPS", "LAB", "LDO") or null when it could not be determined. */
  documentType: string | null;
  /** Schematron used, null when validation stopped before schematron (bad XML, XSD failure, unknown template). */
  schematron: SchematronRef | null;
  /** Catalog the engine is pinned to, e.g. "it-fse-catalogs@72228d8". */
  catalogVersion: string;
  errors: CdaFinding[];
  warnings: CdaFinding[];
  unchecked: UncheckedCodeSystem[];
  /** The FHIR conversion asked for with `convertToFhir`: a valid document only. */
  conversion?: PreparedConversion;
}

export interface CdaValidateOptions {
  /** Path of a schematron file that replaces the catalog's choice (CLI --schematron, parity test). */
  schematronFile?: string;
  /** Converts a valid document to FHIR on the DOM the validation built (the Gateway's publication; ADR 0027). */
  convertToFhir?: ConversionRequest;
}

export interface CdaValidator {
  readonly catalogVersion: string;
  validate(bytes: Uint8Array, opts?: CdaValidateOptions): Promise<CdaValidationResult>;
  /** Releases worker/wasm resources. */
  close(): Promise<void>;
}

export interface CdaValidatorOptions {
  /** Directory of the vendored catalog; defaults to the project's data/fse2-catalog. */
  catalogDir?: string;
  /** Documents above this size are refused without parsing (default 20 MiB). */
  maxBytes?: number;
}
