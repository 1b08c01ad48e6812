import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { usePageTitle } from '../layout/usePageTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('errors.notFound.title'));
  return (
    <Container className="my-5">
      <h1>{t('errors.notFound.title')}</h1>
      <p className="lead">{t('errors.notFound.text')}</p>
      <Link to="/" className="btn btn-primary">
        {t('errors.notFound.home')}
      </Link>
    </Container>
  );
}
