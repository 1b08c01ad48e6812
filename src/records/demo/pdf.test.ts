// Issue #17: long text ran off the PDF page, and emoji printed as "??". A report with emoji,
// Italian accents, a 600-character description, a 2,000-character paragraph and an unbroken
// 300-character code is read back with pdf.js: the characters survive as themselves, every
// line starts and ends between the margins, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { pdfLines } from '../../../test/support/certificates/pdf-text.ts';
import { renderReport } from './pdf.ts';

const A4_WIDTH = 595.28;
const MARGIN = 50;

describe('the report PDF', () => {
  it('prints emoji and accents with embedded fonts and wraps long text within the margins', async () => {
    const words = 'Il paziente riferisce dolore toracico atipico, esami nella norma. '.repeat(31).slice(0, 2000);
    const description = 'Perché la febbre è già scesa, si può tornare a scuola 💉 dopo la vaccinazione. '
      .repeat(8)
      .slice(0, 600);
    const code = 'X'.repeat(300);
    const bytes = await renderReport({
      organisation: 'ASST Test 🏥',
      title: 'Referto con emoji 😀',
      patient: { name: 'Maria Brambilla', fiscalCode: 'BRMMRA36C52F205X', birthDate: '1936-03-12' },
      date: '2026-03-10T09:30:00+01:00',
      facts: [['Nota', `Sto bene grazie ❤️ ${code}`]],
      table: [
        ['Esame', 'Esito'],
        [`Emocromo 🩸 ${'completo '.repeat(40)}`, 'nella norma'],
      ],
      paragraphs: [description, words, 'Cognome del donatore: 李'],
      signedBy: 'Dr. Anna Verdi',
    });
    const lines = (await pdfLines(bytes)).flat();
    const text = lines.map((line) => line.text).join(' ');
    expect(text).not.toContain('?');
    const withEmoji = ['ASST Test 🏥', 'REFERTO CON EMOJI 😀', 'Sto bene grazie ❤', 'Emocromo 🩸', 'Perché'];
    for (const expected of withEmoji) {
      expect(text).toContain(expected);
    }
    // A character neither Noto Sans nor Noto Emoji has is still visible, as its code point.
    expect(text).toContain('Cognome del donatore: [U+674E]');
    // Nothing lost: the description, the paragraph and the code come back whole once the lines are joined.
    const joined = text.replace(/\s+/g, ' ');
    expect(joined).toContain(description.trim().replace(/\s+/g, ' '));
    expect(joined).toContain(words.trim().replace(/\s+/g, ' '));
    expect(lines.map((line) => line.text).join('')).toContain(code);
    expect(lines.filter((line) => line.text.includes('💉')).length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.left).toBeGreaterThanOrEqual(MARGIN);
      expect(line.right).toBeLessThanOrEqual(A4_WIDTH - MARGIN);
    }
    // The fonts are embedded as subsets: Noto Sans and Noto Emoji whole would be 2 MB.
    expect(bytes.length).toBeLessThan(60_000);
  });
});
