/** The calibration view's registration (its code, with the calibration solver, loads when it is first shown). */

import type { ViewDefinition } from '../registry.js';

export const calibrationView: ViewDefinition = {
  id: 'calibration',
  label: 'Calibration',
  figures: ['calibration'],
  run: 'exact',
  load: () => import('./view.js'),
};
