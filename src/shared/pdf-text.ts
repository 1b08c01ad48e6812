/**
 * Text for pdf-lib's standard fonts, which encode WinAnsi (Windows-1252) only.
 *
 * - `printable` keeps what the font can encode and replaces the rest by code point, never by
 *   UTF-16 unit: an emoji is one character, two surrogates, and used to print as "??". Typographic
 *   marks and accented letters outside WinAnsi get their plain form; anything else, an emoji
 *   included, is written as its code point, "[U+1F600]", so a reader can still tell what was there.
 *   Embedding a font that covers emoji would need @pdf-lib/fontkit and a font file of several MB.
 * - `wrapToWidth` breaks text into lines no wider than a column, measured with the font itself;
 *   a word wider than the column (a code, a URL) is cut by characters.
 */
import type { PDFFont } from 'pdf-lib';

const plain: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2026': '...',
  '\u2013': '-',
  '\u2014': '-',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};
// Invisible joiners and emoji/text presentation selectors: nothing to print.
const invisible = new Set(['\u200B', '\u200C', '\u200D', '\uFE0E', '\uFE0F']);

export function printable(font: PDFFont, text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\n' || char === '\t') {
      out += ' ';
      continue;
    }
    if (invisible.has(char)) continue;
    if (canEncode(font, char)) {
      out += char;
      continue;
    }
    const base = plain[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== '' && Array.from(base).every((c) => canEncode(font, c))) {
      out += base;
      continue;
    }
    out += `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return out;
}

/** Greedy word wrap to `maxWidth` points at `size`; expects text already made `printable`. */
export function wrapToWidth(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (!fits(line)) {
      let cut = line.length - 1;
      while (cut > 1 && !fits(line.slice(0, cut))) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Whether the font (a standard one: WinAnsi) has a glyph for `char`. */
export function canEncode(font: PDFFont, char: string): boolean {
  try {
    font.encodeText(char);
    return true;
  } catch {
    return false;
  }
}
