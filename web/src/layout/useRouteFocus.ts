import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A client-side navigation does not move focus or tell a screen reader that
 * the page changed. After each route change (not the first load, and not a
 * change of query string such as a new search page) focus moves to <main>,
 * so keyboard users start at the new content and the page is announced.
 */
export function useRouteFocus(mainId: string): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.getElementById(mainId)?.focus({ preventScroll: true });
  }, [pathname, mainId]);
}
