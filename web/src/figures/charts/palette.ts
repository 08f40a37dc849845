/**
 * Colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinct for
 * the common forms of colour blindness. The arms are blue and vermillion everywhere by default;
 * a page changes them with the element's `--cgt-commercial-color` and `--cgt-poc-color`, which
 * the charts read when they are drawn (`useArmColors`). Text in an arm's colour is styled in
 * CSS (`common/styles.ts`): the colour mixed with the text colour, for WCAG AA contrast.
 */

import type { ArmName } from '../../../../src/scenario/types.js';

/** The arms' default colours (Okabe–Ito blue and vermillion). */
export const DEFAULT_ARM_COLORS: Readonly<Record<ArmName, string>> = { commercial: '#0072B2', poc: '#D55E00' };

/**
 * The arms' colours of the element being drawn: its `--cgt-commercial-color` and
 * `--cgt-poc-color` (the defaults where unset), set by `useArmColors` before each render.
 * Read at draw time, never copied at module load.
 */
export const ARM_COLORS: Record<ArmName, string> = { ...DEFAULT_ARM_COLORS };

/** A CSS colour safe to write into an SVG attribute (no quote or markup), else null. */
function safeColor(value: string): string | null {
  const v = value.trim();
  return v && !/["'<>&;{}]/.test(v) ? v : null;
}

/** The arms' colours of an element: its computed `--_cgt-*-color` (the public property or the default). */
export function readArmColors(host: Element): Record<ArmName, string> {
  const style = getComputedStyle(host);
  const read = (arm: ArmName) => safeColor(style.getPropertyValue(`--_cgt-${arm}-color`)) ?? safeColor(style.getPropertyValue(`--cgt-${arm}-color`)) ?? DEFAULT_ARM_COLORS[arm];
  return { commercial: read('commercial'), poc: read('poc') };
}

/** Makes `colors` the arms' colours of the charts drawn next. */
export function useArmColors(colors: Record<ArmName, string>): void {
  Object.assign(ARM_COLORS, colors);
}

/** `color` at `alpha` (0 to 1): a hex colour with an alpha byte, any other CSS colour through color-mix. */
export function withAlpha(color: string, alpha: number): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return `${color}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

/** Okabe–Ito without black, in an order that keeps neighbours distinct. */
export const CATEGORY_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'];
