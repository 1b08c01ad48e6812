import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import {
  Collapse,
  Header,
  HeaderBrand,
  HeaderContent,
  HeaderRightZone,
  Headers,
  HeaderToggler,
  Icon,
  Nav,
  NavItem,
} from 'design-react-kit';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { BrandMark } from './BrandMark.tsx';
import { UserMenu } from './UserMenu.tsx';
import { useSession } from '../session/SessionContext.tsx';

export const navId = 'main-navigation';

export function SiteHeader() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  // Close the mobile menu whenever the route changes.
  const [lastPath, setLastPath] = useState(location.pathname);
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    setMenuOpen(false);
  }
  const close = () => {
    setMenuOpen(false);
  };

  return (
    <header>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand href="https://www.regione.lombardia.it/" responsive className="salus-region-brand">
              {t('app.region')}
            </HeaderBrand>
            <HeaderRightZone>
              <div className="salus-header-tools">
                <LanguageSwitcher />
                <UserMenu />
              </div>
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center">
            <HeaderContent>
              {/* Hand-built brand so the home link stays inside the SPA router
                  (HeaderBrand's center variant renders a plain <a>). */}
              <div className="it-brand-wrapper">
                <Link to="/">
                  <BrandMark />
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('app.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</div>
                  </div>
                </Link>
              </div>
            </HeaderContent>
          </Header>
          <Header type="navbar" theme="">
            <HeaderContent expand="lg">
              <HeaderToggler
                aria-controls={navId}
                aria-label={t('nav.open')}
                isOpen={menuOpen}
                onClick={() => {
                  setMenuOpen(!menuOpen);
                }}
              >
                <Icon icon="it-burger" aria-hidden="true" />
              </HeaderToggler>
              <Collapse isOpen={menuOpen} navbar header onOverlayClick={close} closeSrText={t('nav.close')}>
                <div className="menu-wrapper">
                  <nav id={navId} aria-label={t('nav.label')} tabIndex={-1}>
                    <Nav navbar>
                      <NavItem>
                        <NavLink to="/" end className="nav-link">
                          <span>{t('nav.home')}</span>
                        </NavLink>
                      </NavItem>
                      <NavItem>
                        <NavLink to="/campagne" className="nav-link">
                          <span>{t('nav.campaigns')}</span>
                        </NavLink>
                      </NavItem>
                      <NavItem>
                        <NavLink to="/registry" className="nav-link">
                          <span>{t('nav.registry')}</span>
                        </NavLink>
                      </NavItem>
                      {me?.kind === 'citizen' && (
                        <NavItem>
                          <NavLink to="/appuntamenti" className="nav-link">
                            <span>{t('nav.appointments')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.kind === 'citizen' && (
                        <NavItem>
                          <NavLink to="/fascicolo" className="nav-link">
                            <span>{t('nav.record')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.kind === 'citizen' && (
                        <NavItem>
                          <NavLink to="/fascicolo/certificati" className="nav-link">
                            <span>{t('nav.certificates')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.kind === 'citizen' && (
                        <NavItem>
                          <NavLink to="/profilo" className="nav-link">
                            <span>{t('nav.profile')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'pharmacist' && (
                        <NavItem>
                          <NavLink to="/farmacia" className="nav-link">
                            <span>{t('nav.pharmacy')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'pharmacist' && (
                        <NavItem>
                          <NavLink to="/farmacia/tampone" className="nav-link">
                            <span>{t('nav.rapidTest')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'vaccinator' && (
                        <NavItem>
                          <NavLink to="/centro" className="nav-link">
                            <span>{t('nav.centre')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'region' && (
                        <NavItem>
                          <NavLink to="/regione/capacita" className="nav-link">
                            <span>{t('nav.capacity')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'region' && (
                        <NavItem>
                          <NavLink to="/regione/cruscotto" className="nav-link">
                            <span>{t('nav.dashboard')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'region' && (
                        <NavItem>
                          <NavLink to="/regione/certificati" className="nav-link">
                            <span>{t('nav.revoke')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'region' && (
                        <NavItem>
                          <NavLink to="/regione/inoltri-rifiutati" className="nav-link">
                            <span>{t('nav.refusedForwards')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      {me?.role === 'gp' && (
                        <NavItem>
                          <NavLink to="/medico" className="nav-link">
                            <span>{t('nav.patients')}</span>
                          </NavLink>
                        </NavItem>
                      )}
                      <NavItem>
                        <NavLink to="/verifica" className="nav-link">
                          <span>{t('nav.verify')}</span>
                        </NavLink>
                      </NavItem>
                      <NavItem>
                        {/* Served by the API server, outside the SPA: a full page load. */}
                        <a href="/docs" className="nav-link">
                          <span>{t('nav.api')}</span>
                        </a>
                      </NavItem>
                    </Nav>
                  </nav>
                </div>
              </Collapse>
            </HeaderContent>
          </Header>
        </div>
      </Headers>
    </header>
  );
}
