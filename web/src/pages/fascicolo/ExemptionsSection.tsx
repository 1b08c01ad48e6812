import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import { exemptionList, type Exemption, type RecordBase } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';

/** Exemptions from the prescription charge (esenzioni ticket), as FSE documents of class ESE. */
export function ExemptionsSection({ base }: { base: RecordBase }) {
  const { t } = useTranslation();
  const list = useApi(`${base}/exemptions`, exemptionList);
  return (
    <section id="esenzioni" aria-labelledby="exemptions-heading" className="mb-5">
      <h2 id="exemptions-heading">{t('fse.exemptions.heading')}</h2>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && <ExemptionTable exemptions={list.data} />}
    </section>
  );
}

function ExemptionTable({ exemptions }: { exemptions: Exemption[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (exemptions.length === 0) return <p>{t('fse.exemptions.none')}</p>;
  return (
    <TableScroller label={t('fse.exemptions.caption')}>
      <Table striped className="salus-table">
        <caption>{t('fse.exemptions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.exemptions.columns.code')}</th>
            <th scope="col">{t('fse.exemptions.columns.description')}</th>
            <th scope="col">{t('fse.exemptions.columns.valid')}</th>
            <th scope="col">{t('fse.exemptions.columns.issuedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {exemptions.map((e) => (
            <tr key={e.documentId} data-testid="exemption-row">
              <th scope="row">
                <code>{e.code}</code>
              </th>
              <td>{e.display}</td>
              <td>
                {e.validTo === null
                  ? t('fse.exemptions.since', { from: format.date(e.validFrom ?? e.date) })
                  : t('fse.exemptions.between', {
                      from: format.date(e.validFrom ?? e.date),
                      to: format.date(e.validTo),
                    })}
              </td>
              <td>{e.issuedBy}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
