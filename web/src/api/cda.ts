// The readable page of a CDA2 document (src/fse2/render/view-model.ts; ADR 0012). The narrative decoder checks the
// allow-list again: an element with another tag or class is refused here, whatever the server sent.
import {
  array,
  boolean,
  nullable,
  number,
  object,
  oneOf,
  orAbsent,
  string,
  type Decoded,
  type Decoder,
} from './decode.ts';

const narrativeTag = oneOf(
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
);
const narrativeClass = oneOf('bold', 'italic', 'underline', 'emphasis');
export type NarrativeTag = Decoded<typeof narrativeTag>;
export type NarrativeClass = Decoded<typeof narrativeClass>;

// Types, not interfaces: the object decoder wants a Record (an interface has no index signature).
export type NarrativeElement = {
  tag: NarrativeTag;
  classes: NarrativeClass[];
  colSpan: number | undefined;
  rowSpan: number | undefined;
  children: NarrativeNode[];
};
export type NarrativeNode = string | NarrativeElement;

const span: Decoder<number | undefined> = (value, path) => (value === undefined ? undefined : number(value, path));

export const narrativeNode: Decoder<NarrativeNode> = (value, path) => {
  if (typeof value === 'string') return value;
  return object<NarrativeElement>({
    tag: narrativeTag,
    classes: array(narrativeClass),
    colSpan: span,
    rowSpan: span,
    children: array(narrativeNode),
  })(value, path);
};

const coded = object({ code: string, display: string });
const resultRow = object({
  test: string,
  value: string,
  unit: nullable(string),
  referenceRange: nullable(string),
  interpretation: nullable(coded),
  abnormal: boolean,
  time: nullable(string),
});
export type ResultRow = Decoded<typeof resultRow>;

export type SectionView = {
  title: string;
  code: Decoded<typeof coded> | null;
  narrative: NarrativeNode[];
  results: ResultRow[];
  sections: SectionView[];
};
const section: Decoder<SectionView> = (value, path) =>
  object<SectionView>({
    title: string,
    code: nullable(coded),
    narrative: array(narrativeNode),
    results: array(resultRow),
    sections: array(section),
  })(value, path);

const person = object({ name: string, time: nullable(string) });

export const documentPageView = object({
  documentId: string,
  pdf: boolean,
  document: object({
    title: string,
    type: coded,
    date: nullable(string),
    patient: object({
      name: string,
      fiscalCode: nullable(string),
      birthDate: nullable(string),
      gender: nullable(string),
    }),
    author: nullable(person),
    organisation: nullable(string),
    legalAuthenticator: orAbsent(nullable(person), null),
    sections: array(section),
  }),
});
export type DocumentPageView = Decoded<typeof documentPageView>;
export type CdaDocumentView = DocumentPageView['document'];

export const documentViewUrl = (id: string): string => `/api/records/documents/${encodeURIComponent(id)}/view`;
