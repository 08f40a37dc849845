/** The results view's registration (its code, with its charts, loads when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const resultsView: ViewDefinition = {
  id: 'results',
  label: 'Results',
  figures: ['headline', 'funnel', 'v2v', 'costs'],
  run: 'point',
  load: () => import('./view.js'),
};
