import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

// The screen, served by the ledger itself at `/` (src/http/web-app.ts); `npm run dev:web` serves it
// with hot reload and sends /api and /health to a ledger on :3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One chunk per library family, cached by browsers across releases of the app's own code; the
    // charts load only on the pages that draw them (not on the conference screen).
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](recharts|d3-|victory-vendor|@reduxjs|immer|react-redux|reselect|decimal\.js-light|es-toolkit)/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@babel)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|swr)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
