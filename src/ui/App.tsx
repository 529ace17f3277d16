/** The shell: navigation between the pages, each reachable by URL. */
import { useEffect, useRef, useState } from 'react';
import { listHistory } from './services/history.js';
import { ProveSessionProvider, useProveSession } from './hooks/useProveSession.js';
import { BiometricPage } from './pages/BiometricPage.js';
import { HistoryPage } from './pages/HistoryPage.js';
import { LabPage } from './pages/LabPage.js';
import { ModelsPage } from './pages/ModelsPage.js';
import { PublishPage } from './pages/PublishPage.js';
import { RegisterPage } from './pages/RegisterPage.js';
import { ProvePage } from './pages/ProvePage.js';
import { VerifyPage } from './pages/VerifyPage.js';
import type { Page } from './router.js';
import { href, navigate, PAGES, useRoute } from './router.js';

const TITLES: Record<Page, string> = { prove: 'Prove', verify: 'Verify', models: 'Models', publish: 'Your model', history: 'History', lab: 'Lab', biometric: 'Biometric', register: 'Register' };

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
        {route.page === 'verify' && <VerifyRoute historyId={route.params.get('history') ?? undefined} />}
        {route.page === 'not-found' && <NotFound path={route.path} />}
        {route.page === 'models' && <ModelsPage model={route.params.get('model') ?? undefined} />}
        {route.page === 'publish' && <PublishPage />}
        {route.page === 'history' && <HistoryPage />}
        {route.page === 'lab' && <LabPage />}
        {route.page === 'biometric' && <BiometricPage />}
        {route.page === 'register' && <RegisterPage />}
      </main>
      <footer>
        Your data never leaves this device: predictions and proofs are computed in your browser. GPL-3.0-or-later.
      </footer>
    </ProveSessionProvider>
  );
}

/** The page links; Prove keeps the open package in its link so the page can be shared from there. */
function PageNav({ current }: { current: Page | 'not-found' }) {
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

/** A path that is no page: say so, with the way to every page (instead of quietly showing Prove). */
function NotFound({ path }: { path: string }) {
  return (
    <section aria-labelledby="nf-h">
      <h1 id="nf-h">Page not found</h1>
      <p>
        There is no page at <span className="mono">{path}</span>. The pages are:
      </p>
      <ul className="page-links">
        {PAGES.map((p) => (
          <li key={p}>
            <a href={href(p)} onClick={link(href(p))}>
              {TITLES[p]}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Verify, opened from History (`?history=<id>`): an id this device does not have (deleted, or a
 * link from another browser) is said so above an empty Verify page, instead of a blank one.
 */
function VerifyRoute({ historyId }: { historyId?: string }) {
  const [missing, setMissing] = useState<string>();
  useEffect(() => {
    setMissing(undefined);
    if (!historyId) return;
    let live = true;
    void listHistory().then((all) => live && setMissing(all.some((e) => e.id === historyId) ? undefined : historyId));
    return () => {
      live = false;
    };
  }, [historyId]);
  return (
    <>
      {missing && (
        <div className="alert" role="alert" data-testid="history-missing">
          <strong>No such proof in this device&apos;s history:</strong> the link names the proof <span className="mono">{missing}</span>, which
          is not (or no longer) stored in this browser. Open{' '}
          <a href={href('history')} onClick={link(href('history'))}>
            History
          </a>{' '}
          to pick one, or paste a bundle below.
        </div>
      )}
      <VerifyPage historyId={historyId} />
    </>
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
