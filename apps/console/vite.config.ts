import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));
const api = process.env.GRIDOPS_API ?? 'http://127.0.0.1:3000';

// The console is a static bundle the api serves on its own port (`npm start`); `npm run dev -w @gridops/console`
// serves it with hot reload and proxies the api and the socket to GRIDOPS_API.
export default defineConfig({
  plugins: [react()],
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
