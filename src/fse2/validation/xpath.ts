/**
 * fontoxpath (XPath 3.1) behind a narrow typed face. It is loaded with require() on purpose: its type declarations
 * start with `/// <reference lib="dom" />`, which would pull the DOM lib into the whole project and break the WebCrypto
 * types the certificates module relies on (CryptoKey from node:crypto vs the DOM's). It also ships CommonJS only.
 */
import { createRequire } from 'node:module';
import type { Document, Element } from 'slimdom';

type Variables = Record<string, unknown>;
interface XPathOptions {
  namespaceResolver: (prefix: string) => string | null;
}

interface FontoXPath {
  evaluateXPath: ((
    expr: string,
    context: unknown,
    domFacade: null,
    variables: Variables,
    returnType: number,
    options: XPathOptions,
  ) => unknown) & { ALL_RESULTS_TYPE: number };
  evaluateXPathToBoolean: (expr: string, context: unknown, f: null, v: Variables, o: XPathOptions) => boolean;
  evaluateXPathToNodes: (expr: string, context: unknown, f: null, v: Variables, o: XPathOptions) => unknown[];
  evaluateXPathToString: (expr: string, context: unknown, f: null, v: Variables, o: XPathOptions) => string;
  createTypedValueFactory: (type: string) => (value: unknown, domFacade: null) => unknown;
}

const fontoxpath = createRequire(import.meta.url)('fontoxpath') as FontoXPath;

export type { Variables, XPathOptions };
export const { evaluateXPathToBoolean, evaluateXPathToNodes, evaluateXPathToString } = fontoxpath;

/** Every item of the result, as a JS array. */
export function evaluateAll(expr: string, context: unknown, variables: Variables, options: XPathOptions): unknown[] {
  return fontoxpath.evaluateXPath(
    expr,
    context,
    null,
    variables,
    fontoxpath.evaluateXPath.ALL_RESULTS_TYPE,
    options,
  ) as unknown[];
}

// A JS array handed to fontoxpath as a variable becomes an XPath array; a let's value is a sequence, so wrap it.
const sequenceFactory = fontoxpath.createTypedValueFactory('item()*');
export function asSequence(items: unknown[]): unknown {
  return sequenceFactory(items, null);
}

interface ParseScript {
  parseScript: (script: string, options: { language: string }, factory: unknown) => Element;
  evaluateXPath: { XPATH_3_1_LANGUAGE: string };
}
const { parseScript: parse, evaluateXPath } = fontoxpath as unknown as ParseScript;
/** fontoxpath's own parser: the expression as an XQueryX tree (read by xpath1-route.ts). */
export function parseScript(expression: string, factory: Document): Element {
  return parse(expression, { language: evaluateXPath.XPATH_3_1_LANGUAGE }, factory);
}
