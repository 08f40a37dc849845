/**
 * The built-in views, in tab order. Each registration is light (name, label, figures, run);
 * the view's code loads the first time it is shown. A new view adds its registration here.
 */

import { registerView } from './registry.js';
import { resultsView } from './results/index.js';
import { uncertaintyView } from './uncertainty/index.js';
import { budgetView } from './budget/index.js';
import { calibrationView } from './calibration/index.js';
import { capacityView } from './capacity/index.js';
import { valueView } from './value/index.js';

registerView(resultsView);
registerView(uncertaintyView);
registerView(capacityView);
registerView(valueView);
registerView(budgetView);
registerView(calibrationView);
