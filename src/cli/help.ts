/** Help texts of the CLI. */

import { CANONICAL_TARGET_NAMES, TARGETS, TARGET_ALIASES } from '../calibrate/targets.js';

export const MAIN_HELP = `cgt-access: patients reached, waits and costs of CAR-T therapy under
centralised commercial versus point-of-care manufacturing (Monte Carlo, MODEL.md v1).

Usage:
  cgt-access run [SCENARIO.json|-] [options]   run a scenario (default: the default scenario)
  cgt-access psa [SCENARIO.json|-] [options]   probabilistic sensitivity analysis (MODEL.md v2)
  cgt-access price [SCENARIO.json|-] [--market FROM:TO[:POINTS]]
                                               the cost-recovery price against the market size
  cgt-access budget [SCENARIO.json|-] [options]
                                               budget impact over years of the scenario's budget
  cgt-access lines --arm ARM [options]         how many manufacturing lines: sweep c (MODEL.md v2)
  cgt-access calibrate [SCENARIO.json|-] --arm ARM --target NAME=VALUE ... --param PATH ...
                                               fit parameters to observed access (MODEL.md v2)
  cgt-access presets [--show NAME]             list the presets, or show one with its sources
  cgt-access validate SCENARIO.json|-          check a scenario file
  cgt-access schema                            print the JSON Schema of scenario files
  cgt-access bench [--json]                    measure the engines' speed

Options of every command: --help, --version.
Exit status: 0 on success, 2 on invalid input or arguments (message on standard error),
130 when a run is interrupted (Ctrl-C); calibrate: 3 when a target is not reached, 4 when
the fit did not converge (see 'cgt-access calibrate --help').
`;

export const RUN_HELP = `Usage: cgt-access run [SCENARIO.json|-] [options]

Runs a scenario and prints both arms side by side and their difference, each estimate
scaled to one cohort (a year of eligible patients) with its Monte Carlo standard error.
A scenario file is JSON; every field is optional and missing ones take the defaults
(or the preset's values). '-' reads the scenario from standard input.

Options:
  --preset NAME          start from a preset instead of the defaults (see 'cgt-access presets')
  --set PATH=VALUE       change one value, e.g. --set arms.poc.pReferral=0.9
                         or --set 'arms.commercial.mfgDays={"median":20,"p90":40}' (repeatable)
  --patients N           patients simulated per arm (run.patients), 1 to 1e10
  --seed S               seed of the random streams (run.seed), an integer in [0, 2^32)
  --format FORMAT        table (default on a terminal), json (the result file; default
                         otherwise) or csv (arm,group,name,value,mcse)
  --out FILE             write the output to FILE instead of standard output
  --engine NAME          wasm (the SIMD kernel in worker threads, default), reference
                         (the plain TypeScript reference, slower) or exact (the expected
                         values by numerical integration, no simulation: every MCSE 0, no
                         vein-to-vein median, percentiles or histogram; --patients unused)
  --workers W            worker threads of the wasm engine (default: all cores)
  --help, --version

Capacity (MODEL.md v2): --set arms.poc.capacity.lines=C gives an arm C manufacturing lines;
the run is then cohort-years (run.years: --set run.years.replicates=R, warmupYears=W) and
prints each such arm's queue: lost while queued, waits, utilisation, lines needed.

Examples:
  cgt-access run
  cgt-access run --set arms.poc.capacity.lines=10
  cgt-access run --preset zuma-1 --set arms.poc.pFunding=0.9 --format json --out result.json
  echo '{"run":{"patients":100000}}' | cgt-access run - --format csv
  cgt-access run --engine exact --set arms.poc.pReferral=0.9
`;

export const PRESETS_HELP = `Usage: cgt-access presets [--show NAME] [--format table|json]

Lists the presets (name and title), or shows one: its description and every parameter
of both arms and the cohort with its value and its source.
`;

export const VALIDATE_HELP = `Usage: cgt-access validate SCENARIO.json|- [--preset NAME]

Checks a scenario file against MODEL.md's rules. Prints 'valid' and exits 0, or lists
every violation (path, value, rule) on standard error and exits 2.
`;

