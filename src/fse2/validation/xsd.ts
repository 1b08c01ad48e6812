/**
 * XML Schema validation with libxml2 (libxml2-wasm). The national schemas are read from the vendored catalog into
 * memory once; libxml2 resolves their xsd:include only through an in-memory provider that knows those files, and
 * documents are parsed with NONET | NO_XXE and without entity substitution, so nothing is ever fetched or expanded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ParseOption,
  XmlBufferInputProvider,
  XmlDocument,
  XmlLibError,
  XsdValidator,
  xmlRegisterInputProvider,
} from 'libxml2-wasm';
import type { CdaFinding } from './types.ts';

// 2048 | 8388608: the enum members combined (libxml2 takes a bit mask).
export const SAFE_PARSE = (ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE) as ParseOption;
/** At most this many XSD messages per document: a broken document can produce thousands of the same one. */
const MAX_XSD_FINDINGS = 50;

export type XsdOutcome =
  { wellFormed: false; errors: CdaFinding[] } | { wellFormed: true; errors: CdaFinding[]; document?: XmlDocument };

export class XsdSchemas {
  private readonly validators = new Map<string, XsdValidator>();

  /** Loads `<schemaDir>/<typeIdExtension>/CDA.xsd` for each folder (POCD_MT000040UV02, POCD_HD000040). */
  constructor(schemaDir: string) {
    const provider = new XmlBufferInputProvider({});
    const folders = readdirSync(schemaDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const folder of folders) {
      for (const file of readdirSync(join(schemaDir, folder.name))) {
        const bytes = readFileSync(join(schemaDir, folder.name, file));
        provider.addBuffer(join(schemaDir, folder.name, file), bytes);
        // POCD_HD000040/CDA.xsd includes "coreschemas/POCD_MT000040.xsd" while the catalog ships that folder flat.
        provider.addBuffer(join(schemaDir, folder.name, 'coreschemas', file), bytes);
      }
    }
    xmlRegisterInputProvider(provider);
    for (const folder of folders) {
      const path = join(schemaDir, folder.name, 'CDA.xsd');
      const schemaDoc = XmlDocument.fromBuffer(readFileSync(path), { url: path, option: SAFE_PARSE });
      this.validators.set(folder.name, XsdValidator.fromDoc(schemaDoc));
      schemaDoc.dispose();
    }
  }

  has(typeIdExtension: string): boolean {
    return this.validators.has(typeIdExtension);
  }

  /**
   * Parses and validates; `text` already passed the input gate (decoded, no DOCTYPE). With `keepDocument`, a valid
   * document's libxml2 tree is returned for the schematron (ADR 0026) and the caller disposes it.
   */
  validate(text: string, typeIdExtension: string | null, keepDocument = false): XsdOutcome {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromString(text, { option: SAFE_PARSE });
    } catch (error) {
      return { wellFormed: false, errors: findings(error, 'XML') };
    }
    let kept = false;
    try {
      const validator = typeIdExtension ? this.validators.get(typeIdExtension) : undefined;
      if (!validator) {
        const known = [...this.validators.keys()].join(', ');
        const message = `typeId@extension "${typeIdExtension ?? ''}" names no schema of the catalog (${known})`;
        return { wellFormed: true, errors: [{ id: 'XSD', message, location: '/ClinicalDocument/typeId' }] };
      }
      validator.validate(doc);
      kept = keepDocument;
      return kept ? { wellFormed: true, errors: [], document: doc } : { wellFormed: true, errors: [] };
    } catch (error) {
      return { wellFormed: true, errors: findings(error, 'XSD') };
    } finally {
      if (!kept) doc.dispose();
    }
  }

  dispose(): void {
    for (const validator of this.validators.values()) validator.dispose();
    this.validators.clear();
  }
}

function findings(error: unknown, id: string): CdaFinding[] {
  if (error instanceof XmlLibError && error.details.length > 0) {
    return error.details.slice(0, MAX_XSD_FINDINGS).map((detail) => ({
      id,
      message: detail.message.trim(),
      location: `${detail.line}:${detail.col}`,
    }));
  }
  return [{ id, message: error instanceof Error ? error.message : String(error), location: '' }];
}
