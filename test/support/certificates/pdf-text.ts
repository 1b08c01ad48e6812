/**
 * The text drawn on each page of a PDF made by pdf-lib with standard fonts: it
 * writes every string as a hex string shown with Tj, WinAnsi-encoded, in
 * Flate-compressed content streams. Enough for tests; not a general extractor.
 */
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[][]; doc: PDFDocument }> {
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const operators = streams
      .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
      .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
      .join('\n');
    return [...operators.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((m) => windows1252(Buffer.from(m[1] ?? '', 'hex')));
  });
  return { pages, doc };
}

function windows1252(bytes: Buffer): string {
  return new TextDecoder('windows-1252').decode(bytes);
}
