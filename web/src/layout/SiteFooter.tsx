import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="it-footer">
      <div className="it-footer-main">
        <Container className="py-4">
          <p className="h4 text-white mb-3">{t('app.name')}</p>
          <p className="text-white mb-2">{t('footer.about')}</p>
          <p className="text-white mb-3">{t('footer.help')}</p>
          <nav aria-label={t('footer.links')}>
            <ul className="list-inline mb-0">
              <li className="list-inline-item me-4">
                <Link to="/registry" className="text-white">
                  {t('nav.registry')}
                </Link>
              </li>
              <li className="list-inline-item">
                <a href="/docs" className="text-white">
                  {t('nav.api')}
                </a>
              </li>
            </ul>
          </nav>
        </Container>
      </div>
    </footer>
  );
}
