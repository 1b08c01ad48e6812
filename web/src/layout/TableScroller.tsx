import type { ReactNode } from 'react';

interface Props {
  /** Usually the table's caption: names the region for screen readers. */
  label: string;
  children: ReactNode;
}

/**
 * Wide tables scroll sideways on phones. A scrollable box must be reachable
 * with the keyboard to be scrolled without a mouse (WCAG 2.1.1), so it is a
 * focusable, named region.
 */
export function TableScroller({ label, children }: Props) {
  return (
    <div className="table-responsive" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
