import { join } from 'node:path';
import { PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchemaDir } from '../codec/index.ts';
import { buildPayload } from '../payload.ts';
import type { IssueRequest } from '../payload.ts';
import { pdfLines, pdfText } from '../../../test/support/certificates/pdf-text.ts';
import {
  HOLDER,
  isoDay,
  rapidTest,
  recovery,
  signed,
  testKeys,
  vaccination,
  type TestKeys,
} from '../../../test/support/certificates/fixtures.ts';
import { newUvci } from '../uvci.ts';
import { certificatePdf } from './pdf.ts';
import { qrPng } from './qr.ts';
import { loadValueSetLabels } from './value-sets.ts';

const labels = loadValueSetLabels(join(defaultSchemaDir(), 'valuesets'));
const issuedAt = new Date('2026-03-02T09:30:00Z');
let fixture: TestKeys;
beforeAll(async () => {
  fixture = await testKeys();
});
afterAll(() => {
  fixture.remove();
});

async function render(request: IssueRequest) {
  const uvci = newUvci();
  const payload = buildPayload(request, uvci, 'Regione Lombardia');
  const png = await qrPng(signed(fixture.keys, payload));
  const bytes = await certificatePdf({ payload, uvci, qrPng: png, issuedAt }, labels);
  const { pages, doc } = await pdfText(bytes);
  return { uvci, bytes, doc, pages, text: pages.flat().join('\n') };
}

describe('certificatePdf', () => {
  it('prints a vaccination certificate in Italian and English on one A4 page', async () => {
    const { uvci, doc, pages, text } = await render(vaccination('Immunization/9', '2026-02-20'));
    expect(pages).toHaveLength(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    for (const expected of [
      "CERTIFICATO COVID DIGITALE DELL'UE",
      'EU DIGITAL COVID CERTIFICATE',
      'Certificato di vaccinazione / Vaccination certificate',
      "D'Àlessandro Fontanà, Maria Lucia", // accents survive: the embedded Noto Sans has them
      'DALESSANDRO<FONTANA<<MARIA<LUCIA',
      'Data di nascita',
      'Date of birth',
      HOLDER.birthDate,
      'Comirnaty',
      'Biontech Manufacturing GmbH',
      '2/2',
      '2026-02-20',
      'Italia / Italy',
      'Regione Lombardia',
      'Unique certificate identifier',
      uvci,
      'Issued on 2026-03-02.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(doc.getTitle()).toContain('EU Digital COVID Certificate');
    expect(doc.getSubject()).toBe(uvci);
  });

  it('embeds the QR code as an image', async () => {
    const { doc } = await render(vaccination('Immunization/10', '2026-02-20'));
    const images = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (o): o is PDFRawStream =>
          o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      );
    expect(images.length).toBeGreaterThanOrEqual(1);
  });

  it('prints the key fields of a test and of a recovery', async () => {
    const test = await render(rapidTest('Observation/1', new Date('2026-03-02T08:00:00Z')));
    for (const expected of [
      'Certificato di test / Test certificate',
      'Test antigenico rapido / Rapid immunoassay',
      'Non rilevato / Not detected',
      '2026-03-02T08:00:00Z',
      'Farmacia Centrale, Milano',
      'Abbott Rapid Diagnostics',
    ]) {
      expect(test.text).toContain(expected);
    }
    const rec = await render(
      recovery('Condition/1', isoDay(issuedAt, -20), isoDay(issuedAt, -9), isoDay(issuedAt, 160)),
    );
    for (const expected of [
      'Certificato di guarigione / Certificate of recovery',
      'Valido fino al',
      isoDay(issuedAt, 160),
    ]) {
      expect(rec.text).toContain(expected);
    }
  });

  it(
    'prints names outside WinAnsi with their own letters, and a ' + 'visible code point where no font has one',
    async () => {
      // Issue #17: "Ł", "Ż" and "ć" used to lose their accents and "李" printed as "?".
      const holder = { familyName: 'Łukasiewicz-Żółć', givenName: 'Wojciech 李' };
      const { bytes, text } = await render(vaccination('Immunization/11', '2026-02-20', holder));
      expect(text).toContain('Łukasiewicz-Żółć, Wojciech [U+674E]');
      expect(text).not.toContain('?');
      expect(text).toContain('LUKASIEWICZ<ZOLC<<WOJCIECH');
      for (const line of (await pdfLines(bytes)).flat()) {
        expect(line.left).toBeGreaterThanOrEqual(48);
        expect(line.right).toBeLessThanOrEqual(595.28 - 48);
      }
    },
  );

  it('gives the same bytes for the same certificate', async () => {
    const uvci = newUvci();
    const payload = buildPayload(vaccination('Immunization/12', '2026-02-20'), uvci, 'Regione Lombardia');
    const png = await qrPng(signed(fixture.keys, payload));
    const once = await certificatePdf({ payload, uvci, qrPng: png, issuedAt }, labels);
    const twice = await certificatePdf({ payload, uvci, qrPng: png, issuedAt }, labels);
    expect(Buffer.from(twice).equals(Buffer.from(once))).toBe(true);
    expect(Buffer.from(once).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
