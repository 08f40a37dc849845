/**
 * Presets from the seed paper's Table 2 and text (Samsonov & Lomonosov 2024): commercial
 * CAR-T products in real-world series and registrational trials, and academic point-of-care
 * (POC) products, each beside the matching comparator. Every number stands beside its source:
 * `seed Table 2, ref. N (...)`, `seed text, ref. N: ...`, `public: ...` or `assumption: ...`.
 * What a preset does not set keeps the default scenario's value and source (defaults.ts).
 */

import { sourced, type SourcedArm, type SourcedCohort } from '../scenario/sourced.js';
import type { PresetDefinition } from './types.js';

// ---------------------------------------------------------------------------------------------
// Sources (the seed's Table 2 rows; "*" marks values starred in the table, without a legend)
// ---------------------------------------------------------------------------------------------

const T2_AXI_RWE = 'seed Table 2, ref. 24 (axi-cel real-world, r/r LBCL, 1297 pts)';
const T2_AXI_CMP = 'seed Table 2, ref. 26 (real-world comparative study, 809 DLBCL pts, axi-cel column)';
const T2_TISA_CMP = 'seed Table 2, ref. 26 (real-world comparative study, 809 DLBCL pts, tisa-cel column)';
const T2_TISA_ALL = 'seed Table 2, ref. 25 (tisa-cel real-world, pediatric/young adult ALL, 255 pts)';
const T2_ZUMA1 = 'seed Table 2, ref. 27 (ZUMA-1, axi-cel, r/r LBCL, 101 pts)';
const T2_ELIANA = 'seed Table 2, ref. 28 (ELIANA, tisa-cel, pediatric/young adult r/r ALL, 79 pts)';
const T2_MASCHAN_ALL = 'seed Table 2, ref. 29 (Maschan et al., POC CAR19-T, r/r B-cell ALL, 31 pts)';
const T2_MASCHAN_NHL = 'seed Table 2, ref. 29 (Maschan et al., POC CAR19-T, NHL, 23 pts)';
const T2_SHEBA = 'seed Table 2, ref. 30 (Sheba Medical Center POC CAR-T, ABCL, 73 pts)';
const TX_SHEBA = 'seed text, ref. 30 (Sheba Medical Center POC CAR-T, ABCL, 73 pts)';
const T2_ARI = 'seed Table 2, ref. 36 (ARI-0001, Hospital Clinic de Barcelona, r/r ALL over 25 years, 38 pts)';
const TX_CLIC = 'seed text, ref. 39 (CLIC-01, non-cryopreserved CLIC-1901, 35 enrolled, 30 infused)';

const STARRED = '; marked * in the table';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Outcome = 'pOrr' | 'pCr' | 'pOs1' | 'pPfs1' | 'pCrs3' | 'pIcans3';
const OUTCOMES: readonly Outcome[] = ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'];

/** The six outcomes of one Table 2 row, each with `source` (plus a note where one is given). */
function outcomes(
  values: Record<Outcome, number>,
  source: string,
  notes: Partial<Record<Outcome, string>> = {},
): SourcedArm {
  const out: SourcedArm = {};
  for (const k of OUTCOMES) out[k] = sourced(values[k], notes[k] ?? source);
  return out;
}

/** The same outcomes for the POC arm, under the assumption of equal efficacy and safety. */
function sameOutcomes(arm: SourcedArm, product: string): SourcedArm {
  const out: SourcedArm = {};
  for (const k of OUTCOMES) {
    const f = arm[k];
    if (f) out[k] = sourced(f.value, `assumption: point-of-care efficacy taken equal to ${product} (${f.source})`);
  }
  return out;
}