export const SCHEMA_HELP = `Usage: cgt-access schema

Prints the JSON Schema (draft 2020-12) of scenario files, for editor completion.
Rules between fields (p90 >= median, p90 at most 10^6 times the median, a median of 0
only with a p90 of 0, pInSpec + pOos <= 1, pCr <= pOrr, pPfs1 <= pOs1) are checked by
'cgt-access validate' only.
`;

export const BENCH_HELP = `Usage: cgt-access bench [--patients N] [--memory-patients M] [--yardstick RUN.sh] [--exact] [--capacity] [--json]

Runs the default scenario in this process, in pairs of runs one right after the other (six
pairs, every other one in the other order): the wasm kernel on one worker and on all cores;
with --yardstick, the kernel on one worker and that script, a C build of the same model (e.g.
../shared/yardstick/run.sh) on N patients; then the TypeScript reference. Prints patient
pairs (both arms of a patient) per second (medians), the ratios (medians over the pairs), the
wall time of 10^7 patients on a warm pool, the peak memory (maximum resident set of a fresh
process) of runs of 10^6 and M patients (default 10^8; 0 skips it), and a PSA beside its
point run; then the exact engine: expected(defaultScenario) in microseconds, a two-parameter
calibration in milliseconds, and an exact PSA of 10^4 draws beside the Monte Carlo PSA of
1000 draws x 10^4 patients, in turn (--exact: this section only); then the capacity engine:
the default scenario with capacity in both arms, R = 200, W = 1, in replicate-patients per
second on one worker and on all cores, beside the version 1 kernel on one worker, in turn
(--capacity: this section only).
`;

export const PSA_HELP = `Usage: cgt-access psa [SCENARIO.json|-] [options]

Probabilistic sensitivity analysis (MODEL.md version 2, "Parameter uncertainty"): S draws of
the uncertain parameters, each run on M patients per arm (the same patients in every draw and
in both arms). Prints, per cohort, the mean and 95% interval over draws of the outputs and
their difference, the probabilities that point of care infuses more, costs less and both,
the acceptability curve with its frontier and the EVPI over a willingness-to-pay grid (per
extra patient alive at one year, or per QALY gained with --effect qalys), the EVPPI of the
parameter groups named with --evppi, and a one-way tornado.

In the scenario file, a probability may be { "value": 0.56, "n": 1297 } (Beta, n patients),
a cost, price or other positive quantity { "value": 373000, "p90": 420000 } (log-normal), a
duration { "median": 25, "p90": 40, "uncertainty": { "p90": 32 } }, and a field of the poc
arm "same" (the commercial arm's value in every draw); run.psa is { "draws": S,
"patientsPerDraw": M } (default 1000 draws of 10000 patients).

Options:
  --preset NAME            start from a preset, its outcomes, access and manufacturing
                           uncertain (Beta with n the sample size of each number's source,
                           e.g. the trial's patients, the UK National CAR-T Panel's 981;
                           an assumption as 50 patients; durations' medians scaled alike;
                           "same" where poc is assumed equal)
  --draws S                parameter draws (run.psa.draws), 2 to 100000
  --patients-per-draw M    patients per arm in each draw (run.psa.patientsPerDraw), 1 to 1e8
  --effect alive1y|qalys   effect of the CE plane, acceptability, EVPI and EVPPI
                           (run.psa.effect): extra patients alive at one year (default) or
                           extra QALYs (MODEL.md v2); the WTP is then per QALY
  --wtp FROM:TO:STEP       willingness-to-pay grid, per extra patient alive at one year
                           (default 0:2000000:50000) or, with --effect qalys, per QALY
                           gained (default 0:300000:5000); TO <= 1e12
  --tornado OUTPUT         output of the tornado: a result path such as difference.alive1y
                           (default) or arms.poc.funnel.infused, or netBenefit
  --tornado-wtp X          WTP of a netBenefit tornado, per unit of --effect (default
                           1000000; at most 1e12)
  --evppi NAME=PATH,...    expected value of partial perfect information, at every WTP, of a
                           group of uncertain parameters named NAME (repeatable, a group
                           each), e.g. --evppi survival=arms.commercial.pOs1,arms.commercial.pPfs1;
                           the draws' net benefit regressed on a cubic in the group's values
                           (Strong, Oakley & Brennan 2014; a quadratic when the draws are too
                           few), with at least 10 draws per term (30 for one parameter);
                           at most 14 parameters a group
  --seed S                 seed of the parameter draws and the patients (run.seed)
  --format FORMAT          table (default on a terminal), json (default otherwise) or csv
                           (section,name,key,value)
  --out FILE               write the output to FILE instead of standard output
  --workers W              worker threads (default: all cores); the result does not depend on it
  --engine NAME            wasm (default: each draw simulated on M patients) or exact (each
                           draw's expected values by numerical integration: no inner Monte
                           Carlo noise, no workers, M unused; the vein-to-vein median and
                           percentiles, not expectations, are left out: null, draws 0)
  --help, --version

Examples:
  cgt-access psa --preset zuma-1 --engine exact --draws 10000
  cgt-access psa --preset zuma-1
  cgt-access psa --preset maschan-nhl --draws 2000 --wtp 0:1000000:25000 --format json --out psa.json
  cgt-access psa --preset zuma-1 --evppi response=arms.commercial.pOrr --evppi os=arms.commercial.pOs1
  echo '{"arms":{"poc":{"price":{"value":90000,"p90":120000}}}}' | cgt-access psa - --draws 500
`;

