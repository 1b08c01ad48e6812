import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { ResultRow } from '../../api/cda.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

/** The section's results from the document's structured entries: value, unit, reference range and flag. */
export function Results({ rows, caption }: { rows: ResultRow[]; caption: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const label = t('cda.results.caption', { section: caption });
  return (
    <TableScroller label={label}>
      <Table striped className="salus-table" data-testid="cda-results">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cda.results.test')}</th>
            <th scope="col">{t('cda.results.value')}</th>
            <th scope="col">{t('cda.results.unit')}</th>
            <th scope="col">{t('cda.results.range')}</th>
            <th scope="col">{t('cda.results.flag')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className={row.abnormal ? 'salus-abnormal' : undefined}>
              <th scope="row">{row.test}</th>
              <td className={row.abnormal ? 'fw-bold' : undefined}>{row.value}</td>
              <td>{row.unit ?? ''}</td>
              <td>{row.referenceRange ?? ''}</td>
              <td>{row.interpretation === null ? '' : <Flag row={row} />}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}

const KNOWN_FLAGS = ['N', 'H', 'L', 'HH', 'LL', 'A', 'AA', 'POS', 'NEG'] as const;
const isKnown = (code: string): code is (typeof KNOWN_FLAGS)[number] =>
  (KNOWN_FLAGS as readonly string[]).includes(code);

/** The flag in words (colour alone never says it, WCAG 1.4.1); an unknown code shows as the document wrote it. */
function Flag({ row }: { row: ResultRow }) {
  const { t } = useTranslation();
  const code = row.interpretation?.code.toUpperCase() ?? '';
  const words = isKnown(code) ? t(`cda.flags.${code}`) : (row.interpretation?.display ?? code);
  return <span className={row.abnormal ? 'badge bg-danger' : 'badge bg-success'}>{words}</span>;
}
