import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  plugins: [react()],
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
