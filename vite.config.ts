/**
 * The web explorer: `npm run dev` serves web/ (the demo and the embed page) with Vite;
 * `npm run build:web` writes dist/web/: the pages, and one embeddable ES module,
 * `cgt-access-simulator.js`, which loads its worker and the wasm kernel from `assets/`
 * relative to its own URL (works when the folder is copied to any static server).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const ENTRY = here('./web/src/cgt-access-simulator.ts');
const PAGES = ['index.html', 'embed.html', 'page.css'];

/**
 * The library's Node-only modules, replaced for the browser: the pools' default platform
 * (worker_threads) becomes the browser one, and the worker's Node branch gets an empty
 * `node:worker_threads` (that branch never runs in a browser worker).
 */
function browserOnly(): Plugin {
  const NODE_PLATFORM = '\0cgt-access:platform';
  const WORKER_THREADS = '\0cgt-access:worker-threads';
  return {
    name: 'cgt-access-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './platform-node.js' && importer?.replace(/\\/g, '/').endsWith('/src/engine/pools.ts')) return NODE_PLATFORM;
      if (source === 'node:worker_threads') return WORKER_THREADS;
      return null;
    },
    load(id) {
      if (id === NODE_PLATFORM) return `export { browserPlatform as nodePlatform } from ${JSON.stringify(here('./src/engine/platform-browser.ts'))};`;
      if (id === WORKER_THREADS) return 'export const parentPort = null;';
      return null;
    },
  };
}

/** The pages link the built module by its public name; in development it is the source. */
function pages(): Plugin {
  return {
    name: 'cgt-access-pages',
    resolveId(source) {
      return source === '/cgt-access-simulator.js' || source === './cgt-access-simulator.js' ? ENTRY : null;
    },
    generateBundle() {
      for (const fileName of PAGES) this.emitFile({ type: 'asset', fileName, source: readFileSync(here(`./web/${fileName}`), 'utf8') });
    },
  };
}

export default defineConfig({
  root: here('./web'),
  base: './',
  publicDir: false,
  plugins: [browserOnly(), pages()],
  worker: {
    format: 'es',
    plugins: () => [browserOnly()],
    rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' } },
  },
  server: { fs: { allow: [here('.')] } },
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The kernel stays a file beside the module (compiled by streaming), never inlined.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { 'cgt-access-simulator': ENTRY },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