const SCENARIO_OPTIONS = `  --preset NAME          start from a preset instead of the defaults (see 'cgt-access presets')
  --set PATH=VALUE       change one value, e.g. --set arms.poc.pReferral=0.9 (repeatable)
  --patients N           patients simulated per arm (run.patients), 1 to 1e10
  --seed S               seed of the random streams (run.seed), an integer in [0, 2^32)
  --format FMT           table (default on a terminal), json (default otherwise) or csv
  --out FILE             write to FILE (format from its extension unless --format is given)
  --engine ENGINE        wasm (default) or reference
  --workers W            worker threads of the wasm engine (default: all cores)`;

export const PRICE_HELP = `Usage: cgt-access price [SCENARIO.json|-] [--market FROM:TO[:POINTS]] [options]

The vicious circle (MODEL.md v2, "Price"; the seed's Fig. 2): for each market size on a log
grid (eligible patients a year in the whole market), each arm's cost-recovery price
  price = (1 + margin) (rdCost / horizonYears + cogsPerAttempt A(price)) / P(price)
and the patients it infuses a year in the scenario's cohort at that price. An arm's own
arms.NAME.pricing is used, or the default pricing (rdCost 1.75e9, 10 years, margin 0.2,
cost of goods 100000 per attempt, elasticity 0) for an arm without one. One run in all: the
arms' attempts and units paid per eligible patient at pFunding 1 come from it, and funding
scales them, pFunding(price) = min(1, pFunding (priceRef / price)^elasticity). Where no price
recovers the cost, the market does not sustain the product ("not sustained").

Options:
  --market FROM:TO[:POINTS]   market sizes, a log grid (default 10:1000000:21)
${SCENARIO_OPTIONS}
`;

export const BUDGET_HELP = `Usage: cgt-access budget [SCENARIO.json|-] [options]

Budget impact over years (MODEL.md v2) of the scenario's budget:
  "budget": { "years": H, "uptake": [s_1, ..., s_H], "eligibleGrowth": g, "discountRate": r }
(uptake: the share of eligible patients treated on the poc arm in each year; years defaults
to the length of uptake; g default 0; r default 0, undiscounted). Two worlds year by year:
without poc (everyone on the commercial arm) and with poc; year y has eligiblePerYear
(1 + g)^(y - 1) patients; each arm's fixed cost is paid in the years it treats a share > 0.
Prints per year and in total the patients infused, alive at one year, QALYs and cost in each
world and the impact (with minus without), each with its MCSE; with r > 0 also discounted
(year y weighted 1 / (1 + r)^(y - 1)). CSV: one row per year and quantity.

Options:
${SCENARIO_OPTIONS}
`;

