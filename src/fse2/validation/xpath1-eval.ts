/**
 * Evaluates the schematron tests xpath1-route.ts proved equal in XPath 1.0 with libxml2 (C, in wasm) instead of
 * fontoxpath (ADR 0026), on the libxml2 parse the XSD step already made of the same text. A context node of
 * fontoxpath's slimdom tree is found in libxml2's tree by its rank in document order: both are conforming parses of
 * one string, so their elements come in the same order (checked: same count, same first and last names).
 */
import { XmlElement, XmlXPath, type XmlDocument, type XmlNode } from 'libxml2-wasm';
import type { Document, Element, Node } from 'slimdom';
import type { CompiledCheck } from './schematron-compile.ts';

/** The compiled libxml2 expressions of one schematron's routed tests, kept for the engine's life. */
export class XPath1Expressions {
  private readonly compiled = new Map<CompiledCheck, XmlXPath | null>();

  /** The compiled test, or null when it is not routed (or libxml2 refuses it: then fontoxpath evaluates it). */
  of(check: CompiledCheck): XmlXPath | null {
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

/** One document in both trees. `evaluate` returns undefined when the node or the expression cannot be routed. */
export class XPath1Document {
  private readonly xml: XmlDocument;
  private readonly slim: Document;
  private elements: Map<Node, XmlElement> | null = null;

  constructor(xml: XmlDocument, slim: Document) {
    this.xml = xml;
    this.slim = slim;
  }

  private counterpart(node: Node): XmlNode | XmlDocument | undefined {
    if (node === this.slim) return this.xml;
    if (node.nodeType !== 1) return undefined;
    this.elements ??= this.mapElements();
    return this.elements.get(node);
  }

  private mapElements(): Map<Node, XmlElement> {
    const slimElements: Element[] = [];
    const walk = (el: Element): void => {
      slimElements.push(el);
      for (const c of el.children) walk(c);
    };
    if (this.slim.documentElement) walk(this.slim.documentElement);
    // `//*` selects elements only: every item is an XmlElement.
    const xmlElements = this.xml.find('//*').filter((n): n is XmlElement => n instanceof XmlElement);
    const map = new Map<Node, XmlElement>();
    const sameName = (i: number): boolean => slimElements[i]?.localName === xmlElements[i]?.name;
    if (xmlElements.length !== slimElements.length || !sameName(0) || !sameName(xmlElements.length - 1)) return map;
    for (let i = 0; i < slimElements.length; i++) {
      const slim = slimElements[i];
      const xml = xmlElements[i];
      if (slim && xml) map.set(slim, xml);
    }
    return map;
  }

  evaluate(expression: XmlXPath, node: Node): boolean | undefined {
    const target = this.counterpart(node);
    if (!target) return undefined;
    try {
      const value = target.eval(expression);
      return typeof value === 'boolean' ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
