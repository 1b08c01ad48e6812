import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { contentsBytes, extractCda, loadPdf } from './pdf.ts';

const SAMPLES = join(FSE2_TESTDATA, 'publication-samples');
const everySample = (): string[] =>
  readdirSync(SAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SAMPLES, d.name)).map((f) => join(SAMPLES, d.name, f)))
    .filter((f) => f.endsWith('.pdf'));

describe("the Gateway's PDF parse", () => {
  it('reads every national sample into the same objects as PDFDocument.load, and the same CDA', async () => {
    let compared = 0;
    for (const path of everySample()) {
      const bytes = readFileSync(path);
      const options = { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true };
      const reference = await PDFDocument.load(bytes, options).catch(() => null);
      const ours = await loadPdf(bytes).catch(() => null);
      // Both refuse the same files.
      expect(ours === null, path).toBe(reference === null);
      if (reference === null || ours === null) continue;
      const objects = (context: PDFDocument['context']) =>
        context.enumerateIndirectObjects().map(([ref, object]) => `${ref.toString()} ${object.toString()}`);
      expect(objects(ours.context), path).toEqual(objects(reference.context));
      expect(ours.catalog.toString(), path).toBe(reference.catalog.toString());
      for (const mode of ['ATTACHMENT', 'RESOURCE'] as const) {
        const cda = (pdf: Parameters<typeof extractCda>[0]) => {
          try {
            return extractCda(pdf, mode).toString('base64');
          } catch {
            return null;
          }
        };
        expect(cda(ours), path).toBe(cda(reference));
      }
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });

  it('refuses a hex string that never ends, as pdf-lib does', async () => {
    const broken = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Contents <30820a >>\nendobj\n');
    await expect(loadPdf(broken)).rejects.toThrow(/cannot be read/);
  });
});

describe("a PAdES signature's Contents as bytes", () => {
  it("reads every signed national sample's Contents exactly as pdf-lib's own decoder does", async () => {
    let signatures = 0;
    for (const folder of readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const name of readdirSync(join(SAMPLES, folder.name)).filter((f) => f.endsWith('.pdf'))) {
        // A sample pdf-lib cannot read is refused before any signature is looked at (bad-input tests).
        const pdf = await loadPdf(readFileSync(join(SAMPLES, folder.name, name))).catch(() => null);
        if (pdf === null) continue;
        for (const [, object] of pdf.context.enumerateIndirectObjects()) {
          if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('ByteRange'), PDFArray) === undefined)
            continue;
          const contents = object.lookup(PDFName.of('Contents'));
          if (!(contents instanceof PDFHexString)) continue;
          expect(Buffer.from(contentsBytes(contents)).equals(Buffer.from(contents.asBytes())), name).toBe(true);
          signatures += 1;
        }
      }
    }
    expect(signatures).toBeGreaterThanOrEqual(10);
  });

  it('falls back to pdf-lib for whitespace, an odd count of digits and a literal string', () => {
    for (const contents of [
      PDFHexString.of('30 82\n0a0B'),
      PDFHexString.of('3082a'),
      PDFHexString.of('zz30'),
      PDFString.of('0\x82'),
    ]) {
      expect(Buffer.from(contentsBytes(contents))).toEqual(Buffer.from(contents.asBytes()));
    }
    expect(Buffer.from(contentsBytes(PDFHexString.of('3082ff00'))).toString('hex')).toBe('3082ff00');
  });
});
