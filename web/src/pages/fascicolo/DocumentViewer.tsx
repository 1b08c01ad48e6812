import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { documentContentUrl, type FseDocument } from '../../api/records.ts';

/**
 * The document open on the page: a PDF in the browser's own viewer (the API serves
 * it inline as application/pdf), with a download link for anything else or for a
 * browser that cannot show PDFs.
 */
export function DocumentViewer({ document, onClose }: { document: FseDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const pdf = document.contentType === 'application/pdf';
  return (
    <section
      aria-labelledby="document-viewer-heading"
      className="salus-document-viewer mt-4"
      data-testid="document-viewer"
    >
      <div className="d-flex flex-wrap align-items-center gap-3 mb-2">
        <h3 id="document-viewer-heading" className="h5 mb-0 me-auto">
          {document.title}
        </h3>
        <a className="btn btn-outline-primary btn-sm" href={documentContentUrl(document.id, true)} download>
          {t('fse.documents.download')}
        </a>
        <Button color="primary" size="sm" outline onClick={onClose}>
          {t('fse.documents.close')}
        </Button>
      </div>
      {pdf ? (
        <iframe
          className="salus-pdf-frame"
          src={documentContentUrl(document.id)}
          title={t('fse.documents.viewerTitle', { title: document.title })}
        />
      ) : (
        <p>{t('fse.documents.notPdf')}</p>
      )}
    </section>
  );
}
