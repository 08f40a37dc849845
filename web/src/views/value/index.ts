/** The value and price view's registration (its code, its run and its chart load when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const valueView: ViewDefinition = {
  id: 'value',
  label: 'Value & price',
  figures: ['value', 'parity', 'circle'],
  run: 'circle',
  load: () => import('./view.js'),
};
