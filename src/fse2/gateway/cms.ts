/**
 * The CMS SignedData of a PAdES signature, read by @peculiar/asn1-cms and checked with node:crypto (ADR 0027).
 * pkijs did both in 6.4-6.7 ms of event-loop CPU per publication (RAD sample): asn1js's parse 1.5, pkijs's schema
 * comparison 3.0, WebCrypto key import and check 0.6. asn1-cms maps the same DER to classes in ~2 ms and keeps the
 * signed attributes' own bytes (`signedAttrsRaw`), which is what RFC 5652 5.4 signs; node:crypto checks the
 * signature synchronously with the certificate's key. The checks are pkijs's `verify({ signer: 0, checkChain:
 * false })`: the messageDigest attribute against the digest of the signed bytes, then the signature over the signed
 * attributes (or over the bytes when there are none), by the certificate the signer identifies by issuer and serial.
 * Anything else (a signer named by key identifier, RSA-PSS, an algorithm outside the tables below) goes to pkijs as
 * before: `checkSignerInfo` answers null and the caller asks pkijs.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { SignedData, UnprotectedAttributes } from '@peculiar/asn1-cms';
import { AsnConvert, AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';

const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

/** Digest algorithm OIDs (RFC 5754, RFC 3370) as node:crypto names them. */
const DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * Signature algorithms: the digest they name, or null for a bare key algorithm (rsaEncryption, ecPublicKey) whose
 * digest is the SignerInfo's digestAlgorithm (RFC 5754 3.2, RFC 5753 7.1.1). ECDSA's CMS value is DER, node's default.
 */
const SIGNATURES: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.1': null,
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': null,
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/**
 * asn1-cms's ContentInfo (RFC 5652 3: contentType, [0] EXPLICIT content) with the content mapped to SignedData in
 * the same pass. asn1-cms's own keeps the content as bytes (ANY) after asn1js has read all of it, and reading those
 * bytes as SignedData parses them a second time: 0.9 of 2.2 ms on the RAD sample. The decorators are asn1-schema's,
 * called as functions (type stripping has no decorator syntax).
 */
class SignedDataContentInfo {
  contentType = '';
  content = new SignedData();
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(SignedDataContentInfo.prototype, 'contentType');
AsnProp({ type: SignedData, context: 0 })(SignedDataContentInfo.prototype, 'content');

/** Throws when `der` is not a ContentInfo carrying a SignedData (its first DER value; the rest is padding). */
export function parseSignedData(der: Uint8Array): SignedData {
  return AsnConvert.parse(der, SignedDataContentInfo).content;
}

const sameBytes = (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean =>
  Buffer.from(a instanceof ArrayBuffer ? a : a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)).equals(
    Buffer.from(b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
  );

/**
 * The first signer's check over `data`: true (verified), false (the digest or the signature does not match), or
 * null when this path does not cover the signature. Only `true` is final: pdf.ts asks pkijs for any other answer,
 * so a refusal is always pkijs's verdict, as before (a refused signature costs its 6 ms, an accepted one does not).
 */
export function checkSignerInfo(signed: SignedData, data: Uint8Array): boolean | null {
  const signer = signed.signerInfos[0];
  const byIssuer = signer?.sid.issuerAndSerialNumber;
  if (signer === undefined || byIssuer === undefined) return null;
  const digest = DIGESTS[signer.digestAlgorithm.algorithm];
  const named = SIGNATURES[signer.signatureAlgorithm.algorithm];
  if (digest === undefined || named === undefined) return null;
  const issuer = AsnConvert.serialize(byIssuer.issuer);
  const certificate = Array.from(signed.certificates ?? [], (choice) => choice.certificate).find(
    (c) =>
      c !== undefined &&
      sameBytes(c.tbsCertificate.serialNumber, byIssuer.serialNumber) &&
      sameBytes(AsnConvert.serialize(c.tbsCertificate.issuer), issuer),
  );
  if (certificate === undefined) return null;
  let signedContent: Uint8Array = data;
  if (signer.signedAttrs !== undefined) {
    const attribute = signer.signedAttrs.find((a) => a.attrType === MESSAGE_DIGEST);
    const value = attribute?.attrValues[0];
    if (value === undefined) return null;
    const messageDigest = AsnConvert.parse(value, OctetString);
    if (!sameBytes(messageDigest.buffer, createHash(digest).update(data).digest())) return false;
    // The signature covers the attributes' DER as a SET OF Attribute (RFC 5652 5.4), not under the [0] IMPLICIT tag
    // they carry. asn1-cms 2.11 does not keep their bytes (signedAttrsRaw stays unset for a repeated field), so they
    // are encoded again as asn1-cms's SET OF Attribute (UnprotectedAttributes), each value's own bytes kept: the
    // same bytes whenever the signer encoded them in DER, as 5.4 requires; otherwise pkijs decides (see pdf.ts).
    signedContent = new Uint8Array(AsnConvert.serialize(new UnprotectedAttributes(signer.signedAttrs)));
  }
  try {
    const key = createPublicKey({
      key: Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo)),
      format: 'der',
      type: 'spki',
    });
    return verify(named ?? digest, signedContent, key, new Uint8Array(signer.signature.buffer));
  } catch {
    return null;
  }
}
