/**
 * Differential test of ADR 0026: every assert/report test that xpath1-route.ts sends to libxml2 gives the same boolean
 * there as in fontoxpath, on every context node of its rule, for every catalog schematron over the national examples
 * and, for each validator-corpus folder, its schV3 schematron and its type's catalog schematron over every document
 * of the folder. A fontoxpath error on a routed test counts as a difference (the runner would report it). On the
 * examples, the whole schematron outcome (findings, ids, messages, locations) is also the same with and without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { parseXmlDocument, type Document, type Node } from 'slimdom';
import { afterAll, expect, it } from 'vitest';
import { corpusDocuments, corpusSchematron, FSE2_CORPUS, FSE2_EXAMPLES } from '../../../test/support/fse2/testdata.ts';
import { DEFAULT_CATALOG_DIR } from './catalog.ts';
import { compileSchematron, type CompiledRule, type CompiledSchematron } from './schematron-compile.ts';
import { runSchematron } from './schematron-run.ts';
import { DEFAULT_MAX_BYTES, decodeXml } from './xml-input.ts';
import { asSequence, evaluateAll, evaluateXPathToBoolean, evaluateXPathToNodes, type Variables } from './xpath.ts';
import { XPath1Document, XPath1Expressions } from './xpath1-eval.ts';
import { SAFE_PARSE, XsdSchemas } from './xsd.ts';

const CATALOG_SCHEMATRONS = join(DEFAULT_CATALOG_DIR, 'schematron');
const CORPUS_CATALOG: Record<string, string> = {
  LDO: 'schematronFSE_LDO_v5.5.sch',
  PSS: 'schematron_PSS_v4.0.sch',
  RAD: 'schematronFSE_RAD_v4.1.sch',
  VACC: 'schematron_certificato_VACC_v2.4.sch',
};

const schemas = new XsdSchemas(join(DEFAULT_CATALOG_DIR, 'schema'));
afterAll(() => {
  schemas.dispose();
});

interface Parsed {
  name: string;
  slim: Document;
  xml: XmlDocument;
}

/** Both trees of a document; libxml2's after the XSD step when it passes, as the validator hands it on. */
function parse(file: string): Parsed | null {
  const decoded = decodeXml(readFileSync(file), DEFAULT_MAX_BYTES);
  if (!decoded.ok) return null;
  let slim: Document;
  try {
    slim = parseXmlDocument(decoded.text);
  } catch {
    return null;
  }
  const typeId = slim.documentElement?.children.find((c) => c.localName === 'typeId')?.getAttribute('extension');
  const xsd = schemas.validate(decoded.text, typeId ?? null, true);
  const kept = xsd.wellFormed ? xsd.document : undefined;
  return { name: file, slim, xml: kept ?? XmlDocument.fromString(decoded.text, { option: SAFE_PARSE }) };
}

interface Tally {
  compared: number;
  contexts: number;
  contextsOnFontoxpath: number;
  routedTests: number;
  tests: number;
  differences: string[];
}

function compare(schema: CompiledSchematron, label: string, docs: Parsed[], tally: Tally, whole: boolean): void {
  const options = { namespaceResolver: (prefix: string) => schema.namespaces[prefix] ?? null };
  const expressions = new XPath1Expressions();
  for (const doc of docs) {
    const route = new XPath1Document(doc.xml, doc.slim);
    // Otherwise nothing is routed on this document and every comparison below would pass vacuously.
    if (doc.slim.documentElement && route.rankOf(doc.slim.documentElement) !== 0) {
      tally.differences.push(`${label} ${doc.name}: the two trees do not line up`);
    }
    const variables: Variables = {};
    for (const global of schema.globals) {
      variables[global.name] = asSequence(evaluateAll(global.value, doc.slim, variables, options));
    }
    for (const rule of schema.patterns.flat()) {
      compareContexts(rule, route, expressions, doc, variables, options, label, tally);
      const nodes = evaluateXPathToNodes(rule.select, doc.slim, null, variables, options) as Node[];
      for (const node of nodes) compareSteps(rule, node, route, expressions, variables, options, label, tally);
    }
    if (whole) {
      const withRoute = runSchematron(schema, doc.slim, { document: route, expressions });
      expect(withRoute, `${label} ${doc.name}`).toEqual(runSchematron(schema, doc.slim));
    }
  }
  const checks = schema.patterns.flat().flatMap((r) => r.steps.filter((s) => s.kind !== 'let'));
  tally.tests += checks.length;
  tally.routedTests += checks.filter((c) => 'xpath1' in c && c.xpath1).length;
  expressions.dispose();
}

type Options = { namespaceResolver: (prefix: string) => string | null };

/** Each routed branch of the rule's context: the same elements, in the same order, as fontoxpath selects. */
function compareContexts(
  rule: CompiledRule,
  route: XPath1Document,
  expressions: XPath1Expressions,
  doc: Parsed,
  variables: Variables,
  options: Options,
  label: string,
  tally: Tally,
): void {
  for (const branch of rule.branches) {
    if (!branch.xpath1) continue;
    const compiled = expressions.of(branch);
    if (!compiled) tally.differences.push(`${label}: libxml2 refuses context ${branch.xpath1.expression}`);
    if (!compiled) continue;
    const expected = (evaluateXPathToNodes(branch.path, doc.slim, null, variables, options) as Node[]).map((n) =>
      route.rankOf(n),
    );
    const actual = route.select(compiled);
    tally.contexts++;
    if (actual === undefined) tally.contextsOnFontoxpath++;
    // undefined: a selected node is not an element; the runner then selects the branch with fontoxpath.
    if (actual === undefined && expected.every((rank) => rank >= 0)) {
      tally.differences.push(`${label} ${doc.name}: context ${branch.path} not selected by libxml2`);
    } else if (actual !== undefined && actual.join() !== expected.join()) {
      tally.differences.push(`${label} ${doc.name}: context ${branch.path} -> ${actual.join()} vs ${expected.join()}`);
    }
  }
}

