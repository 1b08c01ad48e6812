import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import { exportHref } from '../../api/dashboard.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

export interface DataRow {
  key: string;
  /** The first cell is the row's header. */
  cells: ReactNode[];
}

interface Props {
  caption: string;
  columns: string[];
  rows: DataRow[];
  /** The export's table name (src/dashboard), for the "Download CSV" link; none for derived tables. */
  csv?: { table: string; campaign: string };
  testId?: string;
  /** Long tables start folded under a "show the figures" summary. */
  collapsed?: boolean;
}

/** A chart's accessible alternative: the same figures as a table, and their CSV export. */
export function DataTable({ caption, columns, rows, csv, testId, collapsed = false }: Props) {
  const { t } = useTranslation();
  const table = (
    <TableScroller label={caption}>
      <Table size="sm" striped className="mb-2">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{t('dashboard.noData')}</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <th scope="row" key={index}>
                    {cell}
                  </th>
                ) : (
                  <td key={index}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
  return (
    <div className="salus-data-table" data-testid={testId}>
      {collapsed ? (
        <details className="mb-2">
          <summary>{t('dashboard.showTable', { table: caption, count: rows.length })}</summary>
          {table}
        </details>
      ) : (
        table
      )}
      {csv && (
        <p className="salus-no-print">
          <a href={exportHref(csv.table, csv.campaign)} download={`${csv.table}.csv`}>
            {t('dashboard.csv', { table: caption })}
          </a>
        </p>
      )}
    </div>
  );
}
