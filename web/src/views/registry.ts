/**
 * The explorer's views, registered by name. A view is a tab of the full explorer and a panel
 * of the compact one; its code is loaded the first time it is shown (`load`, a dynamic
 * import), so a page that never shows it never downloads it. Adding a view is writing its
 * module and registering it:
 *
 *   registerView({
 *     id: 'capacity', label: 'Capacity', figures: ['queue', 'lines'], run: 'capacity',
 *     load: () => import('./capacity/view.js'),
 *   });
 *
 * and nothing in the shell changes: the tab, the `tab` attribute, the `figures` attribute
 * and the downloads follow from the registration. `views/index.ts` registers the built-in ones.
 */

import type { ViewContext } from './context.js';

export interface ViewModule {
  /** The view's panel (status, numbers and figures), a pure function of the context. */
  render(ctx: ViewContext): unknown;
  /** False while something the view needs to draw its run's result is still loading (default: ready). */
  ready?(ctx: ViewContext): boolean;
  /** Called on every update of the element while the view is shown: start or refresh its own run here. */
  update?(ctx: ViewContext): void;
  /** Called when the view stops being shown (e.g. cancel a run it no longer needs). */
  hide?(ctx: ViewContext): void;
  /** Stem of the file names of its downloads (default `cgt-access-<preset>-<patients>-seed<seed>`). */
  fileStem?(ctx: ViewContext): string;
}

export interface ViewDefinition {
  /** Name, as in the `tab` attribute (`results`, `uncertainty`, ...). */
  id: string;
  /** Tab label. */
  label: string;
  /** The figures it offers to the `figures` attribute (e.g. `headline funnel`). */
  figures: readonly string[];
  /** The run it draws: `point` (the shell's run of the scenario shown) or a run of its own (`ViewContext.useRun`). */
  run: string;
  /** Its code: a module whose default export is the view. */
  load: () => Promise<{ default: ViewModule }>;
}

const views: ViewDefinition[] = [];
const listeners = new Set<() => void>();

/** Registers a view (after those registered before it); a second view of the same id replaces the first. */
export function registerView(definition: ViewDefinition): void {
  if (typeof definition?.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(definition.id)) {
    throw new TypeError(`registerView: id must be a lower-case name (letters, digits, '-'); got ${JSON.stringify(definition?.id)}`);
  }
  if (typeof definition.load !== 'function') throw new TypeError(`registerView: view ${definition.id}: load must be a function returning import(...)`);
  const at = views.findIndex((v) => v.id === definition.id);
  if (at >= 0) views[at] = definition;
  else views.push(definition);
  for (const l of listeners) l();
}

/** The views registered, in order. */
export function registeredViews(): readonly ViewDefinition[] {
  return views;
}

/** Calls `listener` whenever a view is registered; returns the function that stops it. */
export function onViewsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A view's code, loading or loaded (or failed), shared by every element of the page. */
export interface LoadedView {
  readonly definition: ViewDefinition;
  module: ViewModule | null;
  error: string | null;
  /** Settles (never rejects) once the code is in or has failed. */
  readonly done: Promise<void>;
}

const loaded = new Map<string, LoadedView>();

/** Starts loading a view's code (once per definition) and gives its entry. */
export function loadView(definition: ViewDefinition): LoadedView {
  const known = loaded.get(definition.id);
  if (known && known.definition === definition) return known;
  const entry: { -readonly [K in keyof LoadedView]: LoadedView[K] } = { definition, module: null, error: null, done: Promise.resolve() };
  entry.done = Promise.resolve()
    .then(() => definition.load())
    .then((m) => {
      if (!m || typeof m.default?.render !== 'function') throw new Error(`view ${definition.id}: its module has no default export with a render function`);
      entry.module = m.default;
    })
    .catch((e: unknown) => {
      entry.error = e instanceof Error ? e.message : String(e);
    });
  loaded.set(definition.id, entry);
  return entry;
}
