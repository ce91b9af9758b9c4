import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The build output (dist/) is embedded into the ollama-arena binary by CMake, or served
// with `ollama-arena serve --web-dir web/dist`. `npm run dev` proxies /api to a running
// arena (ARENA_URL, default http://127.0.0.1:7860).
export default defineConfig({
  plugins: [svelte()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // Keep every file under /assets/ with a content hash: the server marks them immutable.
    assetsDir: 'assets',
  },
  server: {
    proxy: { '/api': process.env.ARENA_URL ?? 'http://127.0.0.1:7860' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
