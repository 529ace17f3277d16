/**
 * End-to-end tests against the production build (vite build + vite preview), in Debian's
 * Chromium (/usr/bin/chromium): Playwright never downloads a browser here. One worker: proving
 * is CPU-bound and the machines have two cores.
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    // The app's service worker (offline use) would answer requests that specs route, mock or
    // count; only e2e/offline.spec.ts, which is about it, lets it register.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // The demo packages and the production build, then the static server the app is served by.
    command: `npm run build && npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}/packages/index.json`,
    reuseExistingServer: !process.env.CI,
    // A fresh clone builds the four demo packages first (development keys): minutes on two cores.
    timeout: 900_000,
    stdout: 'pipe',
  },
});
