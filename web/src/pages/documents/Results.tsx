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

/** The flag in words (colour alone never says it, WCAG 1.4.1); an unknown code shows as the document wrote it. */
function Flag({ row }: { row: ResultRow }) {
  const { t } = useTranslation();
  const code = row.interpretation?.code.toUpperCase() ?? '';
  const known: Record<string, string> = {
    N: t('cda.flags.N'),
    H: t('cda.flags.H'),
    L: t('cda.flags.L'),
    HH: t('cda.flags.HH'),
    LL: t('cda.flags.LL'),
    A: t('cda.flags.A'),
    AA: t('cda.flags.AA'),
    POS: t('cda.flags.POS'),
    NEG: t('cda.flags.NEG'),
  };
  const words = known[code] ?? row.interpretation?.display ?? code;
  return <span className={row.abnormal ? 'badge bg-danger' : 'badge bg-success'}>{words}</span>;
}
