import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { ProvinceStats } from '../../api/types.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

interface Props {
  provinces: ProvinceStats[];
}

export function ProvinceTable({ provinces }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = provinces.reduce(
    (sum, row) => ({ citizens: sum.citizens + row.citizens, population: sum.population + row.population }),
    { citizens: 0, population: 0 },
  );
  return (
    <TableScroller label={t('registry.byProvince.caption')}>
      <Table striped className="salus-table">
        <caption>{t('registry.byProvince.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.byProvince.province')}</th>
            <th scope="col">{t('registry.byProvince.ats')}</th>
            <th scope="col" className="text-end">
              {t('registry.byProvince.citizens')}
            </th>
            <th scope="col" className="text-end">
              {t('registry.byProvince.population')}
            </th>
          </tr>
        </thead>
        <tbody>
          {provinces.map((row) => (
            <tr key={row.provinceAbbr}>
              <th scope="row">
                {row.provinceName} <span className="text-secondary">({row.provinceAbbr})</span>
              </th>
              <td>{row.atsName}</td>
              <td className="text-end">{format.number(row.citizens)}</td>
              <td className="text-end">{format.number(row.population)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('registry.byProvince.total')}
            </th>
            <td className="text-end fw-semibold">{format.number(total.citizens)}</td>
            <td className="text-end fw-semibold">{format.number(total.population)}</td>
          </tr>
        </tfoot>
      </Table>
    </TableScroller>
  );
}
