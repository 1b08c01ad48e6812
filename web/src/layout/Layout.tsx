import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Skiplink, SkiplinkItem } from 'design-react-kit';
import { SiteHeader, navId } from './SiteHeader.tsx';
import { SiteFooter } from './SiteFooter.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useRouteFocus } from './useRouteFocus.ts';

export const mainId = 'main-content';

export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  useRouteFocus(mainId);
  return (
    <>
      <Skiplink nav ariaLabel={t('skip.label')}>
        <SkiplinkItem navItem href={`#${mainId}`}>
          {t('skip.content')}
        </SkiplinkItem>
        <SkiplinkItem navItem href={`#${navId}`}>
          {t('skip.nav')}
        </SkiplinkItem>
      </Skiplink>
      <SiteHeader />
      {/* tabIndex -1 lets the skip link and route changes move focus here. */}
      <main id={mainId} tabIndex={-1} className="salus-main">
        <ErrorBoundary key={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <SiteFooter />
    </>
  );
}