/** Every target name with its meaning, by denominator, then the older names (aliases). */
function targetList(): string {
  const lines: string[] = [];
  for (const [prefix, words] of [['perEligible.', 'per eligible patient'], ['perFunded.', 'per funded (approved) patient'], ['perCollected.', 'per collected patient']]) {
    lines.push(`Targets ${words}:`);
    for (const n of CANONICAL_TARGET_NAMES.filter((x) => x.startsWith(prefix))) lines.push(`  ${n.padEnd(44)} ${TARGETS[n].doc.replace(/ \/ [^/]*$/, '')}`);
  }
  lines.push('Older names, kept as aliases (each means exactly the target after it):');
  for (const [alias, name] of Object.entries(TARGET_ALIASES)) lines.push(`  ${alias.padEnd(44)} ${name}`);
  return lines.join('\n');
}

export const CALIBRATE_HELP = `Usage: cgt-access calibrate [SCENARIO.json|-] --arm ARM --target NAME=VALUE ... --param PATH ...
                            [--preset NAME] [--set PATH=VALUE ...] [--out FILE [--force]] [--format table|json]

Fits the named parameters so that the arm's exact expected outputs (numerical integration of
the model, no simulation) match observed targets, by bounded least squares (a projected
Levenberg-Marquardt method), each parameter kept in its valid range and the rules between
fields kept (pInSpec + pOos <= 1, pCr <= pOrr, pPfs1 <= pOs1, median <= p90). The solver
stops only at a first-order optimum (the projected gradient, relative to the residuals, below
1e-7) or when the residuals vanish. Prints each parameter's start and fitted value and range,
why a bound is not the field's own range (a rule with a field that is not fitted, e.g.
"median <= p90, with the p90 35 not fitted"), what holds a value at a bound or rule, each
target's fitted value and residual (fitted - target), and the kind of fit:
  exact            every residual below 1e-6
  least squares    more targets than the parameters can move: the smallest sum of squares
  maximum likelihood  (targets as counts) the same, by the largest binomial likelihood
  not reachable    a target out of reach within the ranges: which, by how much, and which
                   bound or rule holds a parameter (and why that bound is there)
  did not converge the solver stopped (300 iterations, or no step made the residuals
                   smaller) before a first-order optimum: the values are not a fit
Where the targets identify fewer combinations than there are parameters (the Jacobian's rank),
it says which (e.g. "only the product pOos x pOosReleased is identified"); a fitted value far
outside the range the sources make plausible (e.g. a manufacturing median of 70 days) is
named in a note.

Targets (expected shares of the arm, each named with its denominator; listed below):
perEligible.* per eligible patient, perFunded.* per funded (approved) patient, perCollected.*
per patient whose cells were collected. A target is given as a value, NAME=0.0387, or, for a
share of patients, as counts, NAME=K/N (K patients of N, integers, 0 <= K <= N): e.g.
perFunded.anyManufacturingFailure=38/981. Every target as values: least squares; every target
as counts: maximum likelihood (the counts as independent binomial samples, weighed by their
sizes), with an approximate 95% interval per parameter (Wald, on the logit of the parameter's
position in its range, from the Fisher information at the fit); a mix is refused. Counts of a
whole and of its part from the same patients (e.g. any failure and OOS infused of the same
981) are counted twice, and a note says so.
Manufacturing as registries report it: anyManufacturingFailure = the first product not in
specification (out of specification, released or not, or failed); anyFailedAttempt = an
attempt that released no product; oosInfused = infused with an OOS product;
remanufacturedInfused = infused with an in-specification product of attempt 2 or later;
manufacturingFailureNotInfused = a manufacturing failure never infused (lost to
manufacturing or progressed before infusion). The last three partition the first.
By manufacturing outcome alone, whatever happened to the patient next: firstOosReleased = the
first product out of specification and released; remanufactured = attempt 1 released no
product and a later attempt released one (in specification or OOS released);
lost.manufacturingFailed = no product ever. These three partition anyManufacturingFailure too.
${targetList()}
Parameters: any number of the arm or the cohort that some target depends on (the arm's
probabilities but pCrs3 and pIcans3, its durations by median or p90, and the cohort's
untreatedMedianSurvivalDays, bridgingHazardRatio and pOs1Untreated), e.g.
arms.commercial.pReferral, arms.poc.mfgDays.median, cohort.bridgingHazardRatio (a fixed
duration's p90 follows its median); each in its field's valid range. Costs, prices, pricing,
capacity, value and budget enter no target and are refused.

Options:
  --arm ARM             commercial or poc: the arm whose targets are fitted (required)
  --target NAME=VALUE   an observed target (repeatable); NAME=K/N: K patients of N (counts)
  --param PATH          a parameter to fit (repeatable; at most 12)
  --preset NAME, --set PATH=VALUE   the starting scenario, as in 'cgt-access run'
  --out FILE            write the calibrated scenario file (it runs as it is with 'cgt-access run')
                        and, beside it, FILE.calibration.json (FILE's .json replaced): the
                        calibration result without the scenario, i.e. what was fitted, to what,
                        and the kind of fit, with where it started (file, preset, --set);
                        written only with exit status 0, unless --force
  --force               write --out even when the fit does not reach its targets
  --format FORMAT       table (default on a terminal) or json (the calibration result)
  --help, --version

Exit status:
  0  an exact fit; or a least-squares or maximum-likelihood fit of more targets than
     parameters (the compromise such a request asks for; a warning on standard error names
     the targets not reached)
  2  an invalid request, scenario or arguments (nothing on standard output)
  3  a target not reached: not reachable within the ranges, or targets the parameters cannot
     move (least squares with no more targets than parameters); the fit is printed, the
     reason is on standard error, and --out writes nothing without --force
  4  the fit did not converge (printed, with the reason on standard error; --out as for 3)
Implausible fitted values of an exact fit are warned of on standard error (status 0).

Example (the seed's Italian figures: 17% of about 600 eligible patients infused, about 7% of
collected patients not infused):
  cgt-access calibrate --arm commercial --target infusedFraction=0.17 --target lossAfterApheresis=0.07 \\
      --param arms.commercial.pReferral --param arms.commercial.pInSpec --out calibrated.json
  cgt-access run calibrated.json
Example (the UK National CAR-T Panel, 981 approved LBCL patients: 38 with a manufacturing
failure, 13 received an OOS product, 11 a successful re-manufacture, 14 never got a product;
as manufacturing outcomes this gives the defaults pInSpec 0.958, pOos 0.018, pRetry 0.45):
  cgt-access calibrate --arm commercial --target perFunded.anyManufacturingFailure=38/981 \\
      --target perFunded.firstOosReleased=13/981 --target perFunded.remanufactured=11/981 \\
      --target perFunded.lost.manufacturingFailed=14/981 \\
      --param arms.commercial.pInSpec --param arms.commercial.pOos --param arms.commercial.pRetry
`;

