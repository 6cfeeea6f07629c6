import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));
const api = process.env.GRIDOPS_API ?? 'http://127.0.0.1:3000';

// The console is a static bundle the api serves on its own port (`npm start`); `npm run dev -w @gridops/console`
// serves it with hot reload and proxies the api and the socket to GRIDOPS_API.
export default defineConfig({
  plugins: [
    react(),
    // The field view as an installable app that opens and works without coverage (docs/field.md "Offline app"): a
    // Workbox service worker, registered by the field view (the board and the desk never register it), precaches the
    // shell and every chunk of the build, so a screen's code is never first fetched in a basement. Its scope is the
    // whole console: a worker signs in at /login, and a page is only ever controlled by a worker whose scope held
    // the URL the page was opened at. 'prompt': a new build waits until the
    // worker taps "更新" (or every tab of the old one is closed), so an open form is never reloaded under their
    // fingers, and old pages never load new chunks.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      manifest: {
        name: '长征镇一网统管 · gridops',
        short_name: '一网统管',
        description: '长征镇城运中心：网格员与处置单位的任务、上报与处置',
        lang: 'zh-CN',
        start_url: '/field',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f2f4f7',
        theme_color: '#0b1a33',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // the echarts chunk (the board's) is over Workbox's 2 MiB default; all code is cached, none left to the network
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        // every page is the app (client routes); the server's own paths are never answered with it
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(api|admin\/queues|health|socket\.io|open311|metrics)(\/|$)/],
        cleanupOutdatedCaches: true,
        // the first install takes the page that installed it at once (its screens' code then comes from the cache);
        // a later build still waits for the old tabs to close (no skipWaiting)
        clientsClaim: true,
      },
    }),
  ],
  resolve: {
    // the shared libs are plain TypeScript: bundle their sources, not their CommonJS build
    alias: { '@gridops/contracts': lib('contracts'), '@gridops/domain': lib('domain'), '@gridops/live-client': lib('live-client') },
  },
  server: {
    proxy: { '/api': api, '/socket.io': { target: api, ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        // antd and echarts change rarely and are large: own chunks so the app chunk stays small and cacheable
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/antd') || id.includes('node_modules/@ant-design') || id.includes('node_modules/rc-') || id.includes('node_modules/@rc-component')) return 'antd';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
});
