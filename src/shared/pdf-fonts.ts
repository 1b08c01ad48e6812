/**
 * The fonts Salus embeds in its PDFs (issue #17: emoji printed as "??", names outside
 * Windows-1252 lost their letters). pdf-lib's standard fonts encode WinAnsi only, so each PDF
 * embeds, through @pdf-lib/fontkit, a chain of real fonts tried in order for every character:
 *
 * - Noto Sans (regular, bold): Latin, Greek, Cyrillic and Vietnamese, 3,700 glyphs;
 * - Noto Emoji, the monochrome one: 1,900 emoji, printable in black and white.
 *
 * Both come from npm (`@expo-google-fonts/noto-sans` 0.4.2 and `@expo-google-fonts/noto-emoji`
 * 0.4.7: Google Fonts' static TTF instances, SIL Open Font License 1.1, LICENSE_FONT in each
 * package), so `npm ci` alone brings them. They are embedded as subsets: a page carries only the
 * glyphs it draws, a few kB instead of 630 kB + 890 kB.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';

/** One font of a chain and the code points it has a glyph for. */
export type FontFace = { readonly font: PDFFont; readonly covers: (codePoint: number) => boolean };
/** Fonts tried in order, character by character; the first one is the text's own. */
export type FontChain = readonly FontFace[];
export type PdfFonts = { readonly regular: FontChain; readonly bold: FontChain; readonly mono: FontChain };

const files = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  emoji: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
} as const;
type FontFile = keyof typeof files;

// The font files never change while the process runs: read each once (2.1 MB in all) rather than per PDF.
const bytes = new Map<FontFile, Promise<Buffer>>();
function fontBytes(file: FontFile): Promise<Buffer> {
  let read = bytes.get(file);
  if (read === undefined) {
    read = readFile(createRequire(import.meta.url).resolve(files[file]));
    bytes.set(file, read);
  }
  return read;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type ParsedFont = ReturnType<Fontkit['create']>;

// One parsed font per file for the whole process. pdf-lib parses the bytes afresh for every document,
// and fontkit builds a font's shaping tables on its first layout: for Noto Sans, with its large GPOS
// kerning table, about 200 ms, paid on every certificate (9 printed/s before the fonts, 3-4 after).
// A parsed font is only read after parsing; each document still takes its own subset of it.
const parsed = new WeakMap<Uint8Array, ParsedFont>();
const sharedFontkit: Fontkit = {
  create(buffer, postscriptName) {
    let font = parsed.get(buffer);
    if (font === undefined) {
      font = fontkit.create(buffer, postscriptName);
      parsed.set(buffer, font);
    }
    return font;
  },
};

/** Embeds the regular, bold and monospaced chains into `doc`; each ends with the emoji font. */
export async function embedFonts(doc: PDFDocument): Promise<PdfFonts> {
  doc.registerFontkit(sharedFontkit);
  const embed = async (file: FontFile, name: string): Promise<FontFace> => {
    const data = await fontBytes(file);
    const coverage = sharedFontkit.create(data);
    // A fixed name keeps the output byte-for-byte reproducible: pdf-lib would add a random suffix.
    const font = await doc.embedFont(data, { subset: true, customName: name });
    return { font, covers: (codePoint) => coverage.hasGlyphForCodePoint(codePoint) };
  };
  const [regular, bold, emoji] = await Promise.all([
    embed('regular', 'NotoSans-Regular'),
    embed('bold', 'NotoSans-Bold'),
    embed('emoji', 'NotoEmoji-Regular'),
  ]);
  // Codes (UVCI, ICAO names) stay in Courier, which covers their ASCII; the rest falls back as usual.
  const courier = await doc.embedFont(StandardFonts.Courier);
  const mono: FontFace = { font: courier, covers: (codePoint) => winAnsi(courier, codePoint) };
  return { regular: [regular, emoji], bold: [bold, emoji], mono: [mono, regular, emoji] };
}

function winAnsi(font: PDFFont, codePoint: number): boolean {
  try {
    font.encodeText(String.fromCodePoint(codePoint));
    return true;
  } catch {
    return false;
  }
}
