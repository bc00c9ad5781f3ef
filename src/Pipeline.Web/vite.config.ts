import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vitest/config'

// The workspace builds into the API's wwwroot, which serves it at /. In development (npm run dev) the API runs
// beside it on its usual port and /api is proxied there.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components (and their styles) are imported where a template uses them, never as a whole.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: '../Pipeline.Api/wwwroot',
    emptyOutDir: true,
    // The cockpit's chunk carries ECharts (about 180 kB gzipped); it loads with the cockpit only, never with 登录.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://localhost:5080' } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
})
