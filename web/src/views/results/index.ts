/** The results view's registration (its code, with the charts, loads when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const resultsView: ViewDefinition = {
  id: 'results',
  label: 'Results',
  figures: ['headline', 'funnel', 'v2v', 'costs'],
  run: 'point',
  load: () => import('./view.js'),
  // The charts (Observable Plot) load beside the view's code, not after it, when a chart is shown.
  prefetch: (shows) => {
    if (['funnel', 'v2v', 'costs'].some(shows)) void import('./charts.js');
  },
};
