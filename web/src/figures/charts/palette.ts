/**
 * Colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinct for
 * the common forms of colour blindness. The arms are blue and vermillion everywhere; text in
 * an arm's colour uses a darker shade that keeps WCAG AA contrast (4.5:1) on white.
 */

export const ARM_COLORS = { commercial: '#0072B2', poc: '#D55E00' } as const;
export const ARM_TEXT_COLORS = { commercial: '#005A8C', poc: '#A04000' } as const;

/** Okabe–Ito without black, in an order that keeps neighbours distinct. */
export const CATEGORY_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'];
