import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import * as pkijs from 'pkijs';
import type { SignedData } from '@peculiar/asn1-cms';
import { checkSignerInfo, parseSignedData } from './cms.ts';
import { gatewayError } from './errors.ts';
import { parsePdf, type ParsedPdf } from './pdf-parser.ts';

export type InjectionMode = 'ATTACHMENT' | 'RESOURCE';

/** The national Gateway's file name for the CDA attached to the PDF (ATTACHMENT mode). */
const CDA_FILE_NAME = 'cda.xml';
// PAdES baseline (ETSI EN 319 142-1): CAdES detached; document time-stamps use RFC 3161.
const PADES = new Set(['ETSI.CAdES.detached', 'ETSI.RFC3161']);

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));

export type { ParsedPdf } from './pdf-parser.ts';

export async function loadPdf(bytes: Buffer): Promise<ParsedPdf> {
  if (bytes.length === 0) throw gatewayError('empty_file', 'The multipart part "file" is empty: send the PDF.');
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw gatewayError(
      'not_pdf',
      'The file is not a PDF (it does not start with %PDF-): send the PDF carrying the CDA.',
    );
  }
  try {
    return await parsePdf(bytes);
  } catch (error) {
    throw gatewayError('cda_extraction', `The PDF cannot be read (${(error as Error).message.slice(0, 200)}).`);
  }
}

const streamBytes = (stream: unknown): Buffer | null => {
  if (stream instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(stream).decode());
  if (stream instanceof PDFStream) return Buffer.from(stream.getContents());
  return null;
};

/** Every (name, file specification) pair of the catalog's EmbeddedFiles name tree. */
function embeddedFiles(pdf: ParsedPdf): { name: string; spec: PDFDict }[] {
  const found: { name: string; spec: PDFDict }[] = [];
  const root = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict, depth: number): void => {
    // A name tree is shallow; 32 levels stop a crafted cycle long before the stack does.
    if (depth > 32 || seen.has(node)) return;
    seen.add(node);
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; i < (kids?.size() ?? 0); i++) {
      const kid = kids?.lookup(i);
      if (kid instanceof PDFDict) walk(kid, depth + 1);
    }
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; i + 1 < (names?.size() ?? 0); i += 2) {
      const key = names?.lookup(i);
      const spec = names?.lookup(i + 1);
      if ((key instanceof PDFString || key instanceof PDFHexString) && spec instanceof PDFDict)
        found.push({ name: key.decodeText(), spec });
    }
  };
  if (root !== undefined) walk(root, 0);
  return found;
}

function attachedCda(pdf: ParsedPdf): Buffer | null {
  const entry = embeddedFiles(pdf).find((f) => f.name.toLowerCase() === CDA_FILE_NAME);
  const file = entry?.spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
  return file === undefined ? null : streamBytes(file);
}

/** RESOURCE mode: the CDA travels in the AcroForm's XFA "datasets" packet. */
function resourceCda(pdf: ParsedPdf): Buffer | null {
  const xfa = pdf.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict)?.lookup(PDFName.of('XFA'));
  const packets: unknown[] = [];
  if (xfa instanceof PDFArray) {
    for (let i = 0; i + 1 < xfa.size(); i += 2) {
      const name = xfa.lookup(i);
      if ((name instanceof PDFString || name instanceof PDFHexString) && name.decodeText() === 'datasets')
        packets.push(xfa.lookup(i + 1));
    }
  } else if (xfa !== undefined) packets.push(xfa);
  // A signature added as an incremental update may rewrite the AcroForm without /XFA while the datasets
  // stream stays in the file (resource/CDA_RESOURCE.pdf): look for the packet itself then.
  if (packets.length === 0) packets.push(...datasetsStreams(pdf));
  for (const packet of packets) {
    const bytes = streamBytes(packet);
    if (bytes === null) continue;
    const text = bytes.toString('utf8');
    const start = text.search(/<(?:[A-Za-z_][\w.-]*:)?ClinicalDocument[\s>]/);
    const end = text.search(/<\/(?:[A-Za-z_][\w.-]*:)?ClinicalDocument\s*>/);
    if (start < 0 || end < start) continue;
    const close = text.indexOf('>', end) + 1;
    return Buffer.from(text.slice(start, close), 'utf8');
  }
  return null;
}

/** Streams that are an XFA "datasets" packet, wherever they are referenced from. */
function datasetsStreams(pdf: ParsedPdf): PDFRawStream[] {
  const found: PDFRawStream[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype')) !== undefined) continue;
    try {
      const head = Buffer.from(decodePDFRawStream(object).decode()).subarray(0, 64).toString('latin1');
      if (head.trimStart().startsWith('<xfa:datasets')) found.push(object);
    } catch {
      // a stream with a filter pdf-lib cannot decode (images): not a datasets packet
    }
  }
  return found;
}

