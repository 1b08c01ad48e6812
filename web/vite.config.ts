import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app lives in web/ but is built from the repository root
// (`npm run web:build`), so every path here is anchored to this file.
const root = new URL('.', import.meta.url).pathname;

// Paths served by the Fastify server. In development Vite serves the SPA and
// forwards these, so the browser sees one origin just as in production.
const backendPaths = ['/api', '/auth', '/health', '/docs', '/idp', '/fhir', '/metrics'];
const backend = process.env.SALUS_BACKEND_URL ?? 'http://localhost:3000';
const proxy = Object.fromEntries(backendPaths.map((path) => [path, { target: backend, changeOrigin: false }]));

export default defineConfig({
  root,
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bootstrap-italia's stylesheet alone is ~750 kB; the JS budget is what matters.
    chunkSizeWarningLimit: 800,
  },
  server: { proxy },
  preview: { proxy },
});
