/**
 * A tiny history-API router: eight pages, each reachable by URL, with the model in the query
 * (`/prove?model=breast-cancer`) so a link can be shared. `vite preview` serves index.html for
 * every path, so deep links work in the production build too.
 */
import { useEffect, useState } from 'react';

export const PAGES = ['prove', 'verify', 'models', 'publish', 'history', 'lab', 'biometric', 'register'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  /** `not-found`: a path that is none of the pages (the bare root is Prove). */
  readonly page: Page | 'not-found';
  /** The path as typed, for the "page not found" message. */
  readonly path: string;
  readonly params: URLSearchParams;
}

const base = import.meta.env.BASE_URL.replace(/\/$/, '');

function current(): Route {
  const rest = location.pathname.slice(base.length).replace(/^\/+|\/+$/g, '');
  const page = rest === '' ? 'prove' : (PAGES as readonly string[]).includes(rest) ? (rest as Page) : 'not-found';
  return { page, path: location.pathname, params: new URLSearchParams(location.search) };
}

export function href(page: Page, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = q.toString();
  return `${base}/${page}${qs ? `?${qs}` : ''}`;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
