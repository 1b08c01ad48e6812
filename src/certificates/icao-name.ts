/**
 * Names in the DCC's standardised form (`fnt`, `gnt`): ICAO Doc 9303 part 3
 * transliteration, as in a passport's machine-readable zone. Capital A-Z only,
 * "<" between name parts, apostrophes dropped: "D'Àlessandro Fontanà" becomes
 * "DALESSANDRO<FONTANA".
 */

// ICAO 9303 part 3, §6 table: letters that do not reduce to one base letter.
const SPECIAL: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Æ: 'AE',
  Å: 'AA',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  Ü: 'UE',
  ß: 'SS',
  Þ: 'TH',
  Ð: 'D',
  Đ: 'D',
  Ł: 'L',
  Ħ: 'H',
  Ŧ: 'T',
  Ŋ: 'N',
  Ĳ: 'IJ',
  ı: 'I',
};

// The DCC schema bounds fnt and gnt to 80 characters.
const MAX_LENGTH = 80;

export function icaoName(name: string): string {
  const upper = name.normalize('NFC').toUpperCase();
  let out = '';
  for (const char of upper) {
    const special = SPECIAL[char] ?? SPECIAL[char.toLowerCase()];
    if (special !== undefined) {
      out += special;
      continue;
    }
    // Accents go: "À" decomposes to "A" and a combining mark, which is dropped.
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[A-Z]+$/.test(base)) out += base;
    else if (/^[\s\-‐‑]$/u.test(char)) out += '<';
    // Anything else (apostrophes, dots, digits, other scripts) is left out.
  }
  // Cut to length last, then drop a "<" the cut may have left at the end.
  return out.replace(/<+/g, '<').replace(/^<|<$/g, '').slice(0, MAX_LENGTH).replace(/<$/, '');
}
