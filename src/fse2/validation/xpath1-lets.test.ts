/**
 * ADR 0030: lets substituted into routed tests, and rule contexts selected in libxml2. Each unsound substitution
 * is shown to change the answer on a small document (so refusing it is needed), and the runner's outcome with the
 * route (skipped lets, libxml2 contexts, fallbacks) is the outcome without it.
 */
import { XmlDocument, XmlXPath } from 'libxml2-wasm';
import { parseXmlDocument, type Node } from 'slimdom';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchematron, type CompiledCheck, type CompiledLet } from './schematron-compile.ts';
import { runSchematron } from './schematron-run.ts';
import { asSequence, evaluateAll, evaluateXPathToBoolean, type Variables } from './xpath.ts';
import { XPath1Document, XPath1Expressions } from './xpath1-eval.ts';
import { SAFE_PARSE } from './xsd.ts';

const HL7 = 'urn:hl7-org:v3';
const XML =
  `<ClinicalDocument xmlns="${HL7}"><id root="x"/><id root="y"/><value a="10"/>` +
  '<section ID="s1"><id root="x"/></section><section><id root="z"/></section></ClinicalDocument>';
const slim = parseXmlDocument(XML);
const xml = XmlDocument.fromString(XML, { option: SAFE_PARSE });
const both = new XPath1Document(xml, slim);
const expressions = new XPath1Expressions();
afterAll(() => {
  expressions.dispose();
  xml.dispose();
});
const options = { namespaceResolver: (prefix: string): string | null => (prefix === 'hl7' ? HL7 : null) };
const root = slim.documentElement as Node;

const SCHEMATRON = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="hl7" uri="${HL7}"/>
  <let name="g" value="hl7:id/@root"/>
  <let name="abs" value="/hl7:ClinicalDocument/hl7:id[1]/@root"/>
  <pattern>
    <rule context="hl7:ClinicalDocument">
      <let name="ids" value="hl7:id"/>
      <let name="n" value="count($ids)"/>
      <let name="r" value="hl7:id[1]/@root"/>
      <assert test="$n = 2">E1| chain</assert>
      <assert test="$n = 3">E0| chain, failed</assert>
      <assert test="count($g) = 0">E2| schema-level relative let</assert>
      <assert test="hl7:id[@root = $r]">E3| in a predicate</assert>
      <assert test="hl7:id[@root = $abs]">E4| context-free let in a predicate</assert>
      <let name="g" value="hl7:value"/>
      <assert test="count($g) = 1">E5| shadowed</assert>
      <let name="m" value="matches(hl7:id[1]/@root, 'x')"/>
      <assert test="$m">E6| not routable</assert>
      <report test="$n = 2">W1| first id <value-of select="$r"/>, <value-of select="$n"/> ids</report>
    </rule>
  </pattern>
  <pattern>
    <rule context="hl7:id[@root = 'x']"><assert test="false()">E7| first rule wins</assert></rule>
    <rule context="hl7:id | hl7:section/@*"><report test="true()">W2| second rule</report></rule>
  </pattern>
  <pattern>
    <rule context="hl7:section">
      <let name="one" value="hl7:id/@root"/>
      <let name="label" value="if ($one = 'x') then 'first' else if ($one = 'z') then 'second' else ''"/>
      <let name="path" value="string-join(for $n in ancestor-or-self::* return $n ! concat('/', name()), '')"/>
      <assert test="$one = 'x'">E8| <value-of select="$label"/> at <value-of select="$path"/></assert>
      <let name="texts" value="string-join(for $n in ancestor-or-self::* return $n ! string(*), '')"/>
      <let name="bad" value="string(../hl7:id/@root)"/>
      <assert test="true()">E9| never reached</assert>
    </rule>
  </pattern>
