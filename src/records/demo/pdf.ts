import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { embedFonts, type FontChain } from '../../shared/pdf-fonts.ts';
import { drawLine, wrapToWidth } from '../../shared/pdf-text.ts';

export interface ReportContent {
  readonly organisation: string;
  readonly title: string;
  readonly patient: { readonly name: string; readonly fiscalCode: string; readonly birthDate: string };
  readonly date: string;
  /** Label / value pairs under the heading (e.g. "Richiesta n.", "Medico"). */
  readonly facts: readonly (readonly [string, string])[];
  /** A results table: header row first. */
  readonly table?: readonly (readonly string[])[];
  readonly paragraphs?: readonly string[];
  readonly signedBy: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const COLUMNS = [200, 90, 70, 130];

/**
 * A plain, realistic clinical report as PDF (pdf-lib, embedded Noto fonts that cover accents and
 * emoji): the facility's heading, the patient, facts, a results table and a signature line, paginated.
 */
export async function renderReport(content: ReportContent): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const { regular, bold } = await embedFonts(pdf);
  pdf.setTitle(content.title);
  pdf.setAuthor(content.organisation);
  pdf.setCreationDate(new Date(content.date));
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPageIfFull = () => {
    if (y < MARGIN + 40) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };

  /** One paragraph, wrapped to the page's width (issue #17: long text ran off the page). */
  const line = (text: string, options: { font?: FontChain; size?: number; x?: number; gap?: number } = {}) => {
    const size = options.size ?? 10;
    const font = options.font ?? regular;
    const x = options.x ?? MARGIN;
    const lines = wrapToWidth(font, text, size, A4[0] - MARGIN - x);
    lines.forEach((chunk, i) => {
      newPageIfFull();
      drawLine(page, font, chunk, { x, y, size, color: rgb(0.1, 0.1, 0.15) });
      y -= i === lines.length - 1 ? (options.gap ?? size + 5) : size + 5;
    });
  };

  line(content.organisation, { font: bold, size: 14 });
  line('Servizio Sanitario Regionale - Regione Lombardia', { size: 9, gap: 22 });
  line(content.title.toUpperCase(), { font: bold, size: 13, gap: 24 });
  line(`Paziente: ${content.patient.name}`, { font: bold });
  line(`Codice fiscale: ${content.patient.fiscalCode}    Data di nascita: ${content.patient.birthDate}`);
  line(`Data: ${content.date.slice(0, 10)}`, { gap: 20 });
  for (const [label, value] of content.facts) line(`${label}: ${value}`);
  y -= 10;
  if (content.table !== undefined) {
    content.table.forEach((row, i) => {
      const font = i === 0 ? bold : regular;
      newPageIfFull();
      // Each cell wraps within its column, 6 points short of the next; the row is as tall as its tallest cell.
      let x = MARGIN;
      let height = 1;
      row.forEach((cell, c) => {
        const width = Math.min(COLUMNS[c] ?? 100, A4[0] - MARGIN - x);
        const lines = wrapToWidth(font, cell, 9, width - 6);
        lines.forEach((chunk, n) => {
          drawLine(page, font, chunk, { x, y: y - n * 11, size: 9 });
        });
        height = Math.max(height, lines.length);
        x += COLUMNS[c] ?? 100;
      });
      y -= 14 + (height - 1) * 11;
    });
    y -= 10;
  }
  for (const paragraph of content.paragraphs ?? []) {
    line(paragraph);
    y -= 6;
  }
  y -= 20;
  line(`Firmato digitalmente da ${content.signedBy}`, { size: 9 });
  return Buffer.from(await pdf.save());
}
