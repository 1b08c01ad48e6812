import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import { vaccinationList, type RecordBase, type Vaccination } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';

/** Doses given at the vaccination centres (the same records the centres keep). */
export function VaccinationsSection({ base }: { base: RecordBase }) {
  const { t } = useTranslation();
  const list = useApi(`${base}/vaccinations`, vaccinationList);
  return (
    <section id="vaccinazioni" aria-labelledby="vaccinations-heading" className="mb-5">
      <h2 id="vaccinations-heading">{t('fse.vaccinations.heading')}</h2>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && <VaccinationTable vaccinations={list.data} />}
    </section>
  );
}

function VaccinationTable({ vaccinations }: { vaccinations: Vaccination[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (vaccinations.length === 0) return <p>{t('fse.vaccinations.none')}</p>;
  return (
    <TableScroller label={t('fse.vaccinations.caption')}>
      <Table striped className="salus-table">
        <caption>{t('fse.vaccinations.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.vaccinations.columns.date')}</th>
            <th scope="col">{t('fse.vaccinations.columns.product')}</th>
            <th scope="col">{t('fse.vaccinations.columns.dose')}</th>
            <th scope="col">{t('fse.vaccinations.columns.centre')}</th>
            <th scope="col">{t('fse.vaccinations.columns.lot')}</th>
          </tr>
        </thead>
        <tbody>
          {vaccinations.map((v) => (
            <tr key={v.id}>
              <td className="text-nowrap">{format.dateTime(v.date)}</td>
              <th scope="row">{v.product}</th>
              <td>
                {v.doseNumber === null
                  ? '–'
                  : v.doses === null
                    ? String(v.doseNumber)
                    : t('fse.vaccinations.doseOf', { dose: v.doseNumber, doses: v.doses })}
              </td>
              <td>{v.centre}</td>
              <td>
                <code>{v.lot}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
