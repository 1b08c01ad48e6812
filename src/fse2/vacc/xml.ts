import { Document, type Element } from 'slimdom';

export const HL7 = 'urn:hl7-org:v3';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

type Attributes = Readonly<Record<string, string | number | undefined>>;

/**
 * Builds CDA elements on a slimdom DOM: every value goes through setAttribute or a text
 * node, so the serializer escapes it (a family name "D'Angelo" or "<b>" stays data).
 */
export class CdaWriter {
  readonly doc = new Document();

  root(name: string): Element {
    const el = this.doc.createElementNS(HL7, name);
    el.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', XSI);
    this.doc.appendChild(el);
    return el;
  }

  /** A child element in the HL7 namespace, with attributes (undefined ones left out) and optional text. */
  add(parent: Element, name: string, attributes: Attributes = {}, text?: string): Element {
    const el = this.doc.createElementNS(HL7, name);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined) continue;
      if (key === 'xsi:type') el.setAttributeNS(XSI, key, String(value));
      else el.setAttribute(key, String(value));
    }
    if (text !== undefined) el.appendChild(this.doc.createTextNode(text));
    parent.appendChild(el);
    return el;
  }
}

const rome = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** HL7 TS in Italian time with its offset, e.g. 20260330101000+0200 (summer) or 20261207101000+0100. */
export function hl7Time(at: Date): string {
  const parts = rome.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // longOffset is "GMT+01:00" or "GMT+02:00" for Europe/Rome.
  const offset = part('timeZoneName').replace('GMT', '').replace(':', '') || '+0000';
  return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}${part('second')}${offset}`;
}

/** HL7 TS of a calendar day, e.g. a birth date 1993-06-19 -> 19930619. */
export const hl7Day = (isoDay: string): string => isoDay.slice(0, 10).replaceAll('-', '');
