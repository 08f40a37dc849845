/** The results view's registration (its code, with the charts, loads when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const resultsView: ViewDefinition = {
  id: 'results',
  label: 'Results',
  figures: ['headline', 'funnel', 'v2v', 'costs'],
  run: 'point',
  load: () => import('./view.js'),
  // The vein-to-vein chart's code (Observable Plot) loads beside the view's, not after it, when that chart is shown.
  prefetch: (shows) => {
    if (shows('v2v')) void import('./charts.js');
  },
};
