import { defineConfig } from 'vite';

// The UI is served by `cityregions serve` from dist/; in development, Vite proxies the API to it.
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
