import { describe, expect, it } from 'vitest';
import { documentContentProblem } from './content-check.ts';

const xml = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);
const CDA =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"' +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<title>Referto di laboratorio – emocromo</title><component><structuredBody><component><section>' +
  '<text><table><tr><td styleCode="Bold">Emoglobina</td><td>13,5 g/dL</td></tr></table>' +
  '<linkHtml href="https://www.regione.lombardia.it/">Regione</linkHtml></text>' +
  '<entry><observation classCode="OBS" moodCode="EVN">' +
  '<value xsi:type="PQ" value="13.5" unit="g/dL"/></observation></entry>' +
  '</section></component></structuredBody></component></ClinicalDocument>';

describe('published document content', () => {
  it('accepts PDFs and CDA documents (UTF-8, with BOM, UTF-16, ISO-8859-1)', () => {
    expect(documentContentProblem('application/pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'))).toBeNull();
    for (const type of ['application/xml', 'text/xml', 'application/hl7-v3+xml'])
      expect(documentContentProblem(type, xml(CDA)), type).toBeNull();
    expect(documentContentProblem('text/xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml(CDA)]))).toBeNull();
    const utf16 = CDA.replace('UTF-8', 'UTF-16');
    expect(
      documentContentProblem('text/xml', Buffer.concat([Buffer.from([0xff, 0xfe]), xml(utf16, 'utf16le')])),
    ).toBeNull();
    const latin1 = CDA.replace('UTF-8', 'ISO-8859-1').replace('–', 'è');
    expect(documentContentProblem('text/xml', xml(latin1, 'latin1'))).toBeNull();
  });

  it('refuses bytes that are not what the content type says, and types that are not documents', () => {
    expect(documentContentProblem('application/pdf', xml(CDA))).toMatch(/not a PDF/);
    expect(documentContentProblem('application/pdf', Buffer.alloc(0))).toMatch(/empty/);
    expect(documentContentProblem('text/xml', Buffer.from('%PDF-1.7\n'))).toMatch(/not well-formed/);
    expect(documentContentProblem('text/xml', xml('<ClinicalDocument><title>open'))).toMatch(/not well-formed/);
    expect(documentContentProblem('text/xml', xml('<a>&nbsp;</a>'))).toMatch(/not well-formed/);
    expect(documentContentProblem('text/xml', xml('<x:a/>'))).toMatch(/not well-formed/);
    expect(
      documentContentProblem('text/xml', xml('<?xml version="1.0" encoding="UTF-8"?><a>\u00e8</a>', 'latin1')),
    ).toMatch(/not valid UTF-8/i);
    expect(documentContentProblem('text/xml', xml('<?xml version="1.0" encoding="x-klingon"?><a/>'))).toMatch(
      /encoding/,
    );
    for (const type of [
      'text/html',
      'image/svg+xml',
      'application/xhtml+xml',
      'application/json',
      'application/javascript',
    ]) {
      expect(documentContentProblem(type, xml('<a/>')), type).toMatch(/content type that is not accepted/);
    }
  });

  it(
    'refuses XML a browser would run script from: XHTML, SVG, HTML, ' + 'script elements, event handlers, stylesheets',
    () => {
      const hostile: Record<string, string> = {
        'XHTML page': '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>',
        'SVG image': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
        'html root without namespace': '<html><body onload="alert(1)"/></html>',
        'XHTML script inside a CDA':
          '<ClinicalDocument xmlns="urn:hl7-org:v3">' +
          '<text><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></text></ClinicalDocument>',
        'SVG inside a CDA':
          '<ClinicalDocument xmlns="urn:hl7-org:v3">' +
          '<svg xmlns="http://www.w3.org/2000/svg"><a href="#"/></svg></ClinicalDocument>',
        'MathML inside a CDA':
          '<ClinicalDocument xmlns="urn:hl7-org:v3">' +
          '<math xmlns="http://www.w3.org/1998/Math/MathML"/></ClinicalDocument>',
        'script in any namespace':
          '<ClinicalDocument xmlns="urn:hl7-org:v3"><script>alert(1)</script></ClinicalDocument>',
        'event attribute':
          '<ClinicalDocument xmlns="urn:hl7-org:v3"><title onclick="alert(1)">x</title></ClinicalDocument>',
        'javascript URL':
          '<ClinicalDocument xmlns="urn:hl7-org:v3">' +
          '<linkHtml href=" JavaScript:alert(1)">x</linkHtml></ClinicalDocument>',
        'XSLT stylesheet': '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
        'stylesheet instruction':
          '<?xml-stylesheet type="text/xsl" href="/fhir/R4/Binary/x"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>',
        'external entity': '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        'entity expansion': '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><a>&b;</a>',
        'XHTML DOCTYPE':
          '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"' +
          ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><a/>',
      };
      for (const [name, text] of Object.entries(hostile)) {
        for (const type of ['text/xml', 'application/xml', 'application/hl7-v3+xml'])
          expect(documentContentProblem(type, xml(text)), `${name} as ${type}`).not.toBeNull();
      }
      expect(documentContentProblem('text/xml', xml(hostile['external entity'] ?? ''))).toMatch(/DTD/);
      expect(documentContentProblem('text/xml', xml(hostile['XHTML page'] ?? ''))).toMatch(/XHTML/);
      expect(documentContentProblem('text/xml', xml(hostile['SVG image'] ?? ''))).toMatch(/SVG/);
    },
  );
});
