import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Table } from 'design-react-kit';
import { documentPagePath, type RecordBase } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { vaccinationHistory, type VaccinationEntry } from '../../api/views.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';

/**
 * The vaccination history from every source: the doses given at Salus's centres and those in vaccination documents
 * from elsewhere, each dose once with every source that records it (src/fse2/views/vaccination-history.ts).
 */
export function VaccinationsSection({ base }: { base: RecordBase }) {
  const { t } = useTranslation();
  const history = useApi(`${base}/vaccination-history`, vaccinationHistory);
  return (
    <section id="vaccinazioni" aria-labelledby="vaccinations-heading" className="mb-5">
      <h2 id="vaccinations-heading">{t('fse.vaccinations.heading')}</h2>
      {history.status === 'loading' && <Loading />}
      {history.status === 'error' && <ApiProblem error={history.error} onRetry={history.reload} />}
      {history.status === 'ok' && <VaccinationTable base={base} vaccinations={history.data.vaccinations} />}
    </section>
  );
}

function VaccinationTable({ base, vaccinations }: { base: RecordBase; vaccinations: VaccinationEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (vaccinations.length === 0) return <p>{t('fse.vaccinations.none')}</p>;
  return (
    <TableScroller label={t('fse.vaccinations.caption')}>
      <Table striped className="salus-table" data-testid="vaccination-history">
        <caption>{t('fse.vaccinations.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.vaccinations.columns.date')}</th>
            <th scope="col">{t('fse.vaccinations.columns.product')}</th>
            <th scope="col">{t('fse.vaccinations.columns.dose')}</th>
            <th scope="col">{t('fse.vaccinations.columns.lot')}</th>
            <th scope="col">{t('fse.vaccinations.columns.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {vaccinations.map((v) => (
            <tr key={v.sources.map((s) => s.immunizationId).join(' ')}>
              <td className="text-nowrap">{v.date.includes('T') ? format.dateTime(v.date) : format.date(v.date)}</td>
              <th scope="row">
                {v.vaccine}
                {v.disease !== null && <span className="d-block small">{v.disease}</span>}
              </th>
              <td>
                {v.doseNumber === null
                  ? '–'
                  : v.doses === null
                    ? String(v.doseNumber)
                    : t('fse.vaccinations.doseOf', { dose: v.doseNumber, doses: v.doses })}
              </td>
              <td>{v.lot === null ? '–' : <code>{v.lot}</code>}</td>
              <td>
                <ul className="list-unstyled mb-0">
                  {v.sources.map((s) => (
                    <li key={s.immunizationId}>
                      {s.kind === 'salus' ? (
                        t('fse.vaccinations.fromSalus', { centre: s.name })
                      ) : s.documentId === null ? (
                        s.name
                      ) : (
                        <Link to={documentPagePath(base, s.documentId)}>
                          {t('fse.vaccinations.fromDocument', { title: s.documentTitle ?? '', facility: s.name })}
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
