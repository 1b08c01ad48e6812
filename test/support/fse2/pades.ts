import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PDFArray, PDFDocument, PDFHexString, PDFNumber } from 'pdf-lib';
import * as pkijs from 'pkijs';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));

/** Reserved for the CMS in /Contents: 8 KiB, hex-encoded (a 2048-bit RSA signature with its certificate is ~1.5). */
const CONTENTS_HEX = 16_384;
const PLACEHOLDER = 9_999_999_999;

/**
 * Signs a PDF as PAdES (SubFilter ETSI.CAdES.detached) with a fresh self-signed key, as a facility's signing
 * software does, so tests can publish any CDA2 through the Gateway (which refuses unsigned publications). Only what
 * the Gateway checks (ADR 0011): the ByteRange, the CMS messageDigest and the signature over the signed attributes.
 */
export async function padesSigned(pdfBytes: Uint8Array): Promise<Buffer> {
  const pdf = await PDFDocument.load(pdfBytes);
  const range = PDFArray.withContext(pdf.context);
  for (const n of [0, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]) range.push(PDFNumber.of(n));
  pdf.context.register(
    pdf.context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      ByteRange: range,
      Contents: PDFHexString.of('0'.repeat(CONTENTS_HEX)),
    }),
  );
  const file = Buffer.from(await pdf.save({ useObjectStreams: false }));
  const rangeText = range.toString();
  const rangeAt = file.indexOf(rangeText);
  const contentsAt = file.indexOf(`<${'0'.repeat(CONTENTS_HEX)}>`);
  if (rangeAt < 0 || contentsAt < 0) throw new Error('signature placeholders not found in the saved PDF');
  const after = contentsAt + CONTENTS_HEX + 2;
  const actual = `[ 0 ${contentsAt} ${after} ${file.length - after}`;
  file.write(`${actual}${' '.repeat(rangeText.length - actual.length - 1)}]`, rangeAt, 'latin1');
  const signed = Buffer.concat([file.subarray(0, contentsAt), file.subarray(after)]);
  const cms = Buffer.from(await cmsSignature(signed)).toString('hex');
  if (cms.length > CONTENTS_HEX) throw new Error('CMS larger than the reserved /Contents');
  file.write(cms, contentsAt + 1, 'latin1');
  return file;
}

async function cmsSignature(data: Buffer): Promise<ArrayBuffer> {
  await import('reflect-metadata'); // @peculiar/x509's tsyringe needs it first (see certificates/keys.ts)
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const generated = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '02',
    name: 'CN=Firma di prova Salus',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const certificate = pkijs.Certificate.fromBER(generated.rawData);
  const digest = createHash('sha256').update(data).digest();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.3', // contentType: data
              values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.4', // messageDigest of the byte range
              values: [new asn1js.OctetString({ valueHex: new Uint8Array(digest).buffer })],
            }),
          ],
        }),
      }),
    ],
    certificates: [certificate],
  });
  await signedData.sign(keys.privateKey, 0, 'SHA-256', new Uint8Array(data).buffer);
  return new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) })
    .toSchema()
    .toBER(false);
}
