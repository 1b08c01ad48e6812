import { PDFContext, PDFDict, PDFHexString, PDFParser } from 'pdf-lib';

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
/** As PDFDocument.load's default (ParseSpeeds.Slow): a 20 MB PDF's parse gives the event loop a turn every 100. */
const OBJECTS_PER_TICK = 100;

/**
 * pdf-lib's document parser, with one method read faster: a hex string. pdf-lib appends `<...>` to a string one
 * character at a time, and a PAdES signature's Contents is a hex string of its whole reserved size (37,888 digits
 * in the national RAD sample): two thirds of that PDF's parse (2.0 of 3.0 ms of CPU, mostly garbage collection of
 * the intermediate strings). This takes the same bytes as one slice: the same value, read in 0.1 ms. Strings inside
 * object streams are read by pdf-lib's own parser, unchanged (a signature's Contents cannot be in one: its
 * ByteRange must exclude it from the file's bytes).
 */
class SignedPdfParser extends PDFParser {
  protected override parseHexString(): PDFHexString {
    this.bytes.assertNext(LESS_THAN);
    const start = this.bytes.offset();
    // Past the last byte peekAt gives undefined (its type says number).
    const byteAt = (offset: number): number | undefined => this.bytes.peekAt(offset);
    let end = start;
    while (byteAt(end) !== undefined && byteAt(end) !== GREATER_THAN) end += 1;
    // Each byte as one character, as pdf-lib's String.fromCharCode(byte) gives it: latin1.
    const value = Buffer.from(this.bytes.slice(start, end)).toString('latin1');
    this.bytes.moveTo(end);
    this.bytes.assertNext(GREATER_THAN); // throws at the end of the file, as pdf-lib's does
    return PDFHexString.of(value);
  }
}

/** What the Gateway reads of a PDF: its objects, and the document catalog they hang from. */
export interface ParsedPdf {
  readonly context: PDFContext;
  readonly catalog: PDFDict;
}

/**
 * Parses a PDF as PDFDocument.load(bytes, { ignoreEncryption, updateMetadata: false, throwOnInvalidObject }) does,
 * without the editing document around it (which the Gateway never uses). Throws on a PDF without a catalog.
 */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedPdf> {
  const context = await new SignedPdfParser(bytes, OBJECTS_PER_TICK, true, false).parseDocument();
  const catalog = context.lookup(context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict)) throw new Error('the PDF has no document catalog (trailer /Root)');
  return { context, catalog };
}
