/** The budget view's registration (its code and charts load when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const budgetView: ViewDefinition = {
  id: 'budget',
  label: 'Budget',
  figures: ['budget-totals', 'budget-cost', 'budget-outcomes'],
  run: 'point',
  load: () => import('./view.js'),
};
