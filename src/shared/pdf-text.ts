/**
 * Text drawn with a chain of embedded fonts (./pdf-fonts.ts), issue #17.
 *
 * - `runs` splits text into runs, each drawn with the first font of the chain that has a glyph for
 *   its characters: "Sto bene 💉" is Noto Sans then Noto Emoji. A character no font has (a CJK
 *   ideograph: Noto Sans has none) is written as its code point, "[U+674E]", in the chain's first
 *   font, so a reader still sees that something was there: never a silent "?".
 * - `wrapToWidth` breaks text into lines no wider than a column, measured run by run with the
 *   fonts that draw it; a word wider than the column (a code, a URL) is cut between characters.
 */
import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import type { FontChain } from './pdf-fonts.ts';

export type Run = { readonly text: string; readonly font: PDFFont };

// Zero-width joiners and variation selectors join the run before them (a ZWJ emoji sequence, "❤️"),
// and vanish where that font lacks them: they are never worth a placeholder.
const joining = /^[\p{Cf}\uFE00-\uFE0F]$/u;

/** Line breaks and tabs become spaces; composed (NFC) letters match the fonts' cmaps. */
export function singleLine(text: string): string {
  return text.normalize('NFC').replace(/[\n\r\t]/g, ' ');
}

export function runs(chain: FontChain, text: string): Run[] {
  const [first] = chain;
  if (first === undefined) throw new Error('an empty font chain');
  const out: { text: string; font: PDFFont }[] = [];
  let current: (typeof chain)[number] | undefined;
  const append = (font: PDFFont, piece: string) => {
    const last = out.at(-1);
    if (last?.font === font) last.text += piece;
    else out.push({ text: piece, font });
  };
  for (const char of singleLine(text)) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (joining.test(char)) {
      if (current?.covers(codePoint)) append(current.font, char);
      continue;
    }
    const face = chain.find((f) => f.covers(codePoint));
    if (face === undefined) {
      current = first;
      append(first.font, `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`);
      continue;
    }
    current = face;
    append(face.font, char);
  }
  return out;
}

// Advance widths per chain, in thousandths of the font size, measured once per character: fontkit
// shapes every string it measures, 1-5 ms each, and a 2,000-character paragraph took 9 s to wrap.
const advances = new WeakMap<FontChain, Map<string, number>>();

/**
 * The width of `text` at `size`. pdf-lib places glyphs by their advance widths without kerning, so
 * a string is as wide as its characters added up (a ligature only makes it narrower).
 */
export function widthOf(chain: FontChain, text: string, size: number): number {
  let known = advances.get(chain);
  if (known === undefined) {
    known = new Map();
    advances.set(chain, known);
  }
  let total = 0;
  for (const char of singleLine(text)) {
    let advance = known.get(char);
    if (advance === undefined) {
      advance = runs(chain, char).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, 1000), 0);
      known.set(char, advance);
    }
    total += advance;
  }
  return (total * size) / 1000;
}

/**
 * Greedy word wrap to `maxWidth` points at `size`; a line is as wide as its words and spaces added up.
 */
export function wrapToWidth(chain: FontChain, text: string, size: number, maxWidth: number): string[] {
  const width = (s: string) => widthOf(chain, s, size);
  const space = width(' ');
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of singleLine(text).split(/ +/)) {
    const wordWidth = width(word);
    if (line === '' && wordWidth <= maxWidth) {
      [line, lineWidth] = [word, wordWidth];
      continue;
    }
    if (line !== '' && lineWidth + space + wordWidth <= maxWidth) {
      [line, lineWidth] = [`${line} ${word}`, lineWidth + space + wordWidth];
      continue;
    }
    if (line !== '') lines.push(line);
    [line, lineWidth] = ['', 0];
    // A word wider than the column is cut by code point, so an emoji (two UTF-16 units) stays whole.
    for (const char of Array.from(word)) {
      const charWidth = width(char);
      if (line !== '' && lineWidth + charWidth > maxWidth) {
        lines.push(line);
        [line, lineWidth] = ['', 0];
      }
      [line, lineWidth] = [line + char, lineWidth + charWidth];
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Draws one line, run after run, starting at (x, y). */
export function drawLine(
  page: PDFPage,
  chain: FontChain,
  text: string,
  options: { x: number; y: number; size: number; color?: Color },
): void {
  let x = options.x;
  for (const run of runs(chain, text)) {
    page.drawText(run.text, { x, y: options.y, size: options.size, font: run.font, color: options.color });
    x += widthOf(chain, run.text, options.size);
  }
}
