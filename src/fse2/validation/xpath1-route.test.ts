/**
 * The XPath 1.0 route's allow-list (ADR 0026). Each excluded construct is shown to mean something else in libxml2's
 * XPath 1.0 than in fontoxpath's XPath 2.0 on a small document, so the exclusion is needed, not just cautious; each
 * allowed one is routed and gives fontoxpath's answer.
 */
import { XmlDocument, XmlXPath } from 'libxml2-wasm';
import { parseXmlDocument } from 'slimdom';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateXPathToBoolean } from './xpath.ts';
import { XPath1Document } from './xpath1-eval.ts';
import { routeToXPath1 } from './xpath1-route.ts';
import { SAFE_PARSE } from './xsd.ts';

const NS = { hl7: 'urn:hl7-org:v3' };
const XML =
  '<ClinicalDocument xmlns="urn:hl7-org:v3"><value a="10" b="9" n="1e3" flag="false"/>' +
  '<id root="x"/><id root="y"/><text>one<![CDATA[two]]></text></ClinicalDocument>';
const slim = parseXmlDocument(XML);
const xml = XmlDocument.fromString(XML, { option: SAFE_PARSE });
const both = new XPath1Document(xml, slim);
afterAll(() => {
  xml.dispose();
});
const context = slim.documentElement;
const options = { namespaceResolver: (prefix: string): string | null => (prefix === 'hl7' ? NS.hl7 : null) };

/** fontoxpath's answer (or its error) and libxml2's answer to the same text, read as XPath 1.0. */
function answers(expression: string): { xpath2: boolean | string; xpath1: boolean | undefined } {
  let xpath2: boolean | string;
  try {
    xpath2 = evaluateXPathToBoolean(expression, context, null, {}, options);
  } catch {
    xpath2 = 'error';
  }
  const compiled = XmlXPath.compile(`boolean(${expression})`, NS);
  try {
    return { xpath2, xpath1: context ? both.evaluate(compiled, context) : undefined };
  } finally {
    compiled.dispose();
  }
}

describe('excluded: the two languages disagree', () => {
  it.each([
    // Relational operators on untyped values: numbers in 1.0 (10 > 9), strings in 2.0 ('10' < '9').
    ['hl7:value/@a < hl7:value/@b', 'not a number'],
    // A string function on two nodes: an error in 2.0, the first node's value in 1.0.
    ["starts-with(hl7:id/@root, 'x')", 'string argument'],
    // A comparison with a boolean: 1.0 converts the node set to boolean, 2.0 casts "false" to xs:boolean.
    ['hl7:value/@flag = false()', 'comparison of nodes with boolean'],
    // A node against a number: 2.0 casts "false" to xs:double and fails (FORG0001), 1.0 compares NaN (false).
    ['hl7:value/@flag = 1', 'comparison of nodes with number'],
  ])('%s stays on fontoxpath', (expression, reason) => {
    const { xpath1, xpath2 } = answers(expression);
    expect(xpath1).not.toBe(xpath2);
    const routed = routeToXPath1(expression, NS);
    expect(routed).toEqual({ reason: expect.stringContaining(reason) as string });
  });

  it.each([
    // A variable no let in scope defines (the lets' cases are in xpath1-lets.test.ts).
    ['$variable', 'variable $variable not routable'],
    ["matches(@root, '[a-z]')", 'function matches#2'],
    ['hl7:value/@a eq "10"', 'eqOp'],
    // Text nodes: the 2.0 data model merges adjacent text and CDATA; libxml2 and slimdom both keep them apart.
    ['count(hl7:text/text()) = 2', 'node test'],
    ['if (hl7:id) then true() else false()', 'ifThenElseExpr'],
    ['*:id', 'namespace wildcard'],
    ['count(.//node()) > 0', 'node test'],
    ['boolean(.//self::node())', '`//` then'],
    ['1e3 = 1000', 'doubleConstantExpr'],
  ])('%s stays on fontoxpath (not XPath 1.0, or not provably the same)', (expression, reason) => {
    expect(routeToXPath1(expression, NS)).toEqual({ reason: expect.stringContaining(reason) as string });
  });
});

describe('allowed: routed and equal', () => {
  it.each([
    ["count(hl7:id[@root='x']) = 1 and not(hl7:missing)", 'boolean(((count(child::hl7:id[(attribute::root = '],
    ["hl7:id/@root = 'y'", 'boolean((child::hl7:id/attribute::root = '],
    ['count(hl7:id) > 1', 'boolean((count(child::hl7:id) > 1))'],
    ["starts-with(hl7:id[1]/@root, 'x')", 'boolean(starts-with(child::hl7:id[1]/attribute::root,'],
    ["exists(//hl7:value) or empty(hl7:id[@root = 'z'])", 'boolean((boolean(/descendant-or-self::node()/child::'],
    ["string-length(normalize-space(@missing)) = 0 and concat('a', \"it's\") != ''", 'boolean(((string-length('],
    ["(hl7:id | hl7:value)[1]/@root = 'x'", 'boolean(((((child::hl7:id | child::hl7:value)))[1]/attribute::root'],
    ['count(hl7:value/ancestor::hl7:ClinicalDocument) + 1 = 2', 'boolean(((count(child::hl7:value/ancestor::'],
  ])('%s', (expression, prefix) => {
    const routed = routeToXPath1(expression, NS);
    if (!('xpath1' in routed)) throw new Error(`not routed: ${routed.reason}`);
    expect(routed.xpath1.startsWith(prefix), routed.xpath1).toBe(true);
    const compiled = XmlXPath.compile(routed.xpath1, routed.namespaces);
    try {
      const xpath2 = evaluateXPathToBoolean(expression, context, null, {}, options);
      expect(context ? both.evaluate(compiled, context) : undefined).toBe(xpath2);
    } finally {
      compiled.dispose();
    }
  });
});