/** The CDA the PDF carries, as the national Gateway finds it for the given mode. */
export function extractCda(pdf: ParsedPdf, mode: InjectionMode): Buffer {
  const cda = mode === 'RESOURCE' ? resourceCda(pdf) : attachedCda(pdf);
  if (cda === null || cda.length === 0) {
    const names = embeddedFiles(pdf).map((f) => f.name);
    throw gatewayError(
      'cda_extraction',
      mode === 'RESOURCE'
        ? 'No CDA found in the PDF\'s XFA "datasets" resource (mode RESOURCE). Inject the ClinicalDocument there, ' +
            'or send mode ATTACHMENT with the CDA attached as "cda.xml".'
        : `No embedded file named "cda.xml" in the PDF (mode ATTACHMENT); it carries ${
            names.length === 0 ? 'no embedded file' : `only ${names.map((n) => `"${n}"`).join(', ')}`
          }. Attach the CDA as "cda.xml".`,
    );
  }
  return cda;
}

export interface SignatureCheck {
  /** Number of PAdES signatures whose CMS digest and signature were verified over their byte range. */
  readonly signatures: number;
}

/**
 * Refuses a PDF signed with anything but PAdES, and a PAdES signature whose CMS does
 * not match the signed bytes. Depth is ADR 0011's: SubFilter, ByteRange, the CMS
 * messageDigest over the byte range, and the signer's signature over the signed
 * attributes with the certificate the CMS carries; no trust list (none is published
 * to regions) and no revocation check.
 */
export async function checkPades(pdf: ParsedPdf, bytes: Buffer, required: boolean): Promise<SignatureCheck> {
  let count = 0;
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const byteRange = object.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    const contents = object.lookup(PDFName.of('Contents'));
    if (byteRange === undefined || !(contents instanceof PDFHexString || contents instanceof PDFString)) continue;
    const subFilter = object.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText() ?? '(none)';
    if (!PADES.has(subFilter)) {
      throw gatewayError(
        'signature_not_pades',
        `The PDF is signed with SubFilter ${subFilter}, which is not PAdES: sign it as PAdES ` +
          '(SubFilter ETSI.CAdES.detached, ETSI EN 319 142-1).',
      );
    }
    await verifyCms(bytes, byteRange, contentsBytes(contents), subFilter);
    count += 1;
  }
  if (required && count === 0) {
    throw gatewayError('signature_missing', 'The PDF carries no signature: publish a PAdES-signed PDF.');
  }
  return { signatures: count };
}

/**
 * The bytes of a signature's Contents. pdf-lib's asBytes reads each hex pair with parseInt: 1.26 ms of CPU for the
 * 37,888 digits of a 19 KB reserved Contents (the national RAD sample); Node's hex decoder takes 0.06 ms. Node's
 * stops at the first character that is not a hex digit, so any other Contents (whitespace inside, an odd count of
 * digits, a literal string) is read by pdf-lib as before.
 */
export function contentsBytes(contents: PDFHexString | PDFString): Uint8Array {
  if (contents instanceof PDFHexString) {
    const hex = contents.asString();
    if (hex.length % 2 === 0 && /^[0-9A-Fa-f]*$/.test(hex)) return Buffer.from(hex, 'hex');
  }
  return contents.asBytes();
}

function signedBytes(file: Buffer, range: PDFArray): Buffer {
  const numbers = range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
  const [a, b, c, d] = numbers;
  if (
    numbers.length !== 4 ||
    a !== 0 ||
    b === undefined ||
    c === undefined ||
    d === undefined ||
    !numbers.every((n) => Number.isInteger(n) && n >= 0) ||
    c < b ||
    c + d > file.length
  ) {
    throw gatewayError('signature_invalid', "The PAdES signature's ByteRange does not describe this file.");
  }
  return Buffer.concat([file.subarray(a, b), file.subarray(c, c + d)]);
}

async function verifyCms(file: Buffer, range: PDFArray, der: Uint8Array, subFilter: string): Promise<void> {
  const data = signedBytes(file, range);
  const invalid = (why: string) =>
    gatewayError('signature_invalid', `The PAdES signature does not verify: ${why}. Sign the PDF again.`);
  let signed: SignedData;
  try {
    // Contents is zero-padded to its reserved size: the parse reads the first DER value only.
    signed = parseSignedData(der);
  } catch {
    throw invalid('its Contents is not a CMS SignedData');
  }
  if (subFilter === 'ETSI.RFC3161') return; // a document time-stamp: its token covers the byte range digest
  let ok: boolean;
  try {
    // Accepted by the fast path, or pkijs's verdict (a refusal, or a signature the fast path does not cover).
    ok = checkSignerInfo(signed, data) === true || (await verifyWithPkijs(der, data));
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 200) : '';
    throw invalid(message === '' ? 'verification failed' : message);
  }
  if (!ok) throw invalid('the signed bytes were changed after signing');
}

/** pkijs's check, for what cms.ts does not accept: a refusal, a signer named by key identifier, RSA-PSS... */
async function verifyWithPkijs(der: Uint8Array, data: Buffer): Promise<boolean> {
  const parsed = asn1js.fromBER(Uint8Array.from(der).buffer);
  if (parsed.offset === -1) throw new Error('its Contents is not DER');
  const info = new pkijs.ContentInfo({ schema: parsed.result });
  const signed = new pkijs.SignedData({ schema: info.content });
  return signed.verify({ signer: 0, data: new Uint8Array(data).buffer, checkChain: false });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
