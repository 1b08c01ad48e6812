import { createElement, type ReactNode } from 'react';
import type { NarrativeElement, NarrativeNode } from '../../api/cda.ts';

const CLASS_NAMES = {
  bold: 'fw-bold',
  italic: 'fst-italic',
  underline: 'text-decoration-underline',
  emphasis: 'fst-italic',
} as const;

/**
 * A section's narrative as React elements (ADR 0012): tags from the decoder's allow-list, class names from a fixed
 * map, text as text nodes. No attribute of the document reaches the page, and nothing here sets inner HTML.
 */
export function Narrative({ nodes }: { nodes: NarrativeNode[] }) {
  if (nodes.length === 0) return null;
  return <div className="salus-narrative">{render(nodes)}</div>;
}

function render(nodes: NarrativeNode[]): ReactNode[] {
  return nodes.map((node, index) => (typeof node === 'string' ? node : element(node, index)));
}

function element(node: NarrativeElement, key: number): ReactNode {
  const className = [...new Set(node.classes.map((c) => CLASS_NAMES[c]))].join(' ') || undefined;
  const props = {
    key,
    className,
    ...(node.colSpan === undefined ? {} : { colSpan: node.colSpan }),
    ...(node.rowSpan === undefined ? {} : { rowSpan: node.rowSpan }),
  };
  if (node.tag === 'br') return <br key={key} />;
  // A narrative table is wide on a phone: it scrolls within its own box, not the page.
  if (node.tag === 'table')
    return (
      <div key={key} className="table-responsive">
        {createElement('table', { ...props, className: 'table table-sm salus-table' }, ...render(node.children))}
      </div>
    );
  return createElement(node.tag, props, ...render(node.children));
}
