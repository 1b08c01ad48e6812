import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { AgeBandStats } from '../../api/types.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

interface Props {
  bands: AgeBandStats[];
}

export function AgeBandTable({ bands }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = bands.reduce((sum, band) => sum + band.count, 0);
  return (
    <TableScroller label={t('registry.byAge.caption')}>
      <Table striped className="salus-table">
        <caption>{t('registry.byAge.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.byAge.band')}</th>
            <th scope="col" className="text-end">
              {t('registry.byAge.count')}
            </th>
            <th scope="col" className="text-end">
              {t('registry.byAge.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {bands.map((band) => (
            <tr key={band.band}>
              <th scope="row">{band.band}</th>
              <td className="text-end">{format.number(band.count)}</td>
              <td className="text-end">{format.percent(band.count, total)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
