import { PDFDocument } from 'pdf-lib';
import { embedFonts } from '../../shared/pdf-fonts.ts';
import { drawLine, wrapToWidth } from '../../shared/pdf-text.ts';

/**
 * The national Gateway's name for the CDA attached to the PDF (ATTACHMENT mode),
 * which the record's readers look for.
 */
const CDA_FILE_NAME = 'cda.xml';
// A4 in points, 56 pt (about 2 cm) margins.
const PAGE = { width: 595.28, height: 841.89, margin: 56 };

/**
 * The PDF the record keeps for a Salus CDA2, as producers send it to the Gateway: a readable
 * page and the CDA attached as cda.xml. Dated with the document, so the same CDA gives the same
 * bytes (a replayed job is the same ITI-65 submission). Not PAdES-signed: ADR 0013.
 */
export async function pdfWithCda(cda: string, lines: { title: string; text: readonly string[]; at: Date }) {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(lines.title);
  pdf.setProducer('Salus');
  pdf.setCreationDate(lines.at);
  pdf.setModificationDate(lines.at);
  const fonts = await embedFonts(pdf);
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  const width = PAGE.width - 2 * PAGE.margin;
  let y = PAGE.height - PAGE.margin - 18;
  drawLine(page, fonts.bold, lines.title, { x: PAGE.margin, y, size: 18 });
  y -= 32;
  for (const paragraph of lines.text) {
    for (const line of wrapToWidth(fonts.regular, paragraph, 11, width)) {
      drawLine(page, fonts.regular, line, { x: PAGE.margin, y, size: 11 });
      y -= 16;
    }
    y -= 8;
  }
  await pdf.attach(Buffer.from(cda, 'utf8'), CDA_FILE_NAME, {
    mimeType: 'text/xml',
    description: 'CDA2 HL7 Italia',
    creationDate: lines.at,
    modificationDate: lines.at,
  });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
