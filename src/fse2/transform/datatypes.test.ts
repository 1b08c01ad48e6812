import { parseXmlDocument } from 'slimdom';
import { describe, expect, it } from 'vitest';
import { codeableConcept, dateTime, effective, identifier, quantity } from './datatypes.ts';
import { narrative } from './narrative.ts';

const HL7 = 'xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const el = (xml: string) => {
  const root = parseXmlDocument(xml.replace(/^<(\w+)/, `<$1 ${HL7}`)).documentElement;
  if (root === null) throw new Error('no element');
  return root;
};

describe('HL7 TS -> FHIR dateTime', () => {
  it('keeps the offset the CDA writes and the precision it states', () => {
    expect(dateTime('20220330112426+0100')).toBe('2022-03-30T11:24:26+01:00');
    expect(dateTime('20220330112426.123-0500')).toBe('2022-03-30T11:24:26.123-05:00');
    expect(dateTime('202203301124+0200')).toBe('2022-03-30T11:24:00+02:00');
    expect(dateTime('20220330')).toBe('2022-03-30');
    expect(dateTime('202203')).toBe('2022-03');
    expect(dateTime('2022')).toBe('2022');
  });

  it('reads a time without offset as Italian time, on either side of a summer-time change', () => {
    // Europe/Rome moved to CEST at 02:00 on 27 March 2022 and back at 03:00 on 30 October 2022.
    expect(dateTime('20220326120000')).toBe('2022-03-26T12:00:00+01:00');
    expect(dateTime('20220327120000')).toBe('2022-03-27T12:00:00+02:00');
    expect(dateTime('20220715083000')).toBe('2022-07-15T08:30:00+02:00');
    expect(dateTime('20221030120000')).toBe('2022-10-30T12:00:00+01:00');
  });

  it('refuses what is not a date rather than inventing one', () => {
    for (const bad of ['', '2022-03-30', '20221340', '20220230', '20220330256000', 'abc', '20220330120000+2500']) {
      expect(dateTime(bad), bad).toBeUndefined();
    }
  });

  it('maps IVL_TS to a Period and a single TS to a dateTime', () => {
    expect(effective(el('<effectiveTime><low value="20220101"/><high value="20220201"/></effectiveTime>'))).toEqual({
      period: { start: '2022-01-01', end: '2022-02-01' },
    });
    expect(effective(el('<effectiveTime value="20220101"/>'))).toEqual({ dateTime: '2022-01-01' });
    expect(effective(el('<effectiveTime><low nullFlavor="UNK"/></effectiveTime>'))).toEqual({});
  });
});

describe('PQ, CD and II', () => {
  it('makes a UCUM Quantity of a PQ and nothing of a PQ without a number', () => {
    expect(quantity(el('<value xsi:type="PQ" value="16.00" unit="mg/L"/>'))).toEqual({
      value: 16,
      unit: 'mg/L',
      system: 'http://unitsofmeasure.org',
      code: 'mg/L',
    });
    expect(quantity(el('<value xsi:type="PQ" nullFlavor="NI"/>'))).toBeUndefined();
    expect(quantity(el('<value xsi:type="PQ" value="1e400"/>'))).toBeUndefined();
  });

  it('maps OIDs to FHIR system URIs, keeps translations, and leaves a placeholder system out', () => {
    const cd = el(
      '<code code="14957-5" codeSystem="2.16.840.1.113883.6.1" displayName="Microalbumin">' +
        '<translation code="0090334.02" codeSystem="2.16.840.1.113883.2.9.2.30.6.11"/></code>',
    );
    expect(codeableConcept(cd)).toEqual({
      coding: [
        { system: 'http://loinc.org', code: '14957-5', display: 'Microalbumin' },
        { system: 'urn:oid:2.16.840.1.113883.2.9.2.30.6.11', code: '0090334.02' },
      ],
    });
    expect(codeableConcept(el('<code code=" 493.9 " codeSystem="[OID_SISTEMA_CODIFICA]"/>'))).toEqual({
      coding: [{ code: '493.9' }],
    });
    expect(codeableConcept(el('<code nullFlavor="NA"/>'))).toBeUndefined();
  });

  it('makes the codice fiscale the identifier Salus already uses', () => {
    expect(identifier(el('<id root="2.16.840.1.113883.2.9.4.3.2" extension="GTWGWY82B42G920M"/>'))).toEqual({
      system: 'http://hl7.it/sid/codiceFiscale',
      value: 'GTWGWY82B42G920M',
    });
    expect(identifier(el('<id root="1.2.3.4"/>'))).toEqual({ system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3.4' });
  });
});

describe('narrative', () => {
  it('keeps tables and text, drops markup FHIR forbids and links that are not web links', () => {
    const text = el(
      '<text><table ID="t1"><tbody><tr><td onclick="x()">20 &lt; 30</td></tr></tbody></table>' +
        '<linkHtml href="javascript:alert(1)">x</linkHtml><renderMultiMedia referencedObject="img"/>' +
        '<unknown>kept</unknown></text>',
    );
    expect(narrative(text, 'fallback').div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><table id="t1"><tbody><tr><td>20 &lt; 30</td></tr></tbody>' +
        '</table><a>x</a>kept</div>',
    );
    expect(narrative(el('<text>   </text>'), 'Esami').div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Esami</p></div>',
    );
  });
});
