import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  plugins: [
    react(),
    // Installable and offline (docs/ARCHITECTURE.md, "Offline"): the app shell and the workers are
    // precached; package files are cached as they are fetched (never a key of a package not visited).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'inline',
      manifest: {
        name: 'zkinfer: private data in, proof out',
        short_name: 'zkinfer',
        description: 'Prove what a published ML model says about your data, without sharing the data.',
        start_url: '.',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d3557',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,wasm,webmanifest}'],
        // The demo packages are not the app: their files are cached when visited (below).
        globIgnores: ['packages/**', 'models/**'],
        // The worker bundles (tfjs + snarkjs) are a few MB each.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/packages\//, /^\/models\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // A package's files as they are fetched, network first so a rebuilt package is seen when
            // online. Proving keys are left out: the app keeps them in IndexedDB under their hash
            // (src/client/store.ts), which is what it reads offline; a second copy would double
            // tens of MB.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/packages\//.test(url.pathname) && !url.pathname.endsWith('.zkey'),
            handler: 'NetworkFirst',
            options: { cacheName: 'zkinfer-packages' },
          },
        ],
      },
    }),
  ],
  // public/models holds the demo sources (built into public/packages by scripts/prepare-demos.ts).
  publicDir: 'public',
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 4000 },
  worker: {
    format: 'es',
    // One file per worker: no lazy chunk is fetched in the middle of a proof.
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
  server: { port, strictPort: false },
  preview: { port, strictPort: false },
});
