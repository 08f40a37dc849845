/**
 * `cgt-access calibrate`: fits named parameters of a scenario to observed targets of one arm
 * (bounded least squares on the exact expectations; maximum likelihood, with an interval per
 * parameter, for targets given as counts `NAME=K/N`) and prints each parameter's value, each
 * target's fit and residual and the kind of fit; `--out` writes the calibrated scenario file
 * and, beside it, the record of the fit (what was fitted, to what, and the kind of fit).
 *
 * Exit status: 0 for an exact fit, and for a least-squares fit of an over-determined request
 * (more targets than parameters: the best compromise is what such a request asks for; a
 * warning on standard error names the targets not reached); 3 when a target is not reached
 * otherwise (unreachable within the ranges, or targets the parameters cannot move); 4 when the
 * solver did not converge. With status 3 or 4, `--out` writes nothing unless `--force`.
 */

import { CalibrationError, MAX_COUNT_OF, calibrate, type CalibrationResult, type TargetCount } from '../calibrate/calibrate.js';
import { formatNumber } from '../format/number.js';
import { ARM_NAMES, type ArmName } from '../scenario/types.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';
import { writeOutput } from './io.js';
import { readNumber } from '../scenario/number.js';
import { scenarioFromArgs } from './scenario-args.js';

export interface CalibrateArgs {
  file?: string;
  preset?: string;
  sets: string[];
  arm?: string;
  targets: string[];
  params: string[];
  out?: string;
  /** Write `--out` even when the fit does not reach its targets. */
  force?: boolean;
  format: 'table' | 'json';
}

/** Exit status of a fit that leaves a target unreached (unreachable, or a least-squares fit that is not over-determined). */
export const EXIT_NOT_REACHED = 3;
/** Exit status of a fit whose solver did not converge. */
export const EXIT_NOT_CONVERGED = 4;

/** The exit status of a fit (see the module's comment). */
export function calibrationStatus(r: CalibrationResult): number {
  switch (r.fit.kind) {
    case 'exact': return 0;
    case 'leastSquares':
    case 'maximumLikelihood': return r.fit.determination === 'overDetermined' ? 0 : EXIT_NOT_REACHED;
    case 'unreachable': return EXIT_NOT_REACHED;
    case 'notConverged': return EXIT_NOT_CONVERGED;
  }
}

/** Where the record of a fit written with `--out FILE` goes: FILE's name with `.calibration.json` for its extension. */
export function recordPath(out: string): string {
  return `${out.replace(/\.json$/i, '')}.calibration.json`;
}

/**
 * `NAME=VALUE` -> [name, value], `NAME=K/N` -> [name, { count: K, of: N }] (K patients of N:
 * each part a number as `readNumber` reads it, both integers, 0 <= K <= N, N >= 1); the
 * target's range is the library's to check.
 */
export function parseTarget(text: string): [string, number | TargetCount] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  const raw = eq < 0 ? '' : text.slice(eq + 1).trim();
  const usage = `--target: must be NAME=VALUE with VALUE a number (e.g. perEligible.infused=0.17) or NAME=K/N with K of N patients (e.g. perFunded.anyManufacturingFailure=38/981); got ${JSON.stringify(text)}`;
  if (name === '' || raw === '') throw new UsageError(usage);
  const slash = raw.indexOf('/');
  if (slash >= 0) {
    const k = readNumber(raw.slice(0, slash));
    const n = readNumber(raw.slice(slash + 1));
    if (k === undefined || n === undefined) throw new UsageError(usage);
    if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT_OF) throw new UsageError(`--target ${name}: in K/N, N must be an integer from 1 to ${MAX_COUNT_OF}; got ${JSON.stringify(raw)}`);
    if (!Number.isInteger(k) || k < 0 || k > n) throw new UsageError(`--target ${name}: in K/N, K must be an integer from 0 to N; got ${JSON.stringify(raw)}`);
    return [name, { count: k, of: n }];
  }
  const value = readNumber(raw) ?? NaN;
  if (!Number.isFinite(value)) throw new UsageError(usage);
  return [name, value];
}

const g = (x: number) => (Math.abs(x) >= 1e4 ? formatNumber(x, 2) : Number(x.toPrecision(8)).toString());

