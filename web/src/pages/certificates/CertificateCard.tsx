import { useTranslation } from 'react-i18next';
import type { CertificateSummary } from '../../api/certificates.ts';
import { useFormat } from '../../format.ts';
import { certificateFacts, certificateTitle } from './labels.ts';

/** Where the card's image and downloads come from: the holder's API, or data already fetched. */
export type CertificateFiles = { qr: string; pngDownload: string; pdfDownload: string; fileName?: string };

/** One certificate: the QR code, what it attests, and the PNG and PDF downloads. */
export function CertificateCard({
  certificate: c,
  files,
}: {
  certificate: CertificateSummary;
  files: CertificateFiles;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = certificateTitle(t, c);
  const headingId = `dcc-${c.uvci.replace(/[^A-Z0-9]/gi, '')}`;
  const facts: [string, string][] = [
    [t('greenpass.fact.holder'), c.holder.name],
    [t('greenpass.fact.birthDate'), format.date(c.holder.birthDate)],
    ...certificateFacts(t, format, c),
    [t('greenpass.fact.issuedAt'), format.dateTime(c.issuedAt)],
    [t('greenpass.fact.identifier'), c.uvci],
  ];
  // A data: URL has no name of its own: the download attribute gives it one.
  const download = (extension: string): string | boolean =>
    files.fileName === undefined ? true : `${files.fileName}.${extension}`;
  return (
    <article className="salus-dcc-card card shadow-sm" aria-labelledby={headingId} data-testid="certificate">
      <div className="card-body d-flex flex-wrap gap-4">
        <img
          src={files.qr}
          alt={t('greenpass.mine.qrAlt', { what: title })}
          width={240}
          height={240}
          className="salus-dcc-qr"
          data-testid="certificate-qr"
        />
        <div className="flex-grow-1">
          <h2 id={headingId} className="h4">
            {title}
          </h2>
          {c.revoked && (
            <p className="badge bg-danger fs-6" data-testid="revoked">
              {t('greenpass.mine.revoked')}
            </p>
          )}
          <dl className="salus-dcc-facts">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd className="text-break">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="d-flex flex-wrap gap-2">
            <a
              className="btn btn-primary"
              href={files.pngDownload}
              download={download('png')}
              aria-label={t('greenpass.mine.downloadPngLabel', { what: title })}
            >
              {t('greenpass.mine.downloadPng')}
            </a>
            <a
              className="btn btn-outline-primary"
              href={files.pdfDownload}
              download={download('pdf')}
              aria-label={t('greenpass.mine.downloadPdfLabel', { what: title })}
            >
              {t('greenpass.mine.downloadPdf')}
            </a>
          </div>
        </div>
      </div>
    </article>
  );
}
