/**
 * Evaluates the schematron tests xpath1-route.ts proved equal in XPath 1.0 with libxml2 (C, in wasm) instead of
 * fontoxpath (ADR 0026), on the libxml2 parse the XSD step already made of the same text. A context node of
 * fontoxpath's slimdom tree is found in libxml2's tree by its rank in document order: both are conforming parses of
 * one string, so their elements come in the same order (checked: same count, same first and last names).
 */
import { XmlElement, XmlXPath, type XmlDocument, type XmlNode } from 'libxml2-wasm';
import type { Document, Element, Node } from 'slimdom';
import type { XPath1Text } from './schematron-compile.ts';

/** The compiled libxml2 expressions of one schematron's routed tests and rule contexts, kept for the engine's life. */
export class XPath1Expressions {
  private readonly compiled = new Map<{ xpath1: XPath1Text | null }, XmlXPath | null>();

  /** The compiled test or context, or null when it is not routed (or libxml2 refuses it: fontoxpath evaluates it). */
  of(check: { xpath1: XPath1Text | null }): XmlXPath | null {
    let compiled = this.compiled.get(check);
    if (compiled === undefined) {
      compiled = null;
      if (check.xpath1) {
        try {
          compiled = XmlXPath.compile(check.xpath1.expression, check.xpath1.namespaces);
        } catch {
          compiled = null;
        }
      }
      this.compiled.set(check, compiled);
    }
    return compiled;
  }

  dispose(): void {
    for (const compiled of this.compiled.values()) compiled?.dispose();
    this.compiled.clear();
  }
}

/**
 * libxml2-wasm's node wrappers are made anew for each result; the node's address in wasm memory is what identifies
 * it (the library's own `isSameNode` compares it). Read once per selected node to find its rank in document order.
 */
function addressOf(node: XmlNode): number | undefined {
  const address = (node as unknown as { _nodePtr?: unknown })._nodePtr;
  return typeof address === 'number' ? address : undefined;
}

/** Elements of both trees by rank in document order; empty when the two parses do not line up. */
interface ElementMap {
  slim: Element[];
  xml: XmlElement[];
  rankOfSlim: Map<Node, number>;
  rankOfAddress: Map<number, number>;
}

/**
 * One document in both trees. Elements are named by their rank in document order (ADR 0030): a rule context that
 * libxml2 selects needs no slimdom node until a test left on fontoxpath, a message or a location reads it.
 * `evaluate` returns undefined when the node or the expression cannot be routed.
 */
export class XPath1Document {
  private readonly xml: XmlDocument;
  private readonly slim: Document;
  private map: ElementMap | null = null;

  constructor(xml: XmlDocument, slim: Document) {
    this.xml = xml;
    this.slim = slim;
  }

  private elements(): ElementMap {
    this.map ??= this.mapElements();
    return this.map;
  }

  private counterpart(node: Node): XmlNode | XmlDocument | undefined {
    if (node === this.slim) return this.xml;
    const rank = this.rankOf(node);
    return rank < 0 ? undefined : this.elements().xml[rank];
  }

  private mapElements(): ElementMap {
    const slimElements: Element[] = [];
    const walk = (el: Element): void => {
      slimElements.push(el);
      for (const c of el.children) walk(c);
    };
    if (this.slim.documentElement) walk(this.slim.documentElement);
    // `//*` selects elements only: every item is an XmlElement.
    const xmlElements = this.xml.find('//*').filter((n): n is XmlElement => n instanceof XmlElement);
    const empty = (): ElementMap => ({ slim: [], xml: [], rankOfSlim: new Map(), rankOfAddress: new Map() });
    const map = empty();
    const sameName = (i: number): boolean => slimElements[i]?.localName === xmlElements[i]?.name;
    if (xmlElements.length !== slimElements.length || !sameName(0) || !sameName(xmlElements.length - 1)) return map;
    for (let i = 0; i < slimElements.length; i++) {
      const slim = slimElements[i];
      const xml = xmlElements[i];
      if (!slim || !xml) return empty();
      map.rankOfSlim.set(slim, i);
      // Without the address (another libxml2-wasm version), tests still route; contexts go back to fontoxpath.
      const address = addressOf(xml);
      if (address !== undefined) map.rankOfAddress.set(address, i);
    }
    map.slim = slimElements;
    map.xml = xmlElements;
    if (map.rankOfAddress.size !== slimElements.length) map.rankOfAddress.clear();
    return map;
  }

  /** The element's rank in document order, or -1 when it is not an element or the trees do not line up. */
  rankOf(node: Node): number {
    if (node.nodeType !== 1) return -1;
    return this.elements().rankOfSlim.get(node) ?? -1;
  }

  /** The slimdom element of a rank `rankOf` or `select` gave. */
  elementAt(rank: number): Element {
    const element = this.elements().slim[rank];
    if (!element) throw new Error(`no element of rank ${rank}`);
    return element;
  }

  /**
   * The ranks of the elements a node-set expression selects from the document, in document order, or undefined
   * when libxml2 fails or selects anything that is not an element (the runner then selects with fontoxpath).
   */
  select(expression: XmlXPath): number[] | undefined {
    const { rankOfAddress } = this.elements();
    if (rankOfAddress.size === 0) return undefined;
    let nodes: XmlNode[];
    try {
      nodes = this.xml.find(expression);
    } catch {
      return undefined;
    }
    const ranks: number[] = [];
    for (const node of nodes) {
      const address = addressOf(node);
      const rank = address === undefined ? undefined : rankOfAddress.get(address);
      if (rank === undefined) return undefined;
      ranks.push(rank);
    }
    return ranks;
  }

  /** A routed test on the element of that rank. */
  evaluateAt(expression: XmlXPath, rank: number): boolean | undefined {
    const target = this.elements().xml[rank];
    return target ? this.evaluateOn(expression, target) : undefined;
  }

  evaluate(expression: XmlXPath, node: Node): boolean | undefined {
    const target = this.counterpart(node);
    return target ? this.evaluateOn(expression, target) : undefined;
  }

  private evaluateOn(expression: XmlXPath, target: XmlNode | XmlDocument): boolean | undefined {
    try {
      const value = target.eval(expression);
      return typeof value === 'boolean' ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
