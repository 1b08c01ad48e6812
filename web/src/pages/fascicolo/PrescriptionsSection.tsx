import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import { prescriptionList, type Prescription, type RecordBase } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { prescriptionStatus } from './labels.ts';

/** E-prescriptions (ricette elettroniche) with their NRE and whether a pharmacy has dispensed them. */
export function PrescriptionsSection({ base }: { base: RecordBase }) {
  const { t } = useTranslation();
  const list = useApi(`${base}/prescriptions`, prescriptionList);
  return (
    <section id="ricette" aria-labelledby="prescriptions-heading" className="mb-5">
      <h2 id="prescriptions-heading">{t('fse.prescriptions.heading')}</h2>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && <PrescriptionTable prescriptions={list.data} />}
    </section>
  );
}

function PrescriptionTable({ prescriptions }: { prescriptions: Prescription[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (prescriptions.length === 0) return <p>{t('fse.prescriptions.none')}</p>;
  const newestFirst = [...prescriptions].sort((a, b) => b.authoredOn.localeCompare(a.authoredOn));
  return (
    <TableScroller label={t('fse.prescriptions.caption')}>
      <Table striped className="salus-table">
        <caption>{t('fse.prescriptions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.prescriptions.columns.medication')}</th>
            <th scope="col">{t('fse.prescriptions.columns.dosage')}</th>
            <th scope="col">{t('fse.prescriptions.columns.nre')}</th>
            <th scope="col">{t('fse.prescriptions.columns.prescribed')}</th>
            <th scope="col">{t('fse.prescriptions.columns.status')}</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((p) => (
            <tr key={p.id} data-testid="prescription-row">
              <th scope="row">
                {p.medication.display}
                {p.quantity !== null && (
                  <span className="d-block small fw-normal">{t('fse.prescriptions.packs', { count: p.quantity })}</span>
                )}
              </th>
              <td>{p.dosage}</td>
              <td>
                <code>{p.nre}</code>
              </td>
              <td>
                {format.dateTime(p.authoredOn)}
                {p.prescriber !== '' && <span className="d-block small">{p.prescriber}</span>}
              </td>
              <td>
                {prescriptionStatus(t, p.status)}
                {p.dispensed !== null && (
                  <span className="d-block small">
                    {t('fse.prescriptions.dispensedBy', { at: format.dateTime(p.dispensed.at), by: p.dispensed.by })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
