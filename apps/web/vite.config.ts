import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const api = 'http://127.0.0.1:3000'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  // @gridgov/domain needs no alias: the workspace link resolves to its TypeScript sources, and the
  // app imports only its types (a runtime import would pull typebox into the bundle).
  define: {
    // vue-i18n esm-bundler feature flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/docs': { target: api, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
})
