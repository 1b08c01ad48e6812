import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** Colours from the Bootstrap Italia palette, distinct on white. */
export const palette = ['#0066cc', '#008055', '#cc7a00', '#d9364f', '#5c6f82', '#7b3fa0'];

/**
 * A chart is decoration for sighted users: screen readers get the data table
 * next to it, so the drawing itself is hidden from them.
 */
export function ChartBox({ children, height = 260 }: { children: ReactElement; height?: number }) {
  return (
    <div className="salus-chart mb-3" aria-hidden="true" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}
