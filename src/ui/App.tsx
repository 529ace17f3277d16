/** The shell: navigation between the four pages, each reachable by URL. */
import { useEffect, useRef } from 'react';
import { ProveSessionProvider, useProveSession } from './hooks/useProveSession.js';
import { HistoryPage } from './pages/HistoryPage.js';
import { ModelsPage } from './pages/ModelsPage.js';
import { ProvePage } from './pages/ProvePage.js';
import { VerifyPage } from './pages/VerifyPage.js';
import type { Page } from './router.js';
import { href, navigate, PAGES, useRoute } from './router.js';

const TITLES: Record<Page, string> = { prove: 'Prove', verify: 'Verify', models: 'Models', history: 'History' };

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After in-app navigation, move focus to the new page so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [route.page]);
  return (
    <ProveSessionProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href('prove')} onClick={link(href('prove'))}>
          zkinfer
        </a>
        <PageNav current={route.page} />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {route.page === 'prove' && <ProvePage model={route.params.get('model') ?? undefined} packageUrl={route.params.get('package') ?? undefined} challenge={route.params.get('challenge') ?? undefined} />}
        {route.page === 'verify' && <VerifyPage historyId={route.params.get('history') ?? undefined} />}
        {route.page === 'models' && <ModelsPage model={route.params.get('model') ?? undefined} />}
        {route.page === 'history' && <HistoryPage />}
      </main>
      <footer>
        Your data never leaves this device: predictions and proofs are computed in your browser. GPL-3.0-or-later.
      </footer>
    </ProveSessionProvider>
  );
}

/** The page links; Prove keeps the open package in its link so the page can be shared from there. */
function PageNav({ current }: { current: Page }) {
  const { load } = useProveSession();
  const source = load.status === 'ready' ? load.pkg.source : undefined;
  const proveParams =
    source?.kind === 'demo' && load.status === 'ready' ? { model: load.pkg.manifest.name } : source?.kind === 'url' ? { package: source.url } : {};
  return (
    <nav aria-label="Pages">
      <ul>
        {PAGES.map((p) => {
          const to = href(p, p === 'prove' ? proveParams : {});
          return (
            <li key={p}>
              <a href={to} aria-current={current === p ? 'page' : undefined} onClick={link(to)}>
                {TITLES[p]}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** In-app navigation for plain left clicks; modified clicks open a new tab as usual. */
function link(to: string) {
  return (e: React.MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}
