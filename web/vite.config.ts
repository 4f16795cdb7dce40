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
    // Ant Design and React in chunks of their own, cached by browsers across releases of the app's
    // code; the charts (recharts) load with the pages that draw them, not with the conference screen.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|swr)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
