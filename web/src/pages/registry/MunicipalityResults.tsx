import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { MunicipalityPage } from '../../api/types.ts';
import { useFormat } from '../../format.ts';
import { pageCount, writeSearch, type SearchState } from './searchState.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { PageLinks } from '../../layout/PageLinks.tsx';

interface Props {
  search: SearchState;
  result: MunicipalityPage;
}

export function MunicipalityResults({ search, result }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  if (result.items.length === 0) return <p>{t('registry.search.none')}</p>;
  return (
    <>
      <TableScroller label={t('registry.search.caption')}>
        <Table striped className="salus-table">
          <caption>{t('registry.search.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registry.search.columns.name')}</th>
              <th scope="col">{t('registry.search.columns.province')}</th>
              <th scope="col">{t('registry.search.columns.ats')}</th>
              <th scope="col">{t('registry.search.columns.istatCode')}</th>
              <th scope="col">{t('registry.search.columns.cadastralCode')}</th>
              <th scope="col" className="text-end">
                {t('registry.search.columns.population')}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((row) => (
              <tr key={row.istatCode}>
                <th scope="row">{row.name}</th>
                <td>{row.provinceName}</td>
                <td>{row.atsName}</td>
                <td>
                  <code>{row.istatCode}</code>
                </td>
                <td>
                  <code>{row.cadastralCode}</code>
                </td>
                <td className="text-end">{format.number(row.population)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableScroller>
      <ResultsPager search={search} total={result.total} />
    </>
  );
}

function ResultsPager({ search, total }: { search: SearchState; total: number }) {
  const { t } = useTranslation();
  const linkTo = (page: number) => `?${writeSearch({ ...search, page }).toString()}`;
  return <PageLinks label={t('registry.search.pager')} page={search.page} pages={pageCount(total)} hrefFor={linkTo} />;
}
