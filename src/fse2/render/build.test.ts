import { describe, expect, it } from 'vitest';
import { EXAMPLE_TYPES, exampleCda } from '../../../test/support/fse2/national-documents.ts';
import { buildCdaView } from './build.ts';
import { NARRATIVE_CLASSES, NARRATIVE_TAGS, type CdaView, type NarrativeNode, type SectionView } from './view-model.ts';

const view = (xml: string | Buffer): CdaView => {
  const built = buildCdaView(typeof xml === 'string' ? Buffer.from(xml) : xml);
  if (!built.ok) throw new Error(built.message);
  return built.view;
};
const allSections = (sections: readonly SectionView[]): SectionView[] =>
  sections.flatMap((s) => [s, ...allSections(s.sections)]);
const elements = (nodes: readonly NarrativeNode[]): Exclude<NarrativeNode, string>[] =>
  nodes.flatMap((n) => (typeof n === 'string' ? [] : [n, ...elements(n.children)]));
const text = (nodes: readonly NarrativeNode[]): string =>
  nodes.map((n) => (typeof n === 'string' ? n : text(n.children))).join('');

/** Every narrative element is one of the allowed tags, with no key but the allowed ones. */
function expectAllowListOnly(doc: CdaView): void {
  for (const el of allSections(doc.sections).flatMap((s) => elements(s.narrative))) {
    expect(NARRATIVE_TAGS).toContain(el.tag);
    for (const c of el.classes) expect(NARRATIVE_CLASSES).toContain(c);
    expect(Object.keys(el).every((k) => ['tag', 'classes', 'children', 'colSpan', 'rowSpan'].includes(k))).toBe(true);
  }
}

const cda = (body: string) =>
  '<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<code code="11502-2" codeSystem="2.16.840.1.113883.6.1" displayName="Referto di laboratorio"/>' +
  '<title>Referto</title><effectiveTime value="20260310093000+0100"/>' +
  '<recordTarget><patientRole><id root="2.16.840.1.113883.2.9.4.3.2" extension="BRMMRA80A41F205X"/>' +
  '<patient><name><given>Maria</given><family>Brambilla</family></name><birthTime value="19800101"/></patient>' +
  '</patientRole></recordTarget><component><structuredBody><component><section>' +
  `<title>Sezione</title>${body}</section></component></structuredBody></component></ClinicalDocument>`;

describe('the national examples as readable pages', () => {
  it.each(EXAMPLE_TYPES)('%s: header, sections with titles, narrative within the allow-list', (type) => {
    const doc = view(exampleCda(type));
    expect(doc.title).not.toBe('');
    expect(doc.type.code).toMatch(/^\d+-\d$/);
    expect(doc.date).toMatch(/^20\d\d-\d\d-\d\dT/);
    expect(doc.patient.name).toMatch(/^\p{L}+ \p{L}+$/u);
    expect(doc.patient.fiscalCode).toMatch(/^[A-Z0-9]{16}$/);
    expect(doc.author?.name).toMatch(/\p{L}+ \p{L}+/u);
    expect(doc.organisation).not.toBeNull();
    const sections = allSections(doc.sections);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.every((s) => s.title !== '')).toBe(true);
    // Every example has narrative text somewhere: the page is never only headings.
    expect(sections.some((s) => text(s.narrative).trim() !== '')).toBe(true);
    expectAllowListOnly(doc);
  });

  it('LAB: header fields and the results table (value, unit, reference range, flag) from the entries', () => {
    const doc = view(exampleCda('LAB'));
    expect(doc).toMatchObject({
      title: 'REFERTO DI LABORATORIO',
      type: { code: '11502-2', display: 'Referto di laboratorio' },
      date: '2022-03-30T10:24:26.000Z',
      patient: { name: 'Giuseppe Test', fiscalCode: 'GTWGWY82B42G920M', birthDate: '1993-06-19', gender: 'M' },
      author: { name: 'Dr Matteo Test' },
      organisation: 'SAN RAFFAELE NOMENTANA',
      legalAuthenticator: { name: 'Dttr. Federico Prova' },
    });
    const albumin = allSections(doc.sections).find((s) => s.title === 'Albumina nelle Urine');
    expect(albumin?.results).toEqual([
      {
        test: 'Microalbumin Massa/Volume in Urine',
        value: '16.00',
        unit: 'mg/L',
        referenceRange: '0.00 – 20.00 mg/L',
        interpretation: { code: 'N', display: 'Normal' },
        abnormal: false,
        time: '2022-03-30T10:24:26.000Z',
      },
    ]);
    // The narrative's own table is kept as a table (list > item > table > thead/tbody).
    expect(elements(albumin?.narrative ?? []).map((e) => e.tag)).toEqual(
      expect.arrayContaining(['ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td']),
    );
  });

  it('flags abnormal results and writes one-sided ranges', () => {
    const entry =
      '<entry><observation classCode="OBS" moodCode="EVN"><code code="2345-7" displayName="Glucosio"/>' +
      '<value xsi:type="PQ" value="142" unit="mg/dL"/><interpretationCode code="H" displayName="Alto"/>' +
      '<referenceRange><observationRange><value xsi:type="IVL_PQ"><high value="99" unit="mg/dL"/></value>' +
      '</observationRange></referenceRange></observation></entry>';
    expect(view(cda(entry)).sections[0]?.results).toEqual([
      {
        test: 'Glucosio',
        value: '142',
        unit: 'mg/dL',
        referenceRange: '≤ 99 mg/dL',
        interpretation: { code: 'H', display: 'Alto' },
        abnormal: true,
        time: null,
      },
    ]);
  });
});