/** One-year probability of an exponential time with this median (months): 2^(-12/median). */
function oneYearFromMedianMonths(medianMonths: number): number {
  return Math.round(2 ** (-12 / medianMonths) * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Commercial comparators (outcomes from Table 2; manufacturing and price of the product)
// ---------------------------------------------------------------------------------------------

/** axi-cel, real-world r/r LBCL (ref. 24): the default's row, restated here explicitly. */
const AXI_CEL_RWE_OUTCOMES = outcomes(
  { pOrr: 0.73, pCr: 0.56, pOs1: 0.62, pPfs1: 0.47, pCrs3: 0.08, pIcans3: 0.24 },
  T2_AXI_RWE,
);

/** axi-cel, real-world comparative study of DLBCL (ref. 26). */
const AXI_CEL_CMP_OUTCOMES = outcomes(
  { pOrr: 0.8, pCr: 0.6, pOs1: 0.635, pPfs1: 0.466, pCrs3: 0.05, pIcans3: 0.13 },
  T2_AXI_CMP,
);

/** tisa-cel, real-world comparative study of DLBCL (ref. 26). */
const TISA_CEL_CMP_OUTCOMES = outcomes(
  { pOrr: 0.66, pCr: 0.42, pOs1: 0.488, pPfs1: 0.332, pCrs3: 0.09, pIcans3: 0.03 },
  T2_TISA_CMP,
  { pOs1: `${T2_TISA_CMP}${STARRED}`, pPfs1: `${T2_TISA_CMP}${STARRED}` },
);

/** tisa-cel, real-world pediatric/young adult ALL (ref. 25). */
const TISA_CEL_ALL_OUTCOMES = outcomes(
  { pOrr: 0.85, pCr: 0.85, pOs1: 0.772, pPfs1: 0.52, pCrs3: 0.16, pIcans3: 0.09 },
  T2_TISA_ALL,
  { pOs1: `${T2_TISA_ALL}${STARRED}`, pPfs1: `${T2_TISA_ALL}${STARRED}` },
);

/** The commercial arm of the lymphoma POC presets: axi-cel real-world, as in the default. */
const AXI_CEL_RWE_ARM: SourcedArm = { ...AXI_CEL_RWE_OUTCOMES };

/** tisa-cel's manufacturing time (the default's 25 days are axi-cel's, Kite's EU commercial lots). */
const TISA_CEL_MFG_DAYS = sourced(
  { median: 22, p90: 40 },
  'seed text, refs. 10, 11: tisa-cel target median turnaround 22 days, up to 2 months; p90 40 days is an assumption',
);

/**
 * The share of tisa-cel products that fail outright (neither in specification nor released out
 * of it): version 1's first default, kept for tisa-cel when the default arm was refitted to
 * axi-cel in the UK National CAR-T Panel (2.4% there).
 */
const TISA_CEL_FAILURES = 'the failure share of version 1\'s first commercial default, kept for tisa-cel; the refitted default\'s 2.4% is the UK National CAR-T Panel\'s';

/**
 * The seed's 10-30% out-of-specification products with commercial CAR-T (refs. 25, 26), which
 * are tisa-cel's: its low end, as version 1's first commercial default had it, for the presets
 * whose tisa-cel arm took that default's manufacturing.
 */
const TISA_CEL_SEED_OOS: SourcedArm = {
  pOos: sourced(0.1, 'seed: 10-30% out-of-specification products with commercial CAR-T (refs. 25, 26; tisa-cel); the low end, as in version 1\'s first default'),
  pInSpec: sourced(0.85, `assumption: 1 - 10% out of specification - 5% outright failures (${TISA_CEL_FAILURES})`),
};

const TISA_CEL_PRICE_ALL = sourced(
  475000,
  'public: US list price of tisa-cel (Kymriah) for pediatric and young adult ALL at its FDA approval, August 2017',
);

const TISA_CEL_PRICE_LBCL = sourced(
  373000,
  'public: US list price of tisa-cel (Kymriah) for adult r/r large B-cell lymphoma at its FDA approval, May 2018 (matching axi-cel; Reuters, 1 May 2018)',
);

/** tisa-cel real-world in pediatric/young adult ALL (ref. 25): the commercial arm of the ALL POC presets. */
const TISA_CEL_ALL_ARM: SourcedArm = {
  mfgDays: TISA_CEL_MFG_DAYS,
  pOos: sourced(0.2, 'seed Table 2, ref. 25: 10-30% received out-of-specification product; the midpoint, 20%, taken (assumption)'),
  pInSpec: sourced(0.75, `assumption: 1 - 20% out of specification - 5% outright failures (${TISA_CEL_FAILURES})`),
  ...TISA_CEL_ALL_OUTCOMES,
  price: TISA_CEL_PRICE_ALL,
};

// ---------------------------------------------------------------------------------------------
// Cohorts of the ALL presets (the default cohort is r/r LBCL)
// ---------------------------------------------------------------------------------------------

const ALL_UNTREATED_MEDIAN = sourced(
  120,
  'assumption: r/r B-ALL progresses faster than r/r LBCL (default 180 days); about 4 months to progression that rules out infusion',
);

const PEDIATRIC_ALL_COHORT: SourcedCohort = {
  eligiblePerYear: sourced(
    60,
    'assumption: r/r B-ALL up to 25 years (refractory, second relapse or relapse after transplant) in a country of about 60 million; '
      + 'an order of magnitude only, about a tenth of the r/r LBCL default',
  ),
  untreatedMedianSurvivalDays: ALL_UNTREATED_MEDIAN,
};

const ADULT_ALL_COHORT: SourcedCohort = {
  eligiblePerYear: sourced(
    50,
    'assumption: r/r B-ALL over 25 years in a country of Spain\'s size (about 47 million); an order of magnitude only',
  ),
  untreatedMedianSurvivalDays: ALL_UNTREATED_MEDIAN,
};

// ---------------------------------------------------------------------------------------------
// Point-of-care manufacturing common to the academic presets
// ---------------------------------------------------------------------------------------------

const NO_OOS_SPLIT = sourced(
  0,
  'assumption: the seed reports manufacturing success against failure only; every unsuccessful product counted as a failure',
);

const MASCHAN_MFG: SourcedArm = {
  mfgDays: sourced(
    { median: 12, p90: 16 },
    'seed text, ref. 29: median apheresis-to-infusion time 13 days, less the 1 day of point-of-care logistics of the default; p90 16 days is an assumption',
  ),
  pInSpec: sourced(0.96, 'seed Table 2 and text, ref. 29: manufacturing success 96% ("exceeded 96%") at two sites, Moscow and Cleveland'),
  pOos: NO_OOS_SPLIT,
};

// ---------------------------------------------------------------------------------------------
// The presets
// ---------------------------------------------------------------------------------------------

const axiCelRealWorld: PresetDefinition = {
  name: 'axi-cel-real-world',
  title: 'axi-cel real-world in r/r DLBCL (comparative study, 809 pts) vs point-of-care',
  description:
    'Commercial arm: axi-cel (Yescarta) with the outcomes of the seed\'s real-world comparative study of 809 DLBCL patients '
    + '(Table 2, ref. 26, axi-cel column), so that it can be set beside tisa-cel-real-world from the same study; the larger '
    + 'US real-world series (ref. 24, 1297 patients) is the default scenario\'s row. Point-of-care arm: the default hospital '
    + 'manufacturing with efficacy and safety assumed equal to axi-cel. Cohort and access parameters are the Italy-like defaults.',
  arms: {
    commercial: { ...AXI_CEL_CMP_OUTCOMES },
    poc: sameOutcomes(AXI_CEL_CMP_OUTCOMES, 'axi-cel real-world'),
  },
};

const tisaCelRealWorld: PresetDefinition = {
  name: 'tisa-cel-real-world',
  title: 'tisa-cel real-world in r/r DLBCL (comparative study, 809 pts) vs point-of-care',
  description:
    'Commercial arm: tisa-cel (Kymriah) in r/r DLBCL, with the tisa-cel column of the seed\'s real-world comparative study '
    + '(Table 2, ref. 26; the DLBCL row is used, not the pediatric ALL row of ref. 25), its 22-day target turnaround and '
    + 'the 24% out-of-specification products reported with it in real life (ref. 33). Point-of-care arm: the default hospital '
    + 'manufacturing with efficacy assumed equal to tisa-cel. The one-year OS and PFS are starred in the table without a legend; '
    + 'cohort and access parameters are the Italy-like LBCL defaults.',
  arms: {
    commercial: {
      mfgDays: TISA_CEL_MFG_DAYS,
      pOos: sourced(
        0.24,
        'seed text, ref. 33 (Sheba, out-of-specification tisa-cel): 24% of products out of specification in real life; within the 10-30% of Table 2 (ref. 25)',
      ),
      pInSpec: sourced(0.71, `assumption: 1 - 24% out of specification - 5% outright failures (${TISA_CEL_FAILURES})`),
      ...TISA_CEL_CMP_OUTCOMES,
      price: TISA_CEL_PRICE_LBCL,
    },
    poc: sameOutcomes(TISA_CEL_CMP_OUTCOMES, 'tisa-cel real-world'),
  },
};

const ZUMA1_OUTCOMES = outcomes(
  { pOrr: 0.83, pCr: 0.58, pOs1: 0.604, pPfs1: 0.446, pCrs3: 0.11, pIcans3: 0.3 },
  T2_ZUMA1,
);

const zuma1: PresetDefinition = {
  name: 'zuma-1',
  title: 'ZUMA-1 trial outcomes of axi-cel in r/r LBCL vs point-of-care',
  description:
    'Commercial arm: axi-cel (Yescarta) with the outcomes of its registrational ZUMA-1 trial in r/r LBCL (Table 2, ref. 27, '
    + '101 patients; the seed\'s text counts 108 ZUMA-1 patients). Point-of-care arm: the default hospital manufacturing with '
    + 'efficacy assumed equal to axi-cel in ZUMA-1. Trial patients are selected and fitter than the real-world cohort whose '
    + 'access parameters (Italy-like defaults) this preset keeps.',
  arms: {
    commercial: { ...ZUMA1_OUTCOMES },
    poc: sameOutcomes(ZUMA1_OUTCOMES, 'axi-cel in ZUMA-1'),
  },
};

const ELIANA_OUTCOMES = outcomes(
  { pOrr: 0.82, pCr: 0.62, pOs1: 0.771, pPfs1: 0.38, pCrs3: 0.49, pIcans3: 0.13 },
  T2_ELIANA,
  { pOs1: `${T2_ELIANA}${STARRED}`, pPfs1: `${T2_ELIANA}${STARRED}` },
);

const eliana: PresetDefinition = {
  name: 'eliana',
  title: 'ELIANA trial outcomes of tisa-cel in pediatric/young adult r/r ALL vs point-of-care',
  description:
    'Commercial arm: tisa-cel (Kymriah) with the outcomes of its registrational ELIANA trial in pediatric and young adult '
    + 'r/r B-ALL (Table 2, ref. 28, 79 patients), its 22-day target turnaround, the seed\'s 10-30% out-of-specification products '
    + '(its low end) and its ALL list price. Point-of-care arm: the '
    + 'default hospital manufacturing with efficacy assumed equal to tisa-cel in ELIANA. The cohort is an assumed pediatric/young '
    + 'adult r/r ALL cohort (about 60 a year, faster progression than LBCL); the access parameters stay the LBCL defaults.',
  cohort: PEDIATRIC_ALL_COHORT,
  arms: {
    commercial: {
      mfgDays: TISA_CEL_MFG_DAYS,
      ...TISA_CEL_SEED_OOS,
      ...ELIANA_OUTCOMES,
      price: TISA_CEL_PRICE_ALL,
    },
    poc: sameOutcomes(ELIANA_OUTCOMES, 'tisa-cel in ELIANA'),
  },
};

const maschanAll: PresetDefinition = {
  name: 'maschan-all',
  title: 'Maschan et al. point-of-care CAR19-T in pediatric r/r B-ALL vs tisa-cel real-world',
  description:
    'Point-of-care arm: the CAR19-T cells of Maschan et al., made on CliniMACS Prodigy at two academic sites (Table 2 and text, '
    + 'ref. 29, 31 ALL patients): 96% manufacturing success, median 13 days from apheresis to infusion. Commercial arm: tisa-cel '
    + 'real-world in pediatric/young adult ALL (Table 2, ref. 25, 255 patients). The table gives a CRR of 77% where the text says '
    + '89% (the table is used), and no ORR (taken equal to the CRR); the cohort is an assumed pediatric/young adult r/r ALL cohort.',
  cohort: PEDIATRIC_ALL_COHORT,
  arms: {
    commercial: TISA_CEL_ALL_ARM,
    poc: {
      ...MASCHAN_MFG,
      ...outcomes(
        { pOrr: 0.77, pCr: 0.77, pOs1: 0.67, pPfs1: 0.29, pCrs3: 0.07, pIcans3: 0.13 },
        T2_MASCHAN_ALL,
        {
          pOrr: 'assumption: no ORR given for ALL (response in ALL is complete remission); taken equal to the CRR of seed Table 2, ref. 29',
          pCr: `${T2_MASCHAN_ALL}; the text gives 89%`,
          pPfs1: `${T2_MASCHAN_ALL}${STARRED}`,
        },
      ),
    },
  },
};

const maschanNhl: PresetDefinition = {
  name: 'maschan-nhl',
  title: 'Maschan et al. point-of-care CAR19-T in adult r/r B-NHL vs axi-cel real-world',
  description:
    'Point-of-care arm: the CAR19-T cells of Maschan et al. in adult B-cell lymphoma (Table 2 and text, ref. 29, 23 NHL patients): '
    + '96% manufacturing success, median 13 days from apheresis to infusion. Commercial arm: axi-cel real-world in r/r LBCL '
    + '(Table 2, ref. 24, as in the default). The trial\'s NHL patients are a broader and smaller group than the Italy-like '
    + 'r/r LBCL cohort kept from the defaults; the text gives 73% CR where the table gives 70% (the table is used).',
  arms: {
    commercial: AXI_CEL_RWE_ARM,
    poc: {
      ...MASCHAN_MFG,
      ...outcomes(
        { pOrr: 0.83, pCr: 0.7, pOs1: 0.77, pPfs1: 0.56, pCrs3: 0.04, pIcans3: 0.09 },
        T2_MASCHAN_NHL,
        { pCr: `${T2_MASCHAN_NHL}; the text gives 73%`, pPfs1: `${T2_MASCHAN_NHL}${STARRED}` },
      ),
    },
  },
};

const shebaAbcl: PresetDefinition = {
  name: 'sheba-abcl',
  title: 'Sheba point-of-care CAR-T in r/r aggressive B-cell lymphoma vs axi-cel real-world',
  description:
    'Point-of-care arm: the Sheba Medical Center product in aggressive B-cell lymphoma (Table 2 and text, ref. 30, 73 patients): '
    + 'mean production 10 days, 98.6% production efficiency, and a per-patient price 30-80% below commercial CAR-T (refs. 31, 32; '
    + 'the midpoint is taken, with no separate facility cost). Commercial arm: axi-cel real-world in r/r LBCL (Table 2, ref. 24). '
    + 'The seed adds that bridging could be avoided and that all screened patients were treated; neither is modelled, as the '
    + 'bridging hazard ratio is shared by both arms and the access parameters stay the defaults.',
  arms: {
    commercial: AXI_CEL_RWE_ARM,
    poc: {
      mfgDays: sourced(
        { median: 10, p90: 13 },
        `${TX_SHEBA}: mean production time 10 days, taken as the median; p90 13 days is an assumption`,
      ),
      pInSpec: sourced(0.986, `${TX_SHEBA}: production efficiency 98.6%`),
      pOos: NO_OOS_SPLIT,
      ...outcomes(
        { pOrr: 0.625, pCr: 0.375, pOs1: 0.521, pPfs1: 0.4, pCrs3: 0.095, pIcans3: 0.219 },
        T2_SHEBA,
        {
          pOs1: `${TX_SHEBA}: OS rate at 12 months 52.1% (CI 40.8-66.5%)`,
          pPfs1: `${TX_SHEBA}: PFS rate at 12 months 40% (CI 30-53.7%)`,
          pCrs3: `${TX_SHEBA}: grade 3-4 CRS in 9.5% (Table 2: 9%)`,
          pIcans3: `${TX_SHEBA}: grade 3-4 ICANS in 21.9% (Table 2: 22%)`,
        },
      ),
      payment: sourced('perInfusion', 'assumption: the hospital charges its price per treated patient (seed text, refs. 31, 32), failed batches at its own cost'),
      price: sourced(
        167850,
        'seed text, refs. 31, 32: Sheba point-of-care CAR-T priced 30-80% less than commercial CAR-T; the midpoint, 55% less than '
          + 'the 373000 of the commercial arm, is an assumption',
      ),
      fixedCostPerYear: sourced(0, 'assumption: the facility is paid through the per-patient price'),
    },
  },
};

const ari0001: PresetDefinition = {
  name: 'ari-0001',
  title: 'ARI-0001 (Hospital Clinic de Barcelona) in adult r/r ALL over 25 years vs tisa-cel real-world',
  description:
    'Point-of-care arm: ARI-0001, made on CliniMACS Prodigy and authorised in Spain under the hospital exemption for r/r ALL over '
    + '25 years (Table 2 and text, ref. 36, 38 ALL patients): production 7-10 days, a second apheresis in 14% of patients, an '
    + 'average vein-to-vein time of 42 days (reproduced by an assumed wait after production), priced at about 30% of commercial '
    + 'CAR-T in Spain (ref. 38). Commercial arm: tisa-cel real-world in pediatric/young adult ALL (Table 2, ref. 25), the nearest '
    + 'comparator in the seed, although tisa-cel is licensed only up to 25 years; the adult ALL cohort is an assumption.',
  cohort: ADULT_ALL_COHORT,
  arms: {
    commercial: TISA_CEL_ALL_ARM,
    poc: {
      mfgDays: sourced(
        { median: 8, p90: 10 },
        'seed text, ref. 36: cell production time 7-10 days; median 8 and p90 10 placed within that range (assumption)',
      ),
      pInSpec: sourced(
        0.86,
        'seed text, ref. 36: a second apheresis and production were needed in 14% of patients; taken as 14% of first attempts failing',
      ),
      pOos: NO_OOS_SPLIT,
      pRetry: sourced(
        1,
        'assumption: every patient whose first product fell short had a second apheresis and production (seed text, ref. 36: second apheresis in 14%)',
      ),
      logisticsDays: sourced(
        { median: 28, p90: 56 },
        'assumption: release, conditioning and clinical complications after production, chosen so that the mean vein-to-vein time '
          + 'is near the average of 42 days of seed text, ref. 36',
      ),
      ...outcomes(
        { pOrr: 0.84, pCr: 0.84, pOs1: 0.69, pPfs1: 0.47, pCrs3: 0.13, pIcans3: 0.026 },
        T2_ARI,
        {
          pOrr: 'assumption: no ORR given for ALL (response in ALL is complete remission); taken equal to the CRR of seed Table 2, ref. 36',
          pOs1: `${T2_ARI}; the text gives 68.6% for all 47 infused patients`,
          pCrs3: `${T2_ARI}; the text gives 13.2% in ALL patients`,
        },
      ),
      payment: sourced('perInfusion', 'assumption: the hospital charges its price per treated patient (seed text, ref. 38), failed batches at its own cost'),
      price: sourced(
        142500,
        'seed text, ref. 38: ARI-0001 priced at about 30% of the commercial CAR-T products available in Spain; taken as 30% of the '
          + '475000 of the commercial arm (assumption)',
      ),
      fixedCostPerYear: sourced(0, 'assumption: the facility is paid through the per-patient price'),
    },
  },
};

const clic01: PresetDefinition = {
  name: 'clic-01',
  title: 'CLIC-01 non-cryopreserved academic CAR-T (Canada) vs axi-cel real-world',
  description:
    'Point-of-care arm: CLIC-1901, made on CliniMACS Prodigy by a Canadian academic consortium and shipped fresh by volunteer '
    + 'couriers up to 4300 km (seed text, ref. 39, 35 patients enrolled, 30 infused): 15 days vein-to-vein, 6% manufacturing '
    + 'failure, ORR 77% at day 28; one-year OS and PFS are derived from the medians (11 and 6 months) under an exponential '
    + 'assumption, and the CR rate is not given (axi-cel\'s is kept). Commercial arm: axi-cel real-world in r/r LBCL (Table 2, '
    + 'ref. 24); CLIC-01 enrolled mixed CD19+ malignancies, whereas the cohort stays the Italy-like r/r LBCL default.',
  arms: {
    commercial: AXI_CEL_RWE_ARM,
    poc: {
      mfgDays: sourced(
        { median: 13, p90: 16 },
        `${TX_CLIC}: 15 days vein-to-vein with fresh product, less 2 days of courier transport (assumption); p90 16 days is an assumption`,
      ),
      logisticsDays: sourced(
        { median: 2, p90: 3 },
        'assumption: fresh (non-cryopreserved) product carried by volunteer couriers up to 4300 km from the production site (seed text, ref. 39)',
      ),
      pInSpec: sourced(0.94, `${TX_CLIC}: manufacturing failure rate 6% (2 of 35)`),
      pOos: NO_OOS_SPLIT,
      pOrr: sourced(0.77, `${TX_CLIC}: ORR 77% at day 28`),
      pCr: sourced(0.56, 'assumption: CLIC-01 complete response rate not given by the seed; axi-cel real-world CRR kept (seed Table 2, ref. 24)'),
      pOs1: sourced(
        oneYearFromMedianMonths(11),
        `${TX_CLIC}: median OS 11 months; one-year probability 2^(-12/11) = 0.47 under an exponential assumption`,
      ),
      pPfs1: sourced(
        oneYearFromMedianMonths(6),
        `${TX_CLIC}: median PFS 6 months; one-year probability 2^(-12/6) = 0.25 under an exponential assumption`,
      ),
      pCrs3: sourced(0.07, `${TX_CLIC}: grade >= 3 adverse events, mainly CRS, in 7% (2 patients)`),
      pIcans3: sourced(0.03, `${TX_CLIC}: ICANS in 3% (1 patient); grade not stated, taken as grade >= 3 (an upper bound)`),
    },
  },
};

/** Presets from the seed paper's Table 2 and text, in the order of the table. */
export const TABLE2_PRESETS: readonly PresetDefinition[] = Object.freeze([
  axiCelRealWorld,
  tisaCelRealWorld,
  zuma1,
  eliana,
  maschanAll,
  maschanNhl,
  shebaAbcl,
  ari0001,
  clic01,
]);