export function calibrationTable(r: CalibrationResult): string {
  const lines = [`cgt-access calibrate: arm ${r.arm}, exact expectations (no simulation)`, '', 'Parameters'];
  const w = Math.max(12, ...r.parameters.map((p) => p.path.length + 2));
  const ml = r.fit.method === 'maximumLikelihood';
  const g4 = (x: number) => Number(x.toPrecision(4)).toString();
  const iv = (p: CalibrationResult['parameters'][number]) => (p.interval ? `[${g4(p.interval.low)}, ${g4(p.interval.high)}]` : '-');
  const ivw = ml ? Math.max(12, ...r.parameters.map((p) => iv(p).length + 3)) : 0;
  lines.push(`  ${'path'.padEnd(w)}${'start'.padStart(14)}${'fitted'.padStart(14)}${ml ? '95% interval'.padStart(ivw) : ''}   range`);
  for (const p of r.parameters) {
    lines.push(`  ${p.path.padEnd(w)}${g(p.start).padStart(14)}${g(p.value).padStart(14)}${ml ? iv(p).padStart(ivw) : ''}   [${g(p.lower)}, ${g(p.upper)}]${p.implausible ? '  (implausible)' : ''}`);
  }
  if (ml && r.fit.intervals) lines.push(`  (${r.fit.intervals})`);
  // Why a bound is not the field's own range, and what holds a value.
  const why = r.parameters.flatMap((p) => [
    ...(p.heldWhy ? [`  ${p.path}: ${p.heldWhy}`] : []),
    ...(!p.heldWhy && p.lowerByRule ? [`  ${p.path}: lower bound ${g(p.lower)}: ${p.lowerWhy}`] : []),
    ...(!p.heldWhy && p.upperByRule ? [`  ${p.path}: upper bound ${g(p.upper)}: ${p.upperWhy}`] : []),
  ]);
  if (why.length > 0) lines.push('', 'Bounds', ...why);
  const tw = Math.max(12, ...r.targets.map((t) => t.name.length + 2));
  lines.push('', 'Targets (each a share of the patients its name says: perEligible, perFunded, perCollected)');
  const cw = ml ? Math.max(8, ...r.targets.map((t) => `${t.count}/${t.of}`.length + 2)) : 0;
  lines.push(`  ${'name'.padEnd(tw)}${ml ? 'counts'.padStart(cw) : ''}${'target'.padStart(14)}${'fitted'.padStart(14)}${'residual'.padStart(14)}`);
  for (const t of r.targets) {
    lines.push(`  ${t.name.padEnd(tw)}${ml ? `${t.count}/${t.of}`.padStart(cw) : ''}${g(t.target).padStart(14)}${g(t.fitted).padStart(14)}${t.residual.toExponential(2).padStart(14)}`
      + `${t.means !== t.name ? `   (${t.means})` : ''}`);
  }
  const kind = {
    exact: 'exact', unreachable: 'not reachable within the ranges', leastSquares: 'least squares', maximumLikelihood: 'maximum likelihood (binomial)', notConverged: 'did not converge',
  }[r.fit.kind];
  const det = r.fit.determination === 'square' ? 'as many parameters as targets'
    : r.fit.determination === 'overDetermined' ? 'over-determined: fewer parameters than targets' : 'under-determined: more parameters than targets';
  const measure = ml ? `log-likelihood ${g(r.fit.logLikelihood as number)}, deviance ${(r.fit.deviance as number).toExponential(2)}` : `sum of squared residuals ${r.fit.sumOfSquares.toExponential(2)}`;
  lines.push('', `Fit: ${kind} (${det}; rank ${r.fit.rank}; ${measure}; ${r.fit.iterations} iterations${r.fit.converged ? '' : ', not converged'})`, `  ${r.fit.message}`);
  return `${lines.join('\n')}\n`;
}

export async function calibrateCli(a: CalibrateArgs, io: CliIo): Promise<number> {
  if (a.arm === undefined) throw new UsageError(`calibrate: --arm is required (${ARM_NAMES.join(' or ')}) (see 'cgt-access calibrate --help')`);
  if (!(ARM_NAMES as readonly string[]).includes(a.arm)) throw new UsageError(`--arm: must be one of ${ARM_NAMES.join(', ')}; got ${JSON.stringify(a.arm)}`);
  if (a.targets.length === 0) throw new UsageError(`calibrate: at least one --target NAME=VALUE is required, e.g. --target infusedFraction=0.17 (see 'cgt-access calibrate --help')`);
  if (a.params.length === 0) throw new UsageError(`calibrate: at least one --param PATH is required, e.g. --param arms.${a.arm}.pReferral (see 'cgt-access calibrate --help')`);
  // No prototype: a target named __proto__ (or valueOf) is an own key that the library refuses by name, not a prototype set.
  const targets: Record<string, number | TargetCount> = Object.create(null) as Record<string, number | TargetCount>;
  for (const t of a.targets) {
    const [name, value] = parseTarget(t);
    if (Object.hasOwn(targets, name)) throw new UsageError(`--target ${name}: given twice`);
    targets[name] = value;
  }
  const scenario = scenarioFromArgs({ file: a.file, preset: a.preset, sets: a.sets });
  let result: CalibrationResult;
  try {
    result = calibrate(scenario, { arm: a.arm as ArmName, targets, parameters: a.params }, { base: scenario });
  } catch (e) {
    if (e instanceof CalibrationError) {
      throw new UsageError(`calibrate: invalid request\n${e.issues.map((i) => `  ${a.params.includes(i.path) ? '--param ' : Object.hasOwn(targets, i.path) ? '--target ' : ''}${i.message}`).join('\n')}`);
    }
    if (e instanceof RangeError) throw new UsageError(`calibrate: ${e.message}`);
    throw e;
  }
  const status = calibrationStatus(result);
  const warnings: string[] = [];
  if (result.fit.kind !== 'exact') warnings.push(`${status === 0 ? 'warning' : 'not reached'}: ${result.fit.message}`);
  else warnings.push(...result.fit.notes.map((n) => `warning: ${n}`));
  let wrote = '';
  if (a.out !== undefined) {
    if (status !== 0 && !a.force) {
      warnings.push(`--out ${a.out}: not written, the fit does not reach its targets (--force writes it anyway)`);
    } else {
      writeOutput(a.out, `${JSON.stringify(result.scenario, null, 2)}\n`);
      const { scenario: _scenario, ...fit } = result;
      const record = {
        scenarioFile: a.out,
        from: { file: a.file ?? null, preset: a.preset ?? null, sets: a.sets },
        ...fit,
      };
      writeOutput(recordPath(a.out), `${JSON.stringify(record, null, 2)}\n`);
      wrote = `Wrote ${a.out} (the calibrated scenario) and ${recordPath(a.out)} (the fit: parameters, targets, kind)`;
      if (status !== 0) warnings.push(`--out ${a.out}: written although the fit does not reach its targets (--force)`);
    }
  }
  io.stdout.write(a.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${calibrationTable(result)}${wrote ? `\n${wrote}\n` : ''}`);
  for (const w of warnings) io.stderr.write(`cgt-access calibrate: ${w}\n`);
  return status;
}
