import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Checks that a published document's bytes are what its declared content type says,
 * and that they cannot run code in a browser. Salus serves stored documents from its
 * own origin, where a GP's or a citizen's session lives: a "CDA" that is really XHTML
 * or SVG with a <script> would run with their cookies and CSRF token (issue #16).
 *
 * PDF: the "%PDF-" signature (a PDF's own JavaScript runs inside the browser's PDF
 * viewer, never in the page's origin). XML: well-formed (XML 1.0 + namespaces) and
 * with nothing a browser executes or fetches: no DTD (external entities, entity
 * expansion), no stylesheet instruction (XSLT can write script into the page), no
 * element of the XHTML, SVG, MathML or XSLT namespaces (a browser renders those
 * anywhere inside an XML document), no element called "script", no on* event
 * attribute and no javascript: URL. A CDA document needs none of these.
 *
 * Returns why the document is refused, or null when it is acceptable.
 */
export function documentContentProblem(contentType: string, bytes: Buffer): string | null {
  if (bytes.length === 0) return 'is empty';
  if (contentType === 'application/pdf')
    return bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? null : 'is not a PDF (it does not start with %PDF-)';
  if (XML_TYPES.has(contentType)) return xmlProblem(bytes);
  return `has a content type that is not accepted (${contentType})`;
}

const XML_TYPES: ReadonlySet<string> = new Set(['application/xml', 'text/xml', 'application/hl7-v3+xml']);

/** Namespaces whose elements a browser renders, and so can run script from, inside any XML document. */
const ACTIVE_NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/1999/xhtml': 'XHTML',
  'http://www.w3.org/2000/svg': 'SVG',
  'http://www.w3.org/1998/Math/MathML': 'MathML',
  'http://www.w3.org/1999/XSL/Transform': 'XSLT',
};
const HTML_ROOTS: ReadonlySet<string> = new Set(['html', 'svg', 'math']);

class Refused extends Error {}

/** The text of the bytes, in the encoding of the BOM or the XML declaration (UTF-8 by default, as XML says). */
function decode(bytes: Buffer): string | Refused {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else {
    const declared = /^(?:\uFEFF)?<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      bytes.subarray(0, 200).toString('latin1'),
    );
    if (declared?.[1] !== undefined) label = declared[1];
  }
  try {
    // ignoreBOM: false (the default) drops a BOM, which the XML parser does not expect.
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch (error) {
    return new Refused(
      error instanceof RangeError
        ? `declares an encoding Salus does not know (${label})`
        : `is not valid ${label} text`,
    );
  }
}

function elementProblem(tag: SaxesTagNS, isRoot: boolean): string | null {
  const kind = ACTIVE_NAMESPACES[tag.uri];
  if (kind !== undefined) return `contains ${kind} markup (<${tag.name}>), which a browser would render and run`;
  if (isRoot && HTML_ROOTS.has(tag.local.toLowerCase()))
    return `is an HTML or SVG page (root <${tag.name}>), not a clinical document`;
  if (tag.local.toLowerCase() === 'script') return 'contains a <script> element';
  for (const attribute of Object.values(tag.attributes)) {
    if (/^on/i.test(attribute.local)) return `has an event-handler attribute (${attribute.name} on <${tag.name}>)`;
    if (/^\s*(javascript|vbscript):/i.test(attribute.value))
      return `has a script URL (${attribute.name} on <${tag.name}>)`;
  }
  return null;
}

function xmlProblem(bytes: Buffer): string | null {
  const text = decode(bytes);
  if (text instanceof Refused) return text.message;
  const parser = new SaxesParser({ xmlns: true, position: true });
  let seenRoot = false;
  // Each handler throws to stop at the first problem: a 10 MB document is not read to the end for nothing.
  parser.on('error', (error) => {
    throw new Refused(`is not well-formed XML (${error.message})`);
  });
  parser.on('doctype', () => {
    throw new Refused('declares a DTD (<!DOCTYPE>): DTDs and their entities are not accepted');
  });
  parser.on('processinginstruction', ({ target }) => {
    if (target.toLowerCase() === 'xml-stylesheet')
      throw new Refused('asks for a stylesheet (<?xml-stylesheet?>), which a browser would run');
  });
  parser.on('opentag', (tag) => {
    const problem = elementProblem(tag, !seenRoot);
    seenRoot = true;
    if (problem !== null) throw new Refused(problem);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
  // saxes itself refuses a document without a root element.
  return null;
}
