/** The results view's vein-to-vein chart (Observable Plot), loaded apart from the view: the other figures need none. */

export { v2vChart } from '../../figures/charts/v2v.js';
