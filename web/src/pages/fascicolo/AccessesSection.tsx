import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { withQuery } from '../../api/client.ts';
import { accesses } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { PageLinks, pagesFor, readPage } from '../../layout/PageLinks.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { AccessLogTable } from '../profile/AccessLogSection.tsx';

// Ten: the log is one section of a long page; the rest is a click away.
const pageSize = 10;
/** The log's page lives in the URL (?accessi=2), as on the profile page. */
const pageParam = 'accessi';

/** "Chi ha consultato il mio fascicolo": accesses to the record, newest first. */
export function AccessesSection() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [mine, setMine] = useState(false);
  const page = readPage(params.get(pageParam));
  const log = useApi(
    withQuery('/api/me/records/access-log', {
      others: mine ? 'false' : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
    accesses,
  );
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    if (target > 1) next.set(pageParam, String(target));
    else next.delete(pageParam);
    return `?${next.toString()}#accessi`;
  };
  return (
    <section id="accessi" aria-labelledby="accesses-heading" className="mb-5">
      <h2 id="accesses-heading">{t('fse.accesses.heading')}</h2>
      <p>{t('fse.accesses.intro')}</p>
      <div className="form-check mb-3">
        <input
          id="accesses-mine"
          type="checkbox"
          checked={mine}
          onChange={(e) => {
            setMine(e.target.checked);
          }}
        />
        <label htmlFor="accesses-mine">{t('fse.accesses.includeMine')}</label>
      </div>
      {log.status === 'loading' && <Loading />}
      {log.status === 'error' && <ApiProblem error={log.error} onRetry={log.reload} />}
      {log.status === 'ok' && (
        <div data-testid="record-accesses">
          <AccessLogTable log={log.data} />
          <PageLinks
            label={t('accessLog.pager')}
            page={page}
            pages={pagesFor(log.data.total, pageSize)}
            hrefFor={hrefFor}
          />
        </div>
      )}
    </section>
  );
}
