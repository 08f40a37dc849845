/** The uncertainty view's registration (its code, the PSA and its charts load when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const uncertaintyView: ViewDefinition = {
  id: 'uncertainty',
  label: 'Uncertainty',
  figures: ['probabilities', 'ce-plane', 'ceac', 'evpi', 'tornado'],
  run: 'psa',
  load: () => import('./view.js'),
};
