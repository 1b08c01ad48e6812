import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { padesSigned } from '../../../test/support/fse2/pades.ts';
import { FSE2_TESTDATA } from '../../../test/support/fse2/testdata.ts';
import { checkSignerInfo, parseSignedData } from './cms.ts';
import { contentsBytes, loadPdf } from './pdf.ts';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));

const SAMPLES = join(FSE2_TESTDATA, 'publication-samples');

/** Each CAdES signature of a PDF: its CMS and the bytes its ByteRange covers (when the range fits the file). */
async function signaturesOf(file: Buffer): Promise<{ der: Uint8Array; data: Buffer }[]> {
  const pdf = await loadPdf(file).catch(() => null);
  if (pdf === null) return [];
  const found: { der: Uint8Array; data: Buffer }[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const range = object.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    const contents = object.lookup(PDFName.of('Contents'));
    const subFilter = object.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText();
    if (range === undefined || !(contents instanceof PDFHexString) || subFilter !== 'ETSI.CAdES.detached') continue;
    const [a, b, c, d] = range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : -1));
    if (a !== 0 || b === undefined || c === undefined || d === undefined || c + d > file.length) continue;
    found.push({ der: contentsBytes(contents), data: Buffer.concat([file.subarray(0, b), file.subarray(c, c + d)]) });
  }
  return found;
}

async function pkijsVerdict(der: Uint8Array, data: Buffer): Promise<boolean> {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(Uint8Array.from(der).buffer).result });
  const signed = new pkijs.SignedData({ schema: info.content });
  return signed.verify({ signer: 0, data: new Uint8Array(data).buffer, checkChain: false }).catch(() => false);
}

describe('the PAdES CMS check with asn1-cms and node:crypto', () => {
  it("gives pkijs's verdict on every signed national sample, on its bytes and on the bytes changed", async () => {
    let compared = 0;
    for (const folder of readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const name of readdirSync(join(SAMPLES, folder.name)).filter((f) => f.endsWith('.pdf'))) {
        for (const { der, data } of await signaturesOf(readFileSync(join(SAMPLES, folder.name, name)))) {
          const signed = parseSignedData(der);
          const ours = checkSignerInfo(signed, data);
          // The national samples are signed by issuer and serial with RSA: the path covers them all.
          expect(ours, name).not.toBeNull();
          expect(ours, name).toBe(await pkijsVerdict(der, data));
          const changed = Buffer.from(data);
          changed[changed.length >> 1] = (changed[changed.length >> 1] ?? 0) ^ 0x01;
          expect(checkSignerInfo(signed, changed), name).toBe(false);
          expect(await pkijsVerdict(der, changed), name).toBe(false);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('verifies a signature of the test signer (fresh self-signed key), refuses it changed', async () => {
    const pdf = readFileSync(join(SAMPLES, 'accreditamento', 'SIGNED_RAD1.pdf'));
    // The sample's own signature no longer covers the re-saved file; the one padesSigned adds is the last.
    const signature = (await signaturesOf(await padesSigned(pdf))).at(-1);
    if (signature === undefined) throw new Error('padesSigned made no CAdES signature');
    expect(checkSignerInfo(parseSignedData(signature.der), signature.data)).toBe(true);
    const signed = parseSignedData(signature.der);
    const signer = signed.signerInfos[0];
    if (signer === undefined) throw new Error('no signer');
    const bytes = new Uint8Array(signer.signature.buffer);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    expect(checkSignerInfo(signed, signature.data)).toBe(false);
    expect(await pkijsVerdict(signature.der, signature.data)).toBe(true);
  });

  it('leaves to pkijs what it does not cover: a signer named by key identifier, an unknown algorithm', async () => {
    const pdf = readFileSync(join(SAMPLES, 'accreditamento', 'SIGNED_RAD1.pdf'));
    const [signature] = await signaturesOf(pdf);
    if (signature === undefined) throw new Error('SIGNED_RAD1 has no CAdES signature');
    const unknown = parseSignedData(signature.der);
    const signer = unknown.signerInfos[0];
    if (signer === undefined) throw new Error('no signer');
    signer.signatureAlgorithm.algorithm = '1.2.840.113549.1.1.10'; // RSASSA-PSS: its parameters are pkijs's
    expect(checkSignerInfo(unknown, signature.data)).toBeNull();
    const byKey = parseSignedData(signature.der);
    const first = byKey.signerInfos[0];
    if (first === undefined) throw new Error('no signer');
    first.sid.issuerAndSerialNumber = undefined;
    expect(checkSignerInfo(byKey, signature.data)).toBeNull();
    expect(() => parseSignedData(Buffer.from('not a CMS'))).toThrow();
  });
});