describe('hostile narrative never survives', () => {
  const hostile =
    '<text>' +
    '<paragraph onload="alert(1)" styleCode="Bold expression(alert(2))" ' +
    'style="background:url(https://evil.example/a)">' +
    'Esito<script>alert(3)</script></paragraph>' +
    '<linkHtml href="javascript:alert(4)" onclick="alert(5)">apri</linkHtml>' +
    '<renderMultiMedia referencedObject="IMG1"><caption>https://evil.example/c</caption></renderMultiMedia>' +
    '<img src="https://evil.example/img.png" onerror="alert(6)"/>' +
    '<x:img xmlns:x="http://www.w3.org/1999/xhtml" src="https://evil.example/x.png"/>' +
    '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(7)</x:script>' +
    '<x:a xmlns:x="http://www.w3.org/1999/xhtml" href="javascript:alert(8)">via xhtml</x:a>' +
    '<table onmouseover="alert(9)"><tbody><tr><td colspan="99999" rowspan="x" ID="c1">cella</td></tr></tbody></table>' +
    '<list listType="ordered"><item><content styleCode="Italics" onfocus="alert(10)">voce</content></item></list>' +
    '</text>' +
    '<entry><observationMedia classCode="OBS" moodCode="EVN" ID="IMG1">' +
    '<value xsi:type="ED" mediaType="image/png"><reference value="https://evil.example/m.png"/></value>' +
    '</observationMedia></entry>' +
    '<entry><observation classCode="OBS" moodCode="EVN"><code displayName="Immagine"/>' +
    '<value xsi:type="ED"><reference value="https://evil.example/e.png"/></value></observation></entry>';

  it('no script, handler, style, URL or external image; linkHtml is its text; spans are bounded', () => {
    const doc = view(cda(hostile));
    const json = JSON.stringify(doc);
    for (const banned of [
      'alert',
      'javascript:',
      'evil.example',
      'onload',
      'onclick',
      'onerror',
      'script',
      'src',
      'href',
    ])
      expect(json).not.toContain(banned);
    expectAllowListOnly(doc);
    const narrative = doc.sections[0]?.narrative ?? [];
    expect(text(narrative)).toBe('Esitoapricellavoce');
    expect(elements(narrative).map((e) => e.tag)).toEqual(['p', 'table', 'tbody', 'tr', 'td', 'ol', 'li', 'span']);
    expect(elements(narrative)[0]?.classes).toEqual(['bold']);
    expect(elements(narrative).find((e) => e.tag === 'td')).toEqual({
      tag: 'td',
      classes: [],
      colSpan: 100,
      children: ['cella'],
    });
    expect(elements(narrative).find((e) => e.tag === 'span')?.classes).toEqual(['italic']);
    expect(doc.sections[0]?.results).toEqual([]);
  });

  it('keeps HTML nesting: a list caption goes into an item, stray text into a cell, the caption first', () => {
    const odd =
      '<text><list><caption>Farmaci</caption><item>uno</item></list>' +
      '<table><tbody><tr><td>a</td></tr></tbody><caption>Titolo</caption></table>' +
      '<table><tbody>testo<tr>b<td>c</td></tr></tbody></table></text>';
    const narrative = view(cda(odd)).sections[0]?.narrative ?? [];
    const shape = (n: NarrativeNode): unknown => (typeof n === 'string' ? n : [n.tag, ...n.children.map(shape)]);
    expect(narrative.map(shape)).toEqual([
      ['ul', ['li', ['span', 'Farmaci']], ['li', 'uno']],
      ['table', ['caption', 'Titolo'], ['tbody', ['tr', ['td', 'a']]]],
      ['table', ['tbody', ['tr', ['td', 'testo']], ['tr', ['td', 'b'], ['td', 'c']]]],
    ]);
  });

  it('refuses external entities and DTDs before parsing, and answers broken or foreign XML', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${cda('<text>&e;</text>')}`;
    expect(buildCdaView(Buffer.from(xxe))).toEqual({
      ok: false,
      message: 'DOCTYPE and entity declarations are not allowed in a CDA2 document',
    });
    expect(buildCdaView(Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>')).ok).toBe(false);
    expect(buildCdaView(Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"/>'))).toEqual({
      ok: false,
      message: 'the root element is not an HL7 v3 ClinicalDocument',
    });
  });

  it('reads UTF-16 documents as the engine does', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cda('<text>è</text>'), 'utf16le')]);
    expect(view(utf16).sections[0]?.narrative).toEqual(['è']);
  });
});
