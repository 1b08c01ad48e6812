// Issue #17: long text ran off the PDF page, and emoji printed as "??". A report with a
// 2,000-character paragraph, an unbroken 300-character code and emoji is parsed back:
// every line fits between the margins, nothing is lost, and no "??" appears.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/certificates/pdf-text.ts';
import { renderReport } from './pdf.ts';

const A4_WIDTH = 595.28;
const MARGIN = 50;

describe('the report PDF', () => {
  it('wraps long text within the page and prints emoji as their code point, never "??"', async () => {
    const words = 'Il paziente riferisce dolore toracico atipico, esami nella norma. '.repeat(31).slice(0, 2000);
    const code = 'X'.repeat(300);
    const bytes = await renderReport({
      organisation: 'ASST Test 🏥',
      title: 'Referto con emoji 😀',
      patient: { name: 'Maria Brambilla', fiscalCode: 'BRMMRA36C52F205X', birthDate: '1936-03-12' },
      date: '2026-03-10T09:30:00+01:00',
      facts: [['Nota', `Sto bene 👍🏽 grazie ❤️ ${code}`]],
      table: [
        ['Esame', 'Esito'],
        [`Emocromo 🩸 ${'completo '.repeat(40)}`, 'nella norma'],
      ],
      paragraphs: [words],
      signedBy: 'Dr. Anna Verdi',
    });
    const { pages } = await pdfText(bytes);
    const lines = pages.flat();
    expect(lines.join('')).not.toContain('??');
    expect(lines.join(' ')).toContain('[U+1F600]');
    expect(lines.join(' ')).toContain('Sto bene [U+1F44D][U+1F3FD] grazie [U+2764]');
    // Nothing lost: the paragraph and the code come back whole once the lines are joined.
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(words.trim().replace(/\s+/g, ' '));
    expect(lines.join('')).toContain(code);

    const measure = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    // The long lines are body text, Helvetica 10 pt; the bold headings are a few words long.
    const widest = Math.max(...lines.map((line) => measure.widthOfTextAtSize(line, 10)));
    expect(widest).toBeLessThanOrEqual(A4_WIDTH - 2 * MARGIN);
  });
});
