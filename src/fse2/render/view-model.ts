/**
 * The readable page of a CDA2 document as plain JSON (issue 19 item 6, ADR 0012). The web app renders it as React
 * elements; nothing in it is markup, a URL or an attribute taken from the document: narrative is a tree of the few
 * tags below, and every string is text.
 */

/** The only elements a narrative becomes. Anything else of the CDA narrative block is text or dropped. */
export const NARRATIVE_TAGS = [
  'p',
  'span',
  'ul',
  'ol',
  'li',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'br',
  'sub',
  'sup',
] as const;
export type NarrativeTag = (typeof NARRATIVE_TAGS)[number];

/** styleCode values kept, as class names the web app styles (CDA R2 narrative block, 4.3.5.1). */
export const NARRATIVE_CLASSES = ['bold', 'italic', 'underline', 'emphasis'] as const;
export type NarrativeClass = (typeof NARRATIVE_CLASSES)[number];

export interface NarrativeElement {
  readonly tag: NarrativeTag;
  readonly classes: readonly NarrativeClass[];
  /** Table cells only, 1..100. */
  readonly colSpan?: number;
  readonly rowSpan?: number;
  readonly children: readonly NarrativeNode[];
}
/** A string is text, always: the web app puts it in the page as a text node. */
export type NarrativeNode = string | NarrativeElement;

export interface Coded {
  readonly code: string;
  readonly display: string;
}

/** One row of a laboratory (or other measured) results table, from an observation's structured entry. */
export interface ResultRow {
  readonly test: string;
  /** The value as shown: "16.00", "Positivo"; the unit apart. */
  readonly value: string;
  readonly unit: string | null;
  /** "0.00 – 20.00 mg/L", "≤ 5", or the range's own text. */
  readonly referenceRange: string | null;
  /** interpretationCode (HL7 ObservationInterpretation): N, H, L, A, HH, LL... */
  readonly interpretation: Coded | null;
  /** Any interpretation other than normal (N) or negative (NEG). */
  readonly abnormal: boolean;
  readonly time: string | null;
}

export interface SectionView {
  readonly title: string;
  readonly code: Coded | null;
  readonly narrative: readonly NarrativeNode[];
  readonly results: readonly ResultRow[];
  readonly sections: readonly SectionView[];
}

export interface PersonView {
  readonly name: string;
  readonly time: string | null;
}

export interface CdaView {
  readonly title: string;
  readonly type: Coded;
  /** ClinicalDocument/effectiveTime as an ISO 8601 instant. */
  readonly date: string | null;
  readonly patient: {
    readonly name: string;
    readonly fiscalCode: string | null;
    /** yyyy-mm-dd as written: a birth date has no time zone. */
    readonly birthDate: string | null;
    readonly gender: string | null;
  };
  readonly author: PersonView | null;
  readonly organisation: string | null;
  readonly legalAuthenticator: PersonView | null;
  readonly sections: readonly SectionView[];
}

/** What the endpoint answers: the page, and whether the record holds the PDF to show next to it. */
export interface DocumentPageView {
  readonly documentId: string;
  readonly pdf: boolean;
  readonly document: CdaView;
}
