import { extractCda, loadPdf } from '../gateway/pdf.ts';

const XML_TYPES = new Set(['text/xml', 'application/xml', 'application/hl7-v3+xml', 'application/cda+xml']);

export interface StoredContent {
  readonly bytes: Buffer;
  readonly contentType: string;
}

/**
 * The CDA a stored document carries: the document itself when it was filed as XML, or the one its PDF carries as
 * the national Gateway finds it (attached as cda.xml, or in the XFA datasets in RESOURCE mode). Null when there is
 * none: a PDF written by hand, a damaged file.
 */
export async function cdaOf(file: StoredContent): Promise<Buffer | null> {
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (XML_TYPES.has(type)) return file.bytes;
  if (type !== 'application/pdf') return null;
  try {
    const pdf = await loadPdf(file.bytes);
    for (const mode of ['ATTACHMENT', 'RESOURCE'] as const) {
      try {
        return extractCda(pdf, mode);
      } catch {
        // not in this place: try the other mode
      }
    }
  } catch {
    // a PDF pdf-lib cannot read carries no CDA we could show
  }
  return null;
}