export const LINES_HELP = `Usage: cgt-access lines --arm commercial|poc [--from C1] [--to C2] [SCENARIO.json|-] [options]

The planner's table: runs the scenario with the arm's manufacturing lines c = C1 .. C2
(MODEL.md v2, capacity and queues; default 1 to 12) and prints, per c, the arm's patients
infused, patients lost while queued, the first-attempt wait for a line (mean and 90th
percentile, days) and the lines' utilisation, each per cohort with its Monte Carlo standard
error. Every c runs on the same random numbers.

Options:
  --arm ARM              commercial or poc (required)
  --from C1, --to C2     the range of c, integers in [1, 1000000], at most 1000 values
  --replicates R         cohort-years replicates (run.years.replicates, default 200)
  --warmup-years W       warm-up years before the reported one (run.years.warmupYears, default 1)
  --preset NAME, --set PATH=VALUE, --seed S   as for 'cgt-access run'
  --format FORMAT        table (default on a terminal), json (default otherwise) or csv
  --out FILE             write the output to FILE instead of standard output
  --engine NAME          wasm (default) or reference
  --workers W            worker threads of the wasm engine (default: all cores)

Example (how many devices for 300 patients a year?):
  cgt-access lines --arm poc --from 4 --to 12 --set cohort.eligiblePerYear=300
`;
