/**
 * Reads the QR code back with an independent decoder, as a phone would.
 * Needs the `jsqr` package (dev dependency): `npm install --save-dev jsqr`.
 */
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload } from '../payload.ts';
import { decodePng } from '../../../test/support/certificates/png.ts';
import {
  isoDay,
  rapidTest,
  recovery,
  signed,
  testKeys,
  vaccination,
  type TestKeys,
} from '../../../test/support/certificates/fixtures.ts';
import { newUvci } from '../uvci.ts';
import { qrPng } from './qr.ts';

// jsqr is CommonJS: under Node's ESM the default import is module.exports, and the
// package sets module.exports.default to the decoder function (see its src/index.ts).
const jsQR = jsQRModule.default;

let fixture: TestKeys;
beforeAll(async () => {
  fixture = await testKeys();
});
afterAll(() => {
  fixture.remove();
});

describe('the QR code PNG', () => {
  it('decodes back to the exact HC1 string for each certificate type', async () => {
    const now = new Date();
    const requests = [
      vaccination('Immunization/1', isoDay(now, -1)),
      rapidTest('Observation/2', new Date(now.getTime() - 3_600_000)),
      recovery('Condition/3', isoDay(now, -30), isoDay(now, -19), isoDay(now, 150)),
    ];
    for (const request of requests) {
      const hc1 = signed(fixture.keys, buildPayload(request, newUvci(), 'Regione Lombardia'));
      const { width, height, data } = decodePng(await qrPng(hc1));
      expect(jsQR(data, width, height)?.data, request.type).toBe(hc1);
    }
  });
});
