/** The results view's charts (Observable Plot), loaded apart from the view: the headline numbers need none. */

export { costChart, costRows, COST_COMPONENTS } from '../../figures/charts/costs.js';
export { fateChart, fateRows, funnelChart, funnelRows, FUNNEL_STEPS } from '../../figures/charts/funnel.js';
export { v2vChart } from '../../figures/charts/v2v.js';
