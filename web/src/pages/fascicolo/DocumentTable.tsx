import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Table } from 'design-react-kit';
import { Link } from 'react-router';
import { documentContentUrl, documentPagePath, type FseDocument, type RecordBase } from '../../api/records.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { HideButton } from './HideButton.tsx';
import { classLabel } from './labels.ts';

interface Props {
  documents: FseDocument[];
  /** Whose record: where a CDA2 document's readable page is. */
  base: RecordBase;
  canHide: boolean;
  onOpen: (document: FseDocument) => void;
  onHiddenChanged: () => void;
}

export function DocumentTable({ documents, base, canHide, onOpen, onHiddenChanged }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  if (documents.length === 0) return <p>{t('fse.documents.none')}</p>;
  return (
    <TableScroller label={t('fse.documents.caption')}>
      <Table striped className="salus-table">
        <caption>{t('fse.documents.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.documents.columns.date')}</th>
            <th scope="col">{t('fse.documents.columns.document')}</th>
            <th scope="col">{t('fse.documents.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.id} data-testid="document-row">
              <td className="text-sm-nowrap">{format.dateTime(doc.date)}</td>
              <th scope="row">
                <span className="d-block small fw-normal">{classLabel(t, doc.class)}</span>
                <DocumentTitle title={doc.title} />
                {doc.hidden && <span className="badge bg-secondary ms-2">{t('fse.documents.hiddenBadge')}</span>}
                {doc.author !== '' && <span className="d-block small fw-normal">{doc.author}</span>}
              </th>
              <td>
                <div className="d-flex flex-wrap flex-xl-nowrap gap-2">
                  {doc.readable && (
                    <Link
                      className="btn btn-primary btn-sm"
                      to={documentPagePath(base, doc.id)}
                      aria-label={t('fse.documents.readLabel', { title: doc.title })}
                    >
                      {t('fse.documents.read')}
                    </Link>
                  )}
                  <Button
                    color="primary"
                    size="sm"
                    onClick={() => {
                      onOpen(doc);
                    }}
                    aria-label={t('fse.documents.openLabel', { title: doc.title })}
                  >
                    {t('fse.documents.open')}
                  </Button>
                  <a
                    className="btn btn-outline-primary btn-sm"
                    href={documentContentUrl(doc.id, true)}
                    download
                    aria-label={t('fse.documents.downloadLabel', { title: doc.title })}
                  >
                    {t('fse.documents.download')}
                  </a>
                  {canHide && <HideButton document={doc} onChanged={onHiddenChanged} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}

// Past about three lines at phone width, a description is cut to three lines, with a button
// for the rest (issue #17: a 600-character description pushed the buttons out of the table).
const clampFrom = 120;

/** A document's description, wrapped anywhere (long codes, URLs) and clamped when long. */
function DocumentTitle({ title }: { title: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (title.length <= clampFrom) return <span className="salus-doc-title">{title}</span>;
  return (
    <>
      {/* The whole text is always in the page: the clamp only hides it from sight. */}
      <span className={open ? 'salus-doc-title' : 'salus-doc-title salus-clamp'}>{title}</span>
      <button
        type="button"
        className="btn btn-link btn-sm p-0 fw-normal"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {open ? t('fse.documents.less') : t('fse.documents.more')}
      </button>
    </>
  );
}
