/**
 * The printable certificate: one A4 page, Italian and English side by side as on
 * the Italian Green Pass, with the QR code, the holder, the key fields and the UVCI.
 *
 * Text is drawn with embedded Noto Sans and Noto Emoji (../../shared/pdf-fonts.ts), so a name
 * in Polish, Greek or Cyrillic keeps its letters; a character no font has (a CJK ideograph)
 * prints as its code point, "[U+674E]", never as "?" (issue #17), and the ICAO form of the
 * name is printed too.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import type { DccPayload } from '../codec/index.ts';
import { embedFonts, type FontChain, type PdfFonts } from '../../shared/pdf-fonts.ts';
import { drawLine, widthOf, wrapToWidth } from '../../shared/pdf-text.ts';
import { certificateTitle, fieldRows } from './pdf-fields.ts';
import type { Labels } from './value-sets.ts';

export type PdfInput = {
  payload: DccPayload;
  uvci: string;
  qrPng: Uint8Array;
  issuedAt: Date;
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const BAND_HEIGHT = 84;
const QR_SIZE = 250;
const LABEL_WIDTH = 215;
const VALUE_X = MARGIN + LABEL_WIDTH + 12;
const EU_BLUE = rgb(0, 0.2, 0.6);
const GREY = rgb(0.35, 0.35, 0.35);

export async function certificatePdf(input: PdfInput, labels: Labels): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  const title = certificateTitle(input.payload);
  doc.setTitle(`Certificato COVID digitale dell'UE / EU Digital COVID Certificate: ${title.en}`);
  doc.setSubject(input.uvci);
  doc.setLanguage('it-IT');
  doc.setCreator('Salus');
  doc.setProducer('Salus (pdf-lib)');
  // Dated by the certificate, not the download, so the same certificate gives the same file.
  doc.setCreationDate(input.issuedAt);
  doc.setModificationDate(input.issuedAt);

  const page = doc.addPage(A4);
  const [width, height] = A4;
  const white = rgb(1, 1, 1);
  page.drawRectangle({ x: 0, y: height - BAND_HEIGHT, width, height: BAND_HEIGHT, color: EU_BLUE });
  centred(page, "CERTIFICATO COVID DIGITALE DELL'UE", fonts.bold, 17, height - 40, white);
  centred(page, 'EU DIGITAL COVID CERTIFICATE', fonts.regular, 12, height - 62, white);
  centred(page, `${title.it} / ${title.en}`, fonts.bold, 14, height - BAND_HEIGHT - 32, EU_BLUE);

  const qr = await doc.embedPng(input.qrPng);
  const qrTop = height - BAND_HEIGHT - 48;
  page.drawImage(qr, { x: (width - QR_SIZE) / 2, y: qrTop - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  let y = qrTop - QR_SIZE - 24;

  for (const row of fieldRows(input.payload, labels)) y = drawRow(page, fonts, row, y);

  const footer = [
    `Rilasciato il / Issued on ${input.issuedAt.toISOString().slice(0, 10)}.`,
    'Il QR code contiene il certificato firmato: la validità si controlla solo leggendolo con un verificatore.',
    'The QR code holds the signed certificate: validity is checked only by scanning it with a verifier.',
  ];
  let fy = MARGIN + 24;
  for (const line of footer) {
    drawLine(page, fonts.regular, line, { x: MARGIN, y: fy, size: 7.5, color: GREY });
    fy -= 10;
  }
  return doc.save();
}

function drawRow(
  page: PDFPage,
  fonts: PdfFonts,
  row: { it: string; en: string; value: string; monospace?: boolean },
  top: number,
): number {
  const valueFont = row.monospace ? fonts.mono : fonts.regular;
  const valueSize = row.monospace ? 9.5 : 10.5;
  const valueWidth = page.getWidth() - MARGIN - VALUE_X;
  const labelLines = [
    ...wrapToWidth(fonts.bold, row.it, 8.5, LABEL_WIDTH).map((text) => ({
      text,
      font: fonts.bold,
      color: rgb(0, 0, 0),
    })),
    ...wrapToWidth(fonts.regular, row.en, 8, LABEL_WIDTH).map((text) => ({
      text,
      font: fonts.regular,
      color: GREY,
    })),
  ];
  const valueLines = row.value.split('\n').flatMap((part) => wrapToWidth(valueFont, part, valueSize, valueWidth));
  let ly = top;
  for (const line of labelLines) {
    drawLine(page, line.font, line.text, { x: MARGIN, y: ly, size: 8.5, color: line.color });
    ly -= 10;
  }
  let vy = top;
  for (const text of valueLines) {
    drawLine(page, valueFont, text, { x: VALUE_X, y: vy, size: valueSize });
    vy -= 13;
  }
  const bottom = Math.min(ly, vy) - 2;
  page.drawLine({
    start: { x: MARGIN, y: bottom + 6 },
    end: { x: page.getWidth() - MARGIN, y: bottom + 6 },
    thickness: 0.3,
    color: GREY,
  });
  return bottom - 8;
}

function centred(
  page: PDFPage,
  text: string,
  font: FontChain,
  size: number,
  baseline: number,
  color: ReturnType<typeof rgb>,
): void {
  const x = (page.getWidth() - widthOf(font, text, size)) / 2;
  drawLine(page, font, text, { x, y: baseline, size, color });
}
