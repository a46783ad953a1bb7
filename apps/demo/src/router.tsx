import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

// A tiny history router: the demo has five pages and needs no router dependency.

const listeners = new Set<() => void>();

function onPopState() {
  inAppNavigations += 1;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.removeEventListener('popstate', onPopState);
  window.addEventListener('popstate', onPopState);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot() {
  return window.location.pathname + window.location.search;
}

let inAppNavigations = 0;

/** Whether the page was reached by an in-app navigation (not the first load): its heading then takes focus. */
export function cameByInAppNavigation(): boolean {
  return inAppNavigations > 0;
}

/** Goes to an in-app path without a page load. */
export function navigate(to: string): void {
  if (to === snapshot()) return;
  inAppNavigations += 1;
  window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  // A new page: start at the top, like a normal navigation.
  window.scrollTo(0, 0);
}

/** Replaces the current entry (a redirect: Back does not return to it). */
export function redirect(to: string): void {
  window.history.replaceState(null, '', to);
  for (const listener of listeners) listener();
}

/** The current location (path and search), re-rendering on every navigation. */
export function useLocation(): URL {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  return new URL(current, window.location.origin);
}

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
}

/** An ordinary link (works with a new tab, middle click, keyboard) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const location = useLocation();
  const current = location.pathname === to ? 'page' : undefined;
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} aria-current={current} onClick={click} {...rest} />;
}