/**
 * The rule's steps on one context node as the runner evaluates them without the route (lets in order, a let's error
 * ends the rule), each routed test against libxml2's answer; a skippable let must evaluate without an error.
 */
function compareSteps(
  rule: CompiledRule,
  node: Node,
  route: XPath1Document,
  expressions: XPath1Expressions,
  variables: Variables,
  options: Options,
  label: string,
  tally: Tally,
): void {
  const scope: Variables = { ...variables };
  for (const step of rule.steps) {
    if (step.kind === 'let') {
      try {
        scope[step.name] = asSequence(evaluateAll(step.value, node, scope, options));
      } catch (error) {
        if (step.skippable) tally.differences.push(`${label}: skippable let ${step.value} fails: ${String(error)}`);
        return;
      }
      continue;
    }
    const compiled = expressions.of(step);
    if (!step.xpath1) continue;
    // Every routed test compiles in libxml2: otherwise it would silently stay on fontoxpath.
    if (!compiled) tally.differences.push(`${label}: libxml2 refuses ${step.xpath1.expression}`);
    if (!compiled) continue;
    let expected: boolean | string;
    try {
      expected = evaluateXPathToBoolean(step.test, node, null, scope, options);
    } catch (error) {
      expected = `error ${(error as Error).message.split('\n')[0] ?? ''}`;
    }
    const actual = route.evaluate(compiled, node);
    tally.compared++;
    if (actual !== expected) {
      tally.differences.push(`${label}: ${step.test} -> ${String(actual)} vs ${String(expected)}`);
    }
  }
}

/** The static share routed (ADR 0030's table): tests, context branches, lets the runner may skip. */
function shares(schema: CompiledSchematron): string {
  const rules = schema.patterns.flat();
  const steps = rules.flatMap((r) => r.steps);
  const checks = steps.filter((s) => s.kind !== 'let');
  const lets = steps.filter((s) => s.kind === 'let');
  const branches = rules.flatMap((r) => r.branches);
  const routed = checks.filter((c) => c.xpath1).length;
  return (
    `tests ${routed}/${checks.length}, contexts ${branches.filter((b) => b.xpath1).length}/${branches.length}, ` +
    `lets skippable ${lets.filter((l) => l.skippable).length}/${lets.length}`
  );
}

const load = (path: string): CompiledSchematron => compileSchematron(readFileSync(path, 'utf8'));

const emptyTally = (): Tally => ({
  compared: 0,
  contexts: 0,
  contextsOnFontoxpath: 0,
  routedTests: 0,
  tests: 0,
  differences: [],
});

it(
  'routed tests give fontoxpath booleans on the national examples, every catalog schematron',
  { timeout: 600_000 },
  () => {
    const docs = readdirSync(FSE2_EXAMPLES)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => parse(join(FSE2_EXAMPLES, f)))
      .filter((d): d is Parsed => d !== null);
    expect(docs.length).toBeGreaterThanOrEqual(9);
    const tally = emptyTally();
    const report: string[] = [];
    for (const file of readdirSync(CATALOG_SCHEMATRONS).sort()) {
      const before = { ...tally };
      const schema = load(join(CATALOG_SCHEMATRONS, file));
      compare(schema, file, docs, tally, true);
      const contexts = tally.contexts - before.contexts;
      const back = tally.contextsOnFontoxpath - before.contextsOnFontoxpath;
      const compared = `${tally.compared - before.compared} evaluations, ${contexts} contexts (${back} not elements)`;
      report.push(`${file}: ${shares(schema)}; compared ${compared}`);
    }
    for (const doc of docs) doc.xml.dispose();
    console.log(`ADR 0026/0030 differential, national examples:\n${report.join('\n')}`);
    expect(tally.differences).toEqual([]);
    expect(tally.compared).toBeGreaterThan(10_000);
  },
);

it.each(Object.keys(CORPUS_CATALOG))(
  'routed tests give fontoxpath booleans on validator-corpus %s (schV3 and catalog schematrons)',
  { timeout: 600_000 },
  (type) => {
    const folder = join(FSE2_CORPUS, `schematron${type}`);
    const docs: Parsed[] = [];
    for (const { path } of corpusDocuments(`schematron${type}`)) {
      const parsed = parse(path);
      if (parsed) docs.push(parsed);
    }
    expect(docs.length).toBeGreaterThan(20);
    const schV3 = corpusSchematron(`schematron${type}`) ?? '';
    const tally = emptyTally();
    // The whole outcome is compared on the examples only: the corpus's is the parity test's, and doubling ~500
    // schematron runs would add minutes to the suite.
    const schema = load(join(folder, 'schV3', schV3));
    compare(schema, schV3, docs, tally, false);
    const catalogFile = CORPUS_CATALOG[type] ?? '';
    compare(load(join(CATALOG_SCHEMATRONS, catalogFile)), catalogFile, docs, tally, false);
    for (const doc of docs) doc.xml.dispose();
    console.log(
      `ADR 0026/0030 differential, corpus ${type}: ${docs.length} documents, ${tally.compared} evaluations, ` +
        `${tally.contexts} contexts (${tally.contextsOnFontoxpath} not elements); ${schV3}: ${shares(schema)}`,
    );
    expect(tally.differences).toEqual([]);
    expect(tally.compared).toBeGreaterThan(1_000);
  },
);
