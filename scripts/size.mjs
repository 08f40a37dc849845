#!/usr/bin/env node
/**
 * `npm run size`: what the built pages download, in bytes and gzipped (zlib level 9), read from
 * the built files (dist/web, or the folder given) without a browser. For each page:
 *
 *   shell       the page's module and its static imports (the engine's host side included): all
 *               that runs before the element's first paint;
 *   + engine    the worker, its static imports and the wasm kernel, fetched when the first run starts
 *               (the capacity engine's wasm, fetched on the first run with manufacturing lines, later);
 *   + view      the code of the view each element shows first (results, or its `tab`), with its
 *               charts (the results view draws its own SVG: no chart library): everything the
 *               page loads without a click;
 *   later       each other view, downloaded when first shown (its files not already loaded).
 *
 * A file counts once per page, in the first line that needs it. Options: --json, [DIR].
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const { values: opts, positionals } = parseArgs({ options: { json: { type: 'boolean' } }, allowPositionals: true });
const SITE = resolve(positionals[0] ?? fileURLToPath(new URL('../dist/web', import.meta.url)));
if (!existsSync(join(SITE, 'index.html'))) {
  console.error(`size: ${SITE} has no index.html: run \`npm run build\` first`);
  process.exit(2);
}

const files = (function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
})(SITE);

const text = (file) => readFileSync(file, 'utf8');
const sizes = new Map();
function size(file) {
  if (!sizes.has(file)) {
    const bytes = readFileSync(file);
    sizes.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes.get(file);
}

const resolveFrom = (file, spec) => resolve(dirname(file), spec);
/** Static imports of a built module (`import ... from"./x.js"`, `import"./x.js"`, `export ... from"./x.js"`). */
const staticImports = (file) => [...text(file).matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)].map((m) => resolveFrom(file, m[1]));
/** Files a module fetches by URL (`new URL("x", import.meta.url)`: the worker, the wasm). */
const urlAssets = (file) => [...text(file).matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\)/g)].map((m) => resolveFrom(file, m[1]));

function staticClosure(roots) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f) || !existsSync(f)) return;
    seen.add(f);
    if (f.endsWith('.js')) for (const d of staticImports(f)) visit(d);
  };
  for (const r of roots) visit(r);
  return seen;
}

/** The sources of a built chunk, from its source map (to name the chunks of views). */
function sources(file) {
  const map = `${file}.map`;
  return existsSync(map) ? JSON.parse(text(map)).sources.map((s) => s.replace(/\\/g, '/')) : [];
}
const chunkOf = (suffix) => files.filter((f) => f.endsWith('.js') && sources(f).some((s) => s.endsWith(suffix)));

/** The page's module scripts and the elements' first views and figures. */
function page(name) {
  const html = text(join(SITE, name));
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => resolve(SITE, m[1].replace(/^\//, './')));
  const elements = [...html.matchAll(/<cgt-access-simulator([^>]*)>/g)].map((m) => {
    const attr = (a) => m[1].match(new RegExp(`\\s${a}="([^"]*)"`))?.[1];
    return { tab: attr('tab') ?? 'results', figures: attr('figures')?.split(/\s+/).filter(Boolean) ?? null };
  });
  return { scripts, elements };
}

const VIEWS = {
  results: 'web/src/views/results/view.ts',
  uncertainty: 'web/src/views/uncertainty/view.ts',
  capacity: 'web/src/views/capacity/view.ts',
  value: 'web/src/views/value/view.ts',
  budget: 'web/src/views/budget/view.ts',
  calibration: 'web/src/views/calibration/view.ts',
};

function report(name) {
  const { scripts, elements } = page(name);
  const loaded = new Set();
  const lines = [];
  const add = (label, roots) => {
    const closure = [...staticClosure(roots)].filter((f) => !loaded.has(f));
    for (const f of closure) loaded.add(f);
    const raw = closure.reduce((s, f) => s + size(f).raw, 0);
    const gzip = closure.reduce((s, f) => s + size(f).gzip, 0);
    lines.push({ label, files: closure.map((f) => relative(SITE, f)).sort(), raw, gzip });
  };
  add('shell (before the first paint)', scripts);
  // The engine's files fetched by URL (the worker and the wasm kernel), with the worker's static imports.
  const engineRoots = new Set();
  // The capacity engine's wasm is fetched on the first run with manufacturing lines only: counted later.
  const capacityEngine = new Set();
  const engineAsset = (a) => (/queue/.test(a) ? capacityEngine : engineRoots).add(a);
  for (const f of staticClosure([...loaded])) if (f.endsWith('.js')) for (const a of urlAssets(f)) engineAsset(a);
  for (const f of staticClosure([...engineRoots])) if (f.endsWith('.js')) for (const a of urlAssets(f)) engineAsset(a);
  add('+ engine (worker, wasm kernel)', engineRoots);
  const first = [...new Set(elements.map((e) => e.tab))];
  add(`+ view shown first (${first.join(', ')}), with its charts`, first.flatMap((t) => (VIEWS[t] ? chunkOf(VIEWS[t]) : [])));
  const total = { raw: lines.reduce((s, l) => s + l.raw, 0), gzip: lines.reduce((s, l) => s + l.gzip, 0) };
  const later = Object.entries(VIEWS).filter(([id]) => !first.includes(id)).map(([id, src]) => {
    const closure = [...staticClosure(chunkOf(src))].filter((f) => !loaded.has(f));
    return { label: `later: the ${id} view, when first shown`, files: closure.map((f) => relative(SITE, f)).sort(), raw: closure.reduce((s, f) => s + size(f).raw, 0), gzip: closure.reduce((s, f) => s + size(f).gzip, 0) };
  });
  for (const f of capacityEngine) {
    if (loaded.has(f)) continue;
    later.push({ label: 'later: the capacity engine (wasm), on the first run with lines', files: [relative(SITE, f)], raw: size(f).raw, gzip: size(f).gzip });
  }
  return { page: name, lines, total, later };
}

const pages = ['index.html', 'embed.html'].map(report);
if (opts.json) {
  console.log(JSON.stringify({ site: SITE, gzipLevel: 9, pages }, null, 2));
} else {
  const kb = (n) => `${(n / 1000).toFixed(1).padStart(6)} KB`;
  console.log(`cgt-access size: what the built pages download (${relative(process.cwd(), SITE) || '.'}; KB = 1000 bytes; gzip level 9)`);
  for (const p of pages) {
    console.log(`\n  ${p.page}`);
    let raw = 0;
    let gzip = 0;
    for (const l of p.lines) {
      raw += l.raw;
      gzip += l.gzip;
      console.log(`    ${l.label.padEnd(62)} ${kb(l.raw)} ${kb(l.gzip)} gzipped   (cumulative ${kb(gzip).trim()} gzipped)`);
    }
    for (const l of p.later) console.log(`    ${l.label.padEnd(62)} ${kb(l.raw)} ${kb(l.gzip)} gzipped`);
  }
}
