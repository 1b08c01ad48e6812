import { parseXmlDocument, type Element } from 'slimdom';
import { hl7Time } from '../gateway/cda-header.ts';
import { DEFAULT_MAX_BYTES, decodeXml } from '../validation/xml-input.ts';
import { at, attr, child, childrenNamed, HL7, nameText, textOf } from './dom.ts';
import { narrativeOf } from './narrative.ts';
import { resultsOf } from './results.ts';
import type { CdaView, Coded, PersonView, SectionView } from './view-model.ts';

const FISCAL_CODE_OID = '2.16.840.1.113883.2.9.4.3.2';
/** LOINC 11502-2, "Laboratory report": every valued observation is a result row. */
const LABORATORY_REPORT = '11502-2';
/** Sections nest two or three levels in the national examples; deeper ones are cut, not followed. */
const MAX_SECTION_DEPTH = 8;

export type CdaViewResult = { ok: true; view: CdaView } | { ok: false; message: string };

function person(role: Element | null, personName: string, time: Element | null): PersonView | null {
  const name = nameText(at(role, personName, 'name'));
  const organisation = textOf(at(role, 'representedOrganization', 'name'));
  const shown = name === '' ? organisation : name;
  return shown === '' ? null : { name: shown, time: hl7Time(attr(time, 'value') ?? undefined) };
}

function birthDate(value: string | null): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(value ?? '');
  return m === null ? null : `${m[1]}-${m[2]}-${m[3]}`;
}

function section(el: Element, laboratory: boolean, depth: number): SectionView {
  const code = child(el, 'code');
  const coded: Coded | null =
    code === null ? null : { code: attr(code, 'code') ?? '', display: attr(code, 'displayName') ?? '' };
  return {
    title: textOf(child(el, 'title')) || (coded?.display ?? ''),
    code: coded,
    narrative: narrativeOf(child(el, 'text')),
    results: resultsOf(el, laboratory),
    sections:
      depth >= MAX_SECTION_DEPTH
        ? []
        : childrenNamed(el, 'component').flatMap((c) =>
            childrenNamed(c, 'section').map((s) => section(s, laboratory, depth + 1)),
          ),
  };
}

/**
 * A CDA2 document as its readable page (ADR 0012). The bytes pass the engine's own gate first (size, encoding, no
 * DOCTYPE or ENTITY, so nothing external is ever resolved), then slimdom parses them as the engine does.
 */
export function buildCdaView(bytes: Uint8Array): CdaViewResult {
  const decoded = decodeXml(bytes, DEFAULT_MAX_BYTES);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  let root: Element | null;
  try {
    root = parseXmlDocument(decoded.text).documentElement;
  } catch (error) {
    return { ok: false, message: `not well-formed XML: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  if (root?.namespaceURI !== HL7 || root.localName !== 'ClinicalDocument') {
    return { ok: false, message: 'the root element is not an HL7 v3 ClinicalDocument' };
  }
  const code = child(root, 'code');
  const type: Coded = { code: attr(code, 'code') ?? '', display: attr(code, 'displayName') ?? '' };
  const patientRole = at(root, 'recordTarget', 'patientRole');
  const patient = child(patientRole, 'patient');
  const fiscalCode = childrenNamed(patientRole, 'id').find((id) => attr(id, 'root') === FISCAL_CODE_OID);
  const author = child(root, 'author');
  const legal = child(root, 'legalAuthenticator');
  const custodian = textOf(at(root, 'custodian', 'assignedCustodian', 'representedCustodianOrganization', 'name'));
  const authorOrganisation = textOf(at(author, 'assignedAuthor', 'representedOrganization', 'name'));
  const laboratory = type.code === LABORATORY_REPORT;
  return {
    ok: true,
    view: {
      title: textOf(child(root, 'title')) || type.display,
      type,
      date: hl7Time(attr(child(root, 'effectiveTime'), 'value') ?? undefined),
      patient: {
        name: nameText(child(patient, 'name')),
        fiscalCode: attr(fiscalCode, 'extension'),
        birthDate: birthDate(attr(child(patient, 'birthTime'), 'value')),
        gender: attr(child(patient, 'administrativeGenderCode'), 'code'),
      },
      author: person(child(author, 'assignedAuthor'), 'assignedPerson', child(author, 'time')),
      organisation: custodian || authorOrganisation || null,
      legalAuthenticator: person(child(legal, 'assignedEntity'), 'assignedPerson', child(legal, 'time')),
      sections: at(root, 'component', 'structuredBody')
        ? childrenNamed(at(root, 'component', 'structuredBody'), 'component').flatMap((c) =>
            childrenNamed(c, 'section').map((s) => section(s, laboratory, 1)),
          )
        : [],
    },
  };
}
