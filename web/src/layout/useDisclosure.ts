import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';

/**
 * A button that shows and hides a panel right after it (the WAI-ARIA
 * disclosure pattern). Simpler for keyboard and screen-reader users than an
 * ARIA menu: Tab moves through the panel's links and buttons as usual. The
 * panel closes on Escape (focus returns to the button), on a click or focus
 * outside it, and after a navigation.
 */
export function useDisclosure<Root extends HTMLElement, Toggle extends HTMLElement>() {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<Root>(null);
  const toggleRef = useRef<Toggle>(null);
  const { pathname } = useLocation();

  const [lastPath, setLastPath] = useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const outside = (target: EventTarget | null) => target instanceof Node && !rootRef.current?.contains(target);
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggleRef.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (outside(event.target)) setOpen(false);
    };
    const onFocus = (event: FocusEvent) => {
      if (outside(event.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open]);

  const toggle = useCallback(() => {
    setOpen((value) => !value);
  }, []);
  const close = useCallback(() => {
    setOpen(false);
  }, []);
  return { open, toggle, close, rootRef, toggleRef };
}
