/** The capacity view's registration (its code, the lines sweep and its chart load when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const capacityView: ViewDefinition = {
  id: 'capacity',
  label: 'Capacity',
  figures: ['queue', 'lines'],
  run: 'capacity',
  load: () => import('./view.js'),
};
