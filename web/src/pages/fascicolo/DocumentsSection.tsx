import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { withQuery } from '../../api/client.ts';
import { documentPage, type FseDocument, type RecordBase } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { DocumentFilters, noFilter, type Filter } from './DocumentFilters.tsx';
import { DocumentTable } from './DocumentTable.tsx';
import { DocumentViewer } from './DocumentViewer.tsx';

const pageSize = 10;

interface Props {
  base: RecordBase;
  /** The citizen (or a delegate) may hide and show documents; a GP may not. */
  canHide: boolean;
  /** For the GP's page: "Documenti di Maria Brambilla". */
  heading: string;
}

/** Documents of a record, newest first, by class and date, with the viewer. */
export function DocumentsSection({ base, canHide, heading }: Props) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>(noFilter);
  // Cursors of the pages before this one: "Precedenti" pops one.
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<FseDocument | null>(null);
  const cursor = cursors.at(-1);
  const path = withQuery(`${base}/documents`, {
    limit: pageSize,
    class: filter.class,
    from: filter.from,
    to: filter.to,
    cursor,
  });
  const docs = useApi(path, documentPage);

  return (
    <section id="documenti" aria-labelledby="documents-heading" className="mb-5">
      <h2 id="documents-heading">{heading}</h2>
      <DocumentFilters
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setCursors([]);
        }}
      />
      <p role="status" className="fw-semibold" data-testid="document-count">
        {docs.status === 'ok' && docs.data.total !== null ? t('fse.documents.count', { count: docs.data.total }) : ''}
      </p>
      {docs.status === 'loading' && <Loading />}
      {docs.status === 'error' && <ApiProblem error={docs.error} onRetry={docs.reload} />}
      {docs.status === 'ok' && (
        <>
          <DocumentTable
            documents={docs.data.items}
            base={base}
            canHide={canHide}
            onOpen={setOpen}
            onHiddenChanged={docs.reload}
          />
          <div className="d-flex gap-2 mt-3">
            {cursors.length > 0 && (
              <Button
                color="primary"
                outline
                size="sm"
                onClick={() => {
                  setCursors(cursors.slice(0, -1));
                }}
              >
                {t('fse.documents.previous')}
              </Button>
            )}
            {docs.data.next !== null && (
              <Button
                color="primary"
                outline
                size="sm"
                onClick={() => {
                  setCursors([...cursors, docs.data.next ?? '']);
                }}
              >
                {t('fse.documents.next')}
              </Button>
            )}
          </div>
        </>
      )}
      {open !== null && (
        <DocumentViewer
          document={open}
          onClose={() => {
            setOpen(null);
          }}
        />
      )}
    </section>
  );
}
