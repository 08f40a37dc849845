/**
 * The layers of src/, bottom to top (README, "Layout"). A module may import from its own layer
 * or from a lower one, never from a higher one; each layer lists folders (`model/`) or single
 * files (`simulate.ts`), a module belonging to its longest match. The test reads every import
 * (static, `export … from`, `import type` and dynamic `import()`) of src/**\/*.ts.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

export const LAYERS: readonly (readonly string[])[] = [
  // The inputs and the numbers: the scenario, its presets, the random streams, the distributions.
  ['scenario/', 'presets/', 'random/', 'distributions/'],
  // The model's shared definitions: tally and patient-tally layouts, the kernel's and the queue's
  // parameter blocks and layouts, an arm's model and a patient's draws, a run's options.
  ['model/'],
  // The Monte Carlo estimators and the checks of public arguments.
  ['summary/estimates.ts', 'summary/histogram.ts', 'arguments.ts'],
  // The economics of a tally.
  ['economics/'],
  // The engines' TypeScript sides: the reference model, the exact model, the queue engine.
  ['reference/', 'exact/', 'queue/'],
  // The pool, the workers and the wasm hosts.
  ['engine/'],
  // A tally's summary and the options of a run.
  ['summary/summarise.ts', 'options.ts'],
  // The top-level run.
  ['simulate.ts'],
  // Analyses that call simulate (or the pool) many times.
  ['analyses/', 'psa/', 'calibrate/'],
  // Output formats.
  ['format/'],
  // The front ends: the command line and the library's entry points.
  ['cli/', 'index.ts', 'browser.ts', 'edges.ts'],
];

/**
 * Upward imports that need more than a move (from → to, src-relative). Each is a debt, not a
 * licence: remove it here when it goes.
 */
export const EXCEPTIONS: readonly string[] = [
  // The pool and the workers take a PSA run's scenario type; PsaScenario lives with the PSA's validation.
  'engine/pool.ts -> psa/validate.ts',
  'engine/pool-exact.ts -> psa/validate.ts',
  'engine/worker.ts -> psa/validate.ts',
  // The worker loads the exact model's PSA draws on demand (a dynamic import).
  'engine/worker.ts -> psa/exact-draws.ts',
  // The queue's parameter block decodes into the replicate's YearsModel type (defined in queue/replicate.ts).
  'model/queue-params.ts -> queue/replicate.ts',
];

const SRC = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The layer of a src-relative path: the index of its longest matching entry. */
export function layerOf(path: string): number {
  let best = -1;
  let length = -1;
  LAYERS.forEach((layer, i) => {
    for (const entry of layer) {
      const match = entry.endsWith('/') ? path.startsWith(entry) : path === entry;
      if (match && entry.length > length) [best, length] = [i, entry.length];
    }
  });
  return best;
}

/** The relative imports of a module's text, as src-relative paths of .ts files. */
export function importsOf(path: string, text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[2].replace(/\.js$/, '.ts');
    found.push(posix.normalize(posix.join(posix.dirname(path), spec)));
  }
  return found;
}

/** Every import that points from a lower layer to a higher one, as "from -> to". */
export function upwardImports(modules: ReadonlyMap<string, string>): string[] {
  const up: string[] = [];
  for (const [path, text] of modules) {
    for (const target of importsOf(path, text)) {
      if (target.startsWith('../')) continue; // outside src (build/, the package): not a layer
      if (layerOf(target) > layerOf(path)) up.push(`${path} -> ${target}`);
    }
  }
  return up.sort();
}

function readSources(): Map<string, string> {
  return new Map(sources(SRC).map((f) => [relative(SRC, f).split(/[\\/]/).join('/'), readFileSync(f, 'utf8')]));
}

describe('the layers of src/', () => {
  const modules = readSources();

  it('places every module in a layer', () => {
    expect([...modules.keys()].filter((p) => layerOf(p) < 0)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one but the known exceptions', () => {
    expect(upwardImports(modules)).toEqual([...EXCEPTIONS].sort());
  });

  it('catches a new upward import', () => {
    const added = new Map(modules);
    added.set('model/tally.ts', `${modules.get('model/tally.ts')}\nimport { simulate } from '../simulate.js';\n`);
    expect(upwardImports(added)).toContain('model/tally.ts -> simulate.ts');
  });

  it('reads each kind of import', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from '../c.js';",
      "const d = await import('../d/d.js');",
      "import '../e.js';",
    ].join('\n');
    expect(importsOf(posix.join('x', 'y.ts'), text)).toEqual(['x/a.ts', 'b/b.ts', 'c.ts', 'd/d.ts', 'e.ts']);
  });
});
