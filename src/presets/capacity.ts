/**
 * Presets with manufacturing capacity (MODEL.md v2, capacity and queues): an existing preset
 * with a number of lines for one or both arms, so that its queue can be studied. They run as
 * cohort-years (run.years takes its defaults). No public source found gives the number of
 * devices of a point-of-care programme or the slots a factory allots to one health system:
 * the numbers are assumptions, each with the reasoning that chose it (the `lines` command
 * shows what every other number would give).
 */

import { sourced } from '../scenario/sourced.js';
import { TABLE2_PRESETS } from './table2.js';
import type { PresetDefinition } from './types.js';

/** The presets with capacity, from the default preset's definition and the Table 2 presets. */
export function capacityPresets(defaultPreset: PresetDefinition): PresetDefinition[] {
  const d = defaultPreset;
  const a = TABLE2_PRESETS.find((p) => p.name === 'ari-0001');
  if (!a) throw new Error('cgt-access: no preset ari-0001 to give capacity to');
  return [
    {
      ...d,
      name: 'default-lines',
      title: 'The default scenario with 11 point-of-care devices and 10 factory slots',
      description:
        `${d.description} Manufacturing capacity: the hospital runs 11 automated closed devices (CliniMACS Prodigy or Cocoon type), `
        + 'each making one batch at a time; the commercial factory allots this health system 10 slots at a time. '
        + 'Both numbers are assumptions, chosen so that each arm\'s lines are about 80% busy with its own patients; '
        + 'cgt-access lines --preset default-lines --arm poc shows the other choices.',
      arms: {
        commercial: {
          ...d.arms?.commercial,
          capacity: sourced({ lines: 10 }, 'assumption: factory slots allotted to the health system, chosen so that they are about '
            + '80% busy with the arm\'s own patients (about 110 attempts a year of 27 days on average); no public source found'),
        },
        poc: {
          ...d.arms?.poc,
          capacity: sourced({ lines: 11 }, 'assumption: automated closed devices at the hospital (seed text: CliniMACS Prodigy, Lonza '
            + 'Cocoon, refs. 17, 19), chosen so that they are about 80% busy (about 300 attempts a year of 10.3 days on average); '
            + 'no public source found'),
        },
      },
    },
    {
      ...a,
      name: 'ari-0001-prodigy',
      title: `${a.title}, on one CliniMACS Prodigy`,
      description:
        `${a.description} Manufacturing capacity: the point-of-care arm makes its batches on a single CliniMACS Prodigy device `
        + '(the system ARI-0001 is made on, seed text, ref. 36); one device is an assumption.',
      arms: {
        ...a.arms,
        poc: {
          ...a.arms?.poc,
          capacity: sourced({ lines: 1 }, 'assumption: one CliniMACS Prodigy device (the system of seed text, ref. 36) for the '
            + 'programme\'s about 30 batches a year of 7-10 days; no public source found for the number of devices'),
        },
      },
    },
  ];
}
