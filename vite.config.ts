import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    react(),
    // Offline after the first visit: Workbox precaches the whole build (app, workers, WASM), the shipped models
    // and the demo songs, so a reload without network opens the app and classifies. `prompt`: a new version
    // waits until the person chooses to reload (src/ui/UpdatePrompt.tsx), never mid-analysis.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Oído — music classification in your browser',
        short_name: 'Oído',
        description: 'Classifies music by genre and instrument entirely in your browser.',
        theme_color: '#1f6f8b',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,json,bin,ogg,webmanifest}'],
        // The TF.js WASM binaries and model weights are larger than Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first visit is controlled at once, so it already works offline; later versions still wait for Reload.
        clientsClaim: true,
      },
    }),
  ],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    allowOnly: false,
    pool: 'forks',
  },
});
