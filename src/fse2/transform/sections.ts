/**
 * The body: each CDA section → a Composition.section, and its entries → clinical resources. Which resource an
 * entry becomes is data: a per-section rule by the section's LOINC code where the IGs give a section a meaning
 * (an immunization history, an allergy list, a problem list), else the entry's own element and code.
 */
import type { CompositionSection, Reference } from '@medplum/fhirtypes';
import { attr, child, kids, text, type Element } from './cda-dom.ts';
import { allergies, condition, CONDITION_OBSERVATION_CODES, immunization, medicationStatement } from './clinical.ts';
import type { Conversion } from './context.ts';
import { codeableConcept } from './datatypes.ts';
import { narrative } from './narrative.ts';
import { diagnosticReport, observation } from './results.ts';

type EntryKind = 'immunization' | 'allergy' | 'problem-act' | 'medication' | 'report' | 'observation' | 'skip';
type EntryElement = 'substanceAdministration' | 'act' | 'observation' | 'organizer';
type SectionRule = Readonly<Partial<Record<EntryElement, EntryKind>>>;

/** Section LOINC code → how its entries map, where the section gives them their meaning (HL7 Italia IGs). */
export const SECTION_RULES: Readonly<Record<string, SectionRule>> = {
  '11369-6': { substanceAdministration: 'immunization' }, // History of immunization (VACC, PSS)
  '48765-2': { act: 'allergy' }, // Allergies and adverse reactions
  '11450-4': { act: 'problem-act' }, // Problem list (PSS, VPS)
  '30954-2': { act: 'report', organizer: 'report' }, // Relevant diagnostic tests and laboratory data
  '121181': { act: 'skip' }, // DICOM object catalog: pointers to images, no clinical statement
  '57827-8': { act: 'skip' }, // Exemption from co-payment: administrative
  '18776-5': { observation: 'skip', act: 'skip' }, // Plan of care: requests and proposals, not findings
};

/** Every document type: what an entry element becomes when its section has no rule for it. */
const DEFAULT_RULE: Readonly<Record<EntryElement, EntryKind>> = {
  substanceAdministration: 'medication',
  observation: 'observation',
  organizer: 'report',
  act: 'skip',
};

/** The laboratory report carries its results in acts (Referto di Laboratorio IG, "Laboratory Report Data"). */
const LAB_RULE: SectionRule = { act: 'report', organizer: 'report' };

// Family history organizer (LOINC 10157-6): FamilyMemberHistory is outside this converter's resources.
const SKIPPED_ORGANIZERS = new Set(['10157-6']);

function entryKind(element: EntryElement, sectionCode: string, isLab: boolean): EntryKind {
  return (isLab ? LAB_RULE[element] : undefined) ?? SECTION_RULES[sectionCode]?.[element] ?? DEFAULT_RULE[element];
}

function mapObservation(conversion: Conversion, el: Element): Reference | undefined {
  // A finding is an event; an observation in another mood (a goal, a request) is not a result.
  if ((attr(el, 'moodCode') ?? 'EVN') !== 'EVN') return undefined;
  const category = CONDITION_OBSERVATION_CODES[attr(child(el, 'code'), 'code') ?? ''];
  if (category !== undefined) return condition(conversion, el, category);
  return observation(conversion, el);
}

function mapEntry(conversion: Conversion, el: Element, section: Element, isLab: boolean): Reference[] {
  const sectionCode = attr(child(section, 'code'), 'code') ?? '';
  const element = el.localName as EntryElement;
  if (!(element in DEFAULT_RULE)) return [];
  const kind = entryKind(element, sectionCode, isLab);
  const code = attr(child(el, 'code'), 'code') ?? '';
  const one = (r: Reference | undefined): Reference[] => (r === undefined ? [] : [r]);
  switch (kind) {
    case 'immunization':
      return [immunization(conversion, el)];
    case 'medication':
      return [medicationStatement(conversion, el)];
    case 'allergy':
      return allergies(conversion, el);
    case 'problem-act':
      return kids(el, 'entryRelationship')
        .flatMap((r) => kids(r, 'observation'))
        .flatMap((o) => one(condition(conversion, o, 'problem-list-item')));
    case 'observation':
      return one(mapObservation(conversion, el));
    case 'report':
      if (element === 'organizer' && (attr(el, 'classCode') === 'CLUSTER' || SKIPPED_ORGANIZERS.has(code))) {
        if (SKIPPED_ORGANIZERS.has(code)) break;
        // A cluster (vital signs) is a group of findings, each one an Observation of the section.
        return kids(el, 'component')
          .flatMap((c) => kids(c, 'observation'))
          .flatMap((o) => one(mapObservation(conversion, o)));
      }
      return one(diagnosticReport(conversion, el, child(section, 'code'), isLab ? 'LAB' : undefined));
    case 'skip':
      break;
  }
  conversion.unmapped.push({ section: sectionCode, element, code });
  return [];
}

export function section(conversion: Conversion, el: Element, isLab: boolean): CompositionSection {
  const title = text(child(el, 'title'));
  const code = codeableConcept(child(el, 'code'));
  const entry = kids(el, 'entry')
    .flatMap((e) => e.children.filter((c) => c.namespaceURI === el.namespaceURI && c.localName !== 'templateId'))
    .flatMap((c) => mapEntry(conversion, c, el, isLab));
  const subsections = kids(el, 'component')
    .flatMap((c) => kids(c, 'section'))
    .map((s) => section(conversion, s, isLab));
  return {
    ...(title && { title }),
    ...(code && { code }),
    text: narrative(child(el, 'text'), title ?? code?.coding?.[0]?.display ?? 'section'),
    ...(entry.length > 0 && { entry }),
    ...(subsections.length > 0 && { section: subsections }),
  };
}
