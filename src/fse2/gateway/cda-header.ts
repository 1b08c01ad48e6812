import { SaxesParser, type SaxesTagNS } from 'saxes';
import { gatewayError } from './errors.ts';
import { romeWallClock } from './rome-time.ts';

const HL7 = 'urn:hl7-org:v3';

/** What the Gateway reads from a CDA's header to index it (mapping-metadati). */
export interface CdaHeader {
  /** ClinicalDocument/id as root^extension (or root). */
  readonly id: string;
  readonly code: { readonly code: string; readonly codeSystem: string; readonly displayName: string };
  readonly templateIds: readonly string[];
  readonly title: string;
  /** ClinicalDocument/effectiveTime@value as an ISO 8601 instant. */
  readonly effectiveTime: string | null;
  readonly confidentiality: string | null;
  readonly patient: { readonly root: string; readonly extension: string } | null;
  readonly author: {
    readonly id: string | null;
    readonly given: string;
    readonly family: string;
    readonly prefix: string | null;
  } | null;
  readonly organisation: string | null;
  /** documentationOf/serviceEvent/effectiveTime low and high, when the CDA states them. */
  readonly serviceStart: string | null;
  readonly serviceStop: string | null;
}

/** The text of the bytes, in the encoding of the BOM or the XML declaration (UTF-8 by default, as XML says). */
function decode(bytes: Buffer): string {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else {
    const declared = /^(?:\uFEFF)?<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      bytes.subarray(0, 200).toString('latin1'),
    );
    if (declared?.[1] !== undefined) label = declared[1];
  }
  return new TextDecoder(label).decode(bytes);
}

/** HL7 TS (yyyyMMdd[HHmm[ss]][+zzzz]) to ISO 8601; null when it is not one. Without a zone it is Italy's time. */
export function hl7Time(value: string | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(?:\.\d+)?([+-]\d{4})?$/.exec(value ?? '');
  if (m === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  if (zone === undefined) {
    return romeWallClock(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))?.toISOString() ?? null;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.slice(0, 3)}:${zone.slice(3)}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Reads the header of a CDA the engine already validated: a streaming parse (saxes:
 * no DTD, no external entity) that stops reading at the first section body, so a
 * 50 MB document costs its header only.
 */
export function readCdaHeader(bytes: Buffer): CdaHeader {
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  const header: {
    -readonly [K in keyof CdaHeader]: CdaHeader[K];
  } = {
    id: '',
    code: { code: '', codeSystem: '', displayName: '' },
    templateIds: [],
    title: '',
    effectiveTime: null,
    confidentiality: null,
    patient: null,
    author: null,
    organisation: null,
    serviceStart: null,
    serviceStop: null,
  };
  const author = { id: null as string | null, given: '', family: '', prefix: null as string | null };
  let textOf: ((t: string) => void) | null = null;
  const attr = (tag: SaxesTagNS, name: string): string | undefined => tag.attributes[name]?.value;
  parser.on('opentag', (tag) => {
    path.push(tag.local);
    const at = path.join('/');
    if (tag.uri !== HL7) return;
    if (at === 'ClinicalDocument/id') {
      const root = attr(tag, 'root') ?? '';
      const ext = attr(tag, 'extension');
      header.id = ext === undefined ? root : `${root}^${ext}`;
    } else if (at === 'ClinicalDocument/code') {
      header.code = {
        code: attr(tag, 'code') ?? '',
        codeSystem: attr(tag, 'codeSystem') ?? '',
        displayName: attr(tag, 'displayName') ?? '',
      };
    } else if (at === 'ClinicalDocument/templateId') {
      const root = attr(tag, 'root');
      if (root !== undefined) header.templateIds = [...header.templateIds, root];
    } else if (at === 'ClinicalDocument/title') textOf = (t) => (header.title += t);
    else if (at === 'ClinicalDocument/effectiveTime') header.effectiveTime = hl7Time(attr(tag, 'value'));
    else if (at === 'ClinicalDocument/confidentialityCode') header.confidentiality = attr(tag, 'code') ?? null;
    else if (at === 'ClinicalDocument/recordTarget/patientRole/id' && header.patient === null)
      header.patient = { root: attr(tag, 'root') ?? '', extension: attr(tag, 'extension') ?? '' };
    else if (at === 'ClinicalDocument/author/assignedAuthor/id' && author.id === null)
      author.id = `${attr(tag, 'extension') ?? ''}^^^^^^^^&${attr(tag, 'root') ?? ''}&ISO`;
    else if (at === 'ClinicalDocument/author/assignedAuthor/assignedPerson/name/given' && author.given === '')
      textOf = (t) => (author.given += t);
    else if (at === 'ClinicalDocument/author/assignedAuthor/assignedPerson/name/family' && author.family === '')
      textOf = (t) => (author.family += t);
    else if (at === 'ClinicalDocument/author/assignedAuthor/assignedPerson/name/prefix' && author.prefix === null) {
      author.prefix = '';
      textOf = (t) => (author.prefix = `${author.prefix ?? ''}${t}`);
    } else if (
      at === 'ClinicalDocument/custodian/assignedCustodian/representedCustodianOrganization/name' &&
      header.organisation === null
    ) {
      header.organisation = '';
      textOf = (t) => (header.organisation = `${header.organisation ?? ''}${t}`);
    } else if (at === 'ClinicalDocument/documentationOf/serviceEvent/effectiveTime/low' && header.serviceStart === null)
      header.serviceStart = hl7Time(attr(tag, 'value'));
    else if (at === 'ClinicalDocument/documentationOf/serviceEvent/effectiveTime/high' && header.serviceStop === null)
      header.serviceStop = hl7Time(attr(tag, 'value'));
    else if (at === 'ClinicalDocument/component') throw new HeaderDone();
  });
  parser.on('text', (t) => textOf?.(t));
  parser.on('closetag', () => {
    path.pop();
    textOf = null;
  });
  try {
    parser.write(decode(bytes)).close();
  } catch (error) {
    if (!(error instanceof HeaderDone)) {
      throw gatewayError('cda_extraction', `The CDA cannot be read: ${(error as Error).message.slice(0, 200)}.`);
    }
  }
  const trimmed = { ...author, given: author.given.trim(), family: author.family.trim() };
  return {
    ...header,
    title: header.title.trim(),
    organisation: header.organisation?.trim() ?? null,
    author:
      trimmed.id === null && trimmed.family === '' ? null : { ...trimmed, prefix: trimmed.prefix?.trim() ?? null },
  };
}

class HeaderDone extends Error {}
