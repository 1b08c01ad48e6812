/**
 * The CDA2 validation engine: the national Gateway's order (XML Schema, then the type's ISO Schematron, then
 * terminology), on the pinned catalog loaded once. A document failing the schema is not given to the schematron, as
 * the Gateway stops there too.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { XmlDocument } from 'libxml2-wasm';
import { parseXmlDocument, type Document, type Element } from 'slimdom';
import { prepareConversion } from '../transform/prepared.ts';
import { DEFAULT_CATALOG_DIR, loadCatalog, schematronRef, type Catalog, type CatalogEntry } from './catalog.ts';
import { compileSchematron, type CompiledSchematron } from './schematron-compile.ts';
import { runSchematron } from './schematron-run.ts';
import { checkTerminology } from './terminology.ts';
import type {
  CdaValidateOptions,
  CdaValidationResult,
  CdaValidator,
  CdaValidatorOptions,
  SchematronRef,
} from './types.ts';
import { DEFAULT_MAX_BYTES, decodeXml } from './xml-input.ts';
import { XPath1Document, XPath1Expressions } from './xpath1-eval.ts';
import { XsdSchemas } from './xsd.ts';

const HL7 = 'urn:hl7-org:v3';

function childrenNamed(el: Element, localName: string): Element[] {
  return el.children.filter((c) => c.namespaceURI === HL7 && c.localName === localName);
}

class Engine implements CdaValidator {
  readonly catalogVersion: string;
  private readonly compiled = new Map<string, { schema: CompiledSchematron; xpath1: XPath1Expressions }>();

  private readonly catalog: Catalog;
  private readonly schemas: XsdSchemas;
  private readonly maxBytes: number;

  constructor(catalog: Catalog, schemas: XsdSchemas, maxBytes: number) {
    this.catalog = catalog;
    this.schemas = schemas;
    this.maxBytes = maxBytes;
    this.catalogVersion = catalog.version;
  }

  private schematron(path: string): { schema: CompiledSchematron; xpath1: XPath1Expressions } {
    let compiled = this.compiled.get(path);
    if (!compiled) {
      compiled = { schema: compileSchematron(readFileSync(path, 'utf8')), xpath1: new XPath1Expressions() };
      this.compiled.set(path, compiled);
    }
    return compiled;
  }

  validate(bytes: Uint8Array, opts: CdaValidateOptions = {}): Promise<CdaValidationResult> {
    return Promise.resolve(this.validateSync(bytes, opts));
  }

  validateSync(bytes: Uint8Array, opts: CdaValidateOptions = {}): CdaValidationResult {
    const result: CdaValidationResult = {
      valid: false,
      documentType: null,
      schematron: null,
      catalogVersion: this.catalogVersion,
      errors: [],
      warnings: [],
      unchecked: [],
    };
    const decoded = decodeXml(bytes, this.maxBytes);
    if (!decoded.ok) {
      result.errors.push({ id: 'XML', message: decoded.message, location: '' });
      return result;
    }
    let doc: Document;
    try {
      doc = parseXmlDocument(decoded.text);
    } catch (error) {
      const message = `not well-formed XML: ${(error as Error).message.split('\n')[0] ?? ''}`;
      result.errors.push({ id: 'XML', message, location: '' });
      return result;
    }
    const root = doc.documentElement;
    if (root?.namespaceURI !== HL7 || root.localName !== 'ClinicalDocument') {
      result.errors.push({ id: 'XML', message: 'root element is not urn:hl7-org:v3 ClinicalDocument', location: '/' });
      return result;
    }
    const templateRoots = childrenNamed(root, 'templateId').map((t) => t.getAttribute('root') ?? '');
    const entry = templateRoots.map((r) => this.catalog.byTemplateRoot.get(r)).find((e) => e !== undefined);
    result.documentType = entry?.documentType ?? null;

    const typeId = childrenNamed(root, 'typeId')[0]?.getAttribute('extension') ?? null;
    const xsd = this.schemas.validate(decoded.text, typeId, true);
    if (xsd.errors.length > 0) {
      result.errors.push(...xsd.errors);
      return result;
    }
    // libxml2's tree of the same text, for the tests routed to its XPath 1.0 (ADR 0026); freed on every path below.
    const xml = xsd.wellFormed ? xsd.document : undefined;
    try {
      const validated = this.afterSchema(doc, entry, templateRoots, opts, result, xml);
      if (validated.valid && opts.convertToFhir) {
        validated.conversion = prepareConversion(root, bytes, opts.convertToFhir);
      }
      return validated;
    } finally {
      xml?.dispose();
    }
  }

  private afterSchema(
    doc: Document,
    entry: (CatalogEntry & { file: string }) | undefined,
    templateRoots: string[],
    opts: CdaValidateOptions,
    result: CdaValidationResult,
    xml: XmlDocument | undefined,
  ): CdaValidationResult {
    let schematronPath: string;
    let ref: SchematronRef;
    if (opts.schematronFile) {
      schematronPath = resolve(opts.schematronFile);
      ref = schematronRef(basename(schematronPath));
    } else if (entry) {
      schematronPath = join(this.catalog.dir, 'schematron', entry.file);
      ref = schematronRef(entry.file);
    } else {
      const message = `no schematron of the catalog for templateId root(s) ${templateRoots.join(', ') || '(none)'}`;
      result.errors.push({ id: 'TEMPLATE', message, location: '/ClinicalDocument[1]/templateId' });
      return result;
    }
    result.schematron = ref;
    const { schema, xpath1 } = this.schematron(schematronPath);
    const route = xml ? { document: new XPath1Document(xml, doc), expressions: xpath1 } : undefined;
    const outcome = runSchematron(schema, doc, route);
    result.errors.push(...outcome.errors);
    result.warnings.push(...outcome.warnings);

    const terminology = checkTerminology(doc, this.catalog.codeSystems);
    result.errors.push(...terminology.errors);
    result.unchecked = terminology.unchecked;
    result.valid = result.errors.length === 0;
    return result;
  }

  close(): Promise<void> {
    this.schemas.dispose();
    for (const { xpath1 } of this.compiled.values()) xpath1.dispose();
    return Promise.resolve();
  }
}

export function createCdaValidator(options: CdaValidatorOptions = {}): Promise<CdaValidator> {
  const dir = options.catalogDir ?? DEFAULT_CATALOG_DIR;
  const catalog = loadCatalog(dir);
  const schemas = new XsdSchemas(join(dir, 'schema'));
  return Promise.resolve(new Engine(catalog, schemas, options.maxBytes ?? DEFAULT_MAX_BYTES));
}
