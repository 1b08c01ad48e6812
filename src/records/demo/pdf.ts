import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

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

/** WinAnsi (the standard fonts' encoding) lacks some typographic characters Italian text uses. */
const ansi = (text: string): string => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/…/g, '...').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/**
 * A plain, realistic clinical report as PDF (pdf-lib, standard fonts): the facility's
 * heading, the patient, facts, a results table and a signature line, paginated.
 */
export async function renderReport(content: ReportContent): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(ansi(content.title));
  pdf.setAuthor(ansi(content.organisation));
  pdf.setCreationDate(new Date(content.date));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;

  const line = (text: string, options: { font?: PDFFont; size?: number; x?: number; gap?: number } = {}) => {
    const size = options.size ?? 10;
    if (y < MARGIN + 40) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
    page.drawText(ansi(text), { x: options.x ?? MARGIN, y, size, font: options.font ?? regular, color: rgb(0.1, 0.1, 0.15) });
    y -= options.gap ?? size + 5;
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
    const widths = [200, 90, 70, 130];
    content.table.forEach((row, i) => {
      let x = MARGIN;
      if (y < MARGIN + 40) {
        page = pdf.addPage(A4);
        y = A4[1] - MARGIN;
      }
      row.forEach((cell, c) => {
        page.drawText(ansi(cell), { x, y, size: 9, font: i === 0 ? bold : regular });
        x += widths[c] ?? 100;
      });
      y -= 14;
    });
    y -= 10;
  }
  for (const paragraph of content.paragraphs ?? []) {
    for (const chunk of wrap(paragraph, 95)) line(chunk);
    y -= 6;
  }
  y -= 20;
  line(`Firmato digitalmente da ${content.signedBy}`, { size: 9 });
  return Buffer.from(await pdf.save());
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if ((current + ' ' + word).trim().length > width) {
      out.push(current);
      current = word;
    } else current = `${current} ${word}`.trim();
  }
  if (current !== '') out.push(current);
  return out;
}
