import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { embedFonts } from './pdf-fonts.ts';
import { drawLine } from './pdf-text.ts';

async function onePage(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-12-07T10:00:00Z'));
  doc.setModificationDate(new Date('2026-12-07T10:00:00Z'));
  const fonts = await embedFonts(doc);
  drawLine(doc.addPage(), fonts.regular, text, { x: 40, y: 700, size: 12 });
  return doc.save();
}

describe('embedded fonts', () => {
  it('parses each font file once per process, however many documents embed it', async () => {
    const create = vi.spyOn(fontkit, 'create');
    await onePage('Łukasiewicz-Żółć 😀');
    const afterFirst = create.mock.calls.length;
    for (const name of ['Maria Brambilla', 'Perché è già', 'Ünal ❤']) await onePage(name);
    expect(create.mock.calls.length).toBe(afterFirst);
    create.mockRestore();
  });

  it('gives the same bytes for the same text, whether or not other documents used the font in between', async () => {
    const first = await onePage('Łukasiewicz-Żółć 😀 Perché');
    await onePage('Ἀριστοτέλης Достоевский 💉');
    expect(Buffer.from(await onePage('Łukasiewicz-Żółć 😀 Perché')).equals(Buffer.from(first))).toBe(true);
  });
});
