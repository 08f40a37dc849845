/**
 * What a view gets from the shell to draw itself: the state (read its fields, change it only
 * through its methods), the point run, the element's display settings, the shared figure
 * frame and formatter, and a place for the view's own runs and memory (per element).
 */

import type { ReactiveControllerHost } from 'lit';
import type { Result, Scenario } from '../../../src/scenario/types.js';
import type { PsaEffect } from '../../../src/scenario/uncertain.js';
import type { ExportMeta } from '../common/export-meta.js';
import type { Formatter } from '../common/format.js';
import type { FigureFrame } from '../figures/frame.js';
import type { ExactRun } from '../runs/exact-run.js';
import type { RunController } from '../runs/run-controller.js';
import type { ExplorerState } from '../state/explorer-state.js';
import { registeredViews, type ViewDefinition } from './registry.js';

/** The element's public settings that views read (and, for their own controls, write). */
export interface ViewHost extends ReactiveControllerHost, EventTarget {
  /** Parameter draws of the uncertainty analysis (attribute `draws`). */
  draws: number | undefined;
  /** Patients per arm in each draw (attribute `patients-per-draw`). */
  patientsPerDraw: number | undefined;
  /** Willingness to pay of the uncertainty analysis, per unit of its effect (attribute `wtp`). */
  wtp: number | undefined;
  /** The uncertainty analysis's effect measure (attribute `effect`). */
  effect: PsaEffect | undefined;
  readonly renderRoot: ParentNode;
}

export interface ViewContext {
  readonly host: ViewHost;
  readonly state: ExplorerState;
  /** The run of the scenario shown (quick pass, then refined). */
  readonly point: RunController<Scenario, Result>;
  /** The exact expectations of the scenario shown (computed before the point run; `result` null where there is no exact form). `exact.shown(point)` combines both. */
  readonly exact: ExactRun;
  readonly f: Formatter;
  readonly figures: FigureFrame;
  /** Compact view (numbers and figures for reports) rather than the full explorer. */
  readonly compact: boolean;
  /** Width for charts, in steps of 20 px. */
  readonly width: number;
  /** Whether the `figures` attribute asks for this figure of the view (all when it names none of the view's). */
  shows(figure: string): boolean;
  /** The view's own run `name` (one per element), made by `create` the first time. */
  useRun<S, R>(name: string, create: () => RunController<S, R>): RunController<S, R>;
  /** The view's own memory for this element (e.g. caches), made by `create` the first time. */
  local<T extends object>(create: () => T): T;
  /** A download's file name: the view's stem and `ext`. */
  fileName(ext: string): string;
  /** The metadata of an exported file (tool, version, preset, seed, size, engine, date, currency, `units`), `extra` added. */
  meta(units?: string, extra?: Record<string, string | number>): ExportMeta;
}

/** The shell's parts a view's context is made of (the runs and memories are the element's, by name). */
export interface ContextParts extends Pick<ViewContext, 'host' | 'state' | 'point' | 'exact' | 'f' | 'figures' | 'compact' | 'width' | 'fileName' | 'meta'> {
  /** The element's `figures` attribute. */
  figuresAttribute: string | undefined;
  runs: Map<string, RunController<unknown, unknown>>;
  locals: Map<string, object>;
}

/** The context of `view` in an element. */
export function viewContext(view: ViewDefinition, parts: ContextParts): ViewContext {
  const { figuresAttribute, runs, locals, ...shared } = parts;
  const asked = figuresAttribute ? figuresAttribute.split(/\s+/).filter(Boolean) : [];
  const own = asked.filter((name) => view.figures.includes(name));
  return {
    ...shared,
    // Only the figures named; a view none of whose figures are named (others' are) shows all of its own.
    shows: (figure) => asked.length === 0 || (own.length > 0 ? own.includes(figure) : asked.some((a) => registeredViews().some((v) => v.figures.includes(a)))),
    useRun: <S, R>(name: string, create: () => RunController<S, R>) => {
      let run = runs.get(name);
      if (!run) runs.set(name, (run = create() as RunController<unknown, unknown>));
      return run as RunController<S, R>;
    },
    local: <T extends object>(create: () => T) => {
      let mine = locals.get(view.id);
      if (!mine) locals.set(view.id, (mine = create()));
      return mine as T;
    },
  };
}
