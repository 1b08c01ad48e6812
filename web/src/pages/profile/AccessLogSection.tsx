import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Table } from 'design-react-kit';
import { withQuery } from '../../api/client.ts';
import { accessLog, type AccessLog } from '../../api/identity.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { PageLinks, pagesFor, readPage } from '../../layout/PageLinks.tsx';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { anyRoleLabel } from '../../session/roleLabel.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { actionLabel, outcomeLabel, purposeLabel, resourceLabel } from './accessLabels.ts';

const pageSize = 20;
/** The log's page lives in the URL (?accessi=2) so Back and bookmarks work. */
const pageParam = 'accessi';

/** "Who looked at my data": every access to the subject's data, newest first. */
export function AccessLogSection({ subjectName }: { subjectName: string | null }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const page = readPage(params.get(pageParam));
  const log = useApi(withQuery('/api/me/access-log', { limit: pageSize, offset: (page - 1) * pageSize }), accessLog);
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    if (target > 1) next.set(pageParam, String(target));
    else next.delete(pageParam);
    return `?${next.toString()}`;
  };

  return (
    <section aria-labelledby="access-log-heading" className="mb-5">
      <h2 id="access-log-heading">
        {subjectName === null ? t('accessLog.heading') : t('accessLog.headingFor', { name: subjectName })}
      </h2>
      <p>{t('accessLog.intro')}</p>
      {log.status === 'loading' && <Loading />}
      {log.status === 'error' && <ApiProblem error={log.error} onRetry={log.reload} />}
      {log.status === 'ok' && (
        <>
          <AccessLogTable log={log.data} />
          <PageLinks
            label={t('accessLog.pager')}
            page={page}
            pages={pagesFor(log.data.total, pageSize)}
            hrefFor={hrefFor}
          />
        </>
      )}
    </section>
  );
}

export function AccessLogTable({ log }: { log: AccessLog }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (log.items.length === 0) return <p>{t('accessLog.none')}</p>;
  return (
    <TableScroller label={t('accessLog.caption')}>
      <Table striped className="salus-table salus-access-log">
        <caption>{t('accessLog.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accessLog.columns.at')}</th>
            <th scope="col">{t('accessLog.columns.who')}</th>
            <th scope="col">{t('accessLog.columns.action')}</th>
            <th scope="col">{t('accessLog.columns.resource')}</th>
            <th scope="col">{t('accessLog.columns.purpose')}</th>
            <th scope="col">{t('accessLog.columns.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {log.items.map((item, index) => (
            // Entries have no id in this API; time and position identify them within a page.
            <tr key={`${item.at}-${String(index)}`}>
              <td className="text-nowrap">{format.dateTime(item.at)}</td>
              <th scope="row">
                {item.who}
                <span className="d-block small fw-normal">
                  {anyRoleLabel(t, item.role)}
                  {item.onBehalfOf !== null && ` · ${t('auth.onBehalfOf', { name: item.onBehalfOf })}`}
                </span>
              </th>
              <td>{actionLabel(t, item.action)}</td>
              <td>{resourceLabel(t, item.resourceType)}</td>
              <td>{purposeLabel(t, item.purpose)}</td>
              <td>{outcomeLabel(t, item.outcome)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
