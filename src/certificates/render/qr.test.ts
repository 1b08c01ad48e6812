import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload } from '../payload.ts';
import { decodePng } from '../../../test/support/certificates/png.ts';
import { isoDay, signed, testKeys, vaccination, type TestKeys } from '../../../test/support/certificates/fixtures.ts';
import { newUvci } from '../uvci.ts';
import { QR_MARGIN_MODULES, QR_SCALE, qrPng } from './qr.ts';

let fixture: TestKeys;
let hc1 = '';
beforeAll(async () => {
  fixture = await testKeys();
  const payload = buildPayload(vaccination('Immunization/1', isoDay(new Date(), -1)), newUvci(), 'Regione Lombardia');
  hc1 = signed(fixture.keys, payload);
});
afterAll(() => {
  fixture.remove();
});

/** The symbol's modules as read from the pixels: true = dark, [row][column]. */
function modulesOf(png: Buffer): boolean[][] {
  const { width, height, data } = decodePng(png);
  expect(width).toBe(height);
  expect(width % QR_SCALE).toBe(0);
  const size = width / QR_SCALE - 2 * QR_MARGIN_MODULES;
  const dark = (x: number, y: number) => (data[(y * width + x) * 4] ?? 255) < 128;
  const centre = (m: number) => (m + QR_MARGIN_MODULES) * QR_SCALE + QR_SCALE / 2;
  // The quiet zone must be light all round.
  for (let i = 0; i < width; i++)
    expect(dark(i, 1) || dark(1, i) || dark(i, width - 2) || dark(width - 2, i)).toBe(false);
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => dark(centre(col), centre(row))),
  );
}

/** The 15 format bits around the top-left finder, and their copy split between the other two. */
function formatCopies(m: boolean[][]): [number, number] {
  const n = m.length;
  const at = (row: number, col: number) => (m[row]?.[col] ? 1 : 0);
  const first: [number, number][] = [
    ...[0, 1, 2, 3, 4, 5, 7, 8].map((col): [number, number] => [8, col]),
    ...[7, 5, 4, 3, 2, 1, 0].map((row): [number, number] => [row, 8]),
  ];
  const second: [number, number][] = [
    ...[1, 2, 3, 4, 5, 6, 7].map((k): [number, number] => [n - k, 8]),
    ...[8, 7, 6, 5, 4, 3, 2, 1].map((k): [number, number] => [8, n - k]),
  ];
  const read = (cells: [number, number][]) => cells.reduce((bits, [row, col]) => (bits << 1) | at(row, col), 0);
  return [read(first), read(second)];
}

/** ISO/IEC 18004 format word: 2 EC bits + 3 mask bits, BCH(15,5), XOR 101010000010010. */
function formatWord(ecBits: number, mask: number): number {
  const data = (ecBits << 3) | mask;
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if ((rem >> bit) & 1) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
}

describe('qrPng', () => {
  it('draws exactly the QR symbol of the HC1 string, in alphanumeric mode', async () => {
    const png = await qrPng(hc1);
    const symbol = QRCode.create(hc1, { errorCorrectionLevel: 'Q' });
    const modules = modulesOf(png);
    expect(modules).toHaveLength(symbol.modules.size);
    modules.forEach((row, r) => {
      row.forEach((isDark, c) => {
        expect(isDark, `module ${r},${c}`).toBe(symbol.modules.get(r, c) === 1);
      });
    });
    expect(symbol.segments.map((s) => s.mode.id)).not.toContain('Byte');
    expect(symbol.segments.map((s) => s.data).join('')).toBe(hc1);
  });

  it('uses error correction level Q, as the format bits in the image say', async () => {
    const [first, second] = formatCopies(modulesOf(await qrPng(hc1)));
    expect(second).toBe(first);
    // EC indicator bits: L = 01, M = 00, Q = 11, H = 10.
    const levelQ = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => formatWord(0b11, mask));
    expect(levelQ).toContain(first);
  });
});