</schema>`;
const schema = compileSchematron(SCHEMATRON);
const rule = schema.patterns[0]?.[0];
const check = (id: string): CompiledCheck => {
  const found = rule?.steps.find(
    (s): s is CompiledCheck => s.kind !== 'let' && s.message.some((p) => 'text' in p && p.text.startsWith(id)),
  );
  if (!found) throw new Error(`no check ${id}`);
  return found;
};
const letNamed = (name: string, nth = 0): CompiledLet | undefined =>
  rule?.steps.filter((s): s is CompiledLet => s.kind === 'let' && s.name === name)[nth];

/** fontoxpath's answer with the lets evaluated as the runner does (schema lets at the document node). */
function xpath2(test: string): boolean {
  const variables: Variables = {};
  for (const global of schema.globals)
    variables[global.name] = asSequence(evaluateAll(global.value, slim, variables, options));
  for (const step of rule?.steps ?? []) {
    if (step.kind !== 'let' || step.name === 'g') continue;
    variables[step.name] = asSequence(evaluateAll(step.value, root, variables, options));
  }
  return evaluateXPathToBoolean(test, root, null, variables, options);
}

/** libxml2's answer to an XPath 1.0 text at the root element. */
function xpath1(text: string): boolean | undefined {
  const compiled = XmlXPath.compile(text, { hl7: HL7 });
  try {
    return both.evaluate(compiled, root);
  } finally {
    compiled.dispose();
  }
}

describe('lets substituted into tests', () => {
  it('routes a let chain and a shadowing rule let, with the types of their values', () => {
    expect(check('E1').xpath1?.expression).toBe('boolean(((count((child::hl7:id))) = 2))');
    expect(check('E5').xpath1?.expression).toBe('boolean((count((child::hl7:value)) = 1))');
    expect(check('W1').xpath1?.expression).toBe('boolean(((count((child::hl7:id))) = 2))');
  });

  it('substitutes a context-free schema let even in a predicate', () => {
    expect(check('E4').xpath1?.expression).toContain('[(attribute::root = (/child::hl7:ClinicalDocument/');
    expect(xpath1(check('E4').xpath1?.expression ?? '')).toBe(xpath2('hl7:id[@root = $abs]'));
  });

  it('keeps a schema-level relative let on fontoxpath: it was evaluated at the document node', () => {
    expect(check('E2').xpath1).toBeNull();
    // Substituted, it would read the rule's context instead: a different answer.
    expect(xpath1('boolean(count((child::hl7:id/attribute::root)) = 0)')).not.toBe(xpath2('count($g) = 0'));
  });

  it('keeps a context-reading let in a predicate on fontoxpath: the predicate has another context', () => {
    expect(check('E3').xpath1).toBeNull();
    const substituted = 'boolean(child::hl7:id[attribute::root = (child::hl7:id[1]/attribute::root)])';
    expect(xpath1(substituted)).not.toBe(xpath2('hl7:id[@root = $r]'));
  });

  it('keeps a test on a let whose value does not route on fontoxpath', () => {
    expect(check('E6').xpath1).toBeNull();
  });

  it('skips only routable lets that no fontoxpath test reads', () => {
    expect(letNamed('ids')?.skippable).toBe(true);
    expect(letNamed('n')?.skippable).toBe(true);
    expect(letNamed('g')?.skippable).toBe(true);
    // Read by E3, which stays on fontoxpath; W1's message reads it on demand.
    expect(letNamed('r')?.skippable).toBe(false);
    // Its evaluation may raise the error the runner reports.
    expect(letNamed('m')?.skippable).toBe(false);
    const section = schema.patterns[2]?.[0]?.steps.filter((s): s is CompiledLet => s.kind === 'let');
    // label and path only feed a message and cannot fail; texts would fail (string() of several children), as bad does.
    expect(section?.map((l) => [l.name, l.skippable])).toEqual([
      ['one', true],
      ['label', true],
      ['path', true],
      ['texts', false],
      ['bad', false],
    ]);
    const texts = section?.find((l) => l.name === 'texts')?.value ?? '';
    expect(() => evaluateAll(texts, root, {}, options)).toThrow(/XPTY0004/);
  });
});

describe('rule contexts selected in libxml2', () => {
  it('routes every branch as written from the document node', () => {
    const branches = schema.patterns[1]?.[1]?.branches ?? [];
    expect(branches.map((b) => b.xpath1?.expression)).toEqual([
      '/descendant-or-self::node()/child::hl7:id',
      '/descendant-or-self::node()/child::hl7:section/attribute::*',
    ]);
    // Elements come back as their ranks in document order; an attribute sends the branch back to fontoxpath.
    const select = (i: number): number[] | undefined => {
      const compiled = expressions.of(branches[i] ?? { xpath1: null });
      if (!compiled) throw new Error(`branch ${String(i)} not compiled`);
      return both.select(compiled);
    };
    expect(select(0)).toEqual([1, 2, 5, 7]);
    expect(select(1)).toBeUndefined();
  });

  it('gives the same outcome with the route as without: ids, messages, locations, order', () => {
    const route = { document: new XPath1Document(xml, slim), expressions };
    const withRoute = runSchematron(schema, slim, route);
    expect(withRoute).toEqual(runSchematron(schema, slim));
    expect(withRoute.warnings.find((w) => w.id === 'W1')?.message).toBe('first id x, 2 ids');
    expect(withRoute.errors.find((e) => e.id === 'E8')?.message).toBe('second at /ClinicalDocument/section');
    const found = (list: { id: string; location: string }[]): string[] => list.map((f) => `${f.id} ${f.location}`);
    expect(found(withRoute.errors)).toEqual([
      'E0 /ClinicalDocument[1]',
      'E7 /ClinicalDocument[1]/id[1]',
      'E7 /ClinicalDocument[1]/section[1]/id[1]',
      'SCHEMATRON-EVALUATION /ClinicalDocument[1]/section[1]',
      'E8 /ClinicalDocument[1]/section[2]',
      'SCHEMATRON-EVALUATION /ClinicalDocument[1]/section[2]',
    ]);
    expect(found(withRoute.warnings)).toEqual([
      'W1 /ClinicalDocument[1]',
      'W2 /ClinicalDocument[1]/id[2]',
      'W2 /ClinicalDocument[1]/section[2]/id[1]',
      'W2 /ClinicalDocument[1]/section[1]/@ID',
    ]);
  });
});
