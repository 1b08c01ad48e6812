import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Pager, PagerItem } from 'design-react-kit';

interface Props {
  /** Names the navigation landmark, e.g. "Pagine dei risultati". */
  label: string;
  page: number;
  pages: number;
  /** The link (usually `?page=n`) for a page, so paging lives in the URL. */
  hrefFor: (page: number) => string;
}

/** Previous / next as real links, so they work with the keyboard, middle-click and Back. */
export function PageLinks({ label, page, pages, hrefFor }: Props) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <Pager aria-label={label} className="mt-3">
      <PagerItem disabled={page <= 1}>
        {page > 1 ? (
          <Link className="page-link text" to={hrefFor(page - 1)}>
            {t('pager.previous')}
          </Link>
        ) : (
          <span className="page-link text">{t('pager.previous')}</span>
        )}
      </PagerItem>
      <PagerItem>
        <span className="page-link text" aria-current="page">
          {t('pager.page', { page, pages })}
        </span>
      </PagerItem>
      <PagerItem disabled={page >= pages}>
        {page < pages ? (
          <Link className="page-link text" to={hrefFor(page + 1)}>
            {t('pager.next')}
          </Link>
        ) : (
          <span className="page-link text">{t('pager.next')}</span>
        )}
      </PagerItem>
    </Pager>
  );
}

/** A page number read from the URL: a positive integer, 1 for anything else. */
export function readPage(value: string | null): number {
  const page = Number.parseInt(value ?? '1', 10);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export function pagesFor(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
