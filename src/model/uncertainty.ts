/**
 * Monte Carlo over the forecast (README, "Uncertainty"): seeded,
 * reproducible draws of what is uncertain, each run through the whole model,
 * summarised as percentiles and probabilities. Pure: the same input, options
 * and seed give the same figures.
 *
 * What each draw varies:
 * - each intervention's delivered share of its impact: Beta with mean its
 *   confidence c and concentration κ (Beta(cκ, (1−c)κ)); a confidence of 1
 *   delivers all of it in every draw, 0 none of it;
 * - the baseline's requests, no-to-assess and no-to-issue rates and ceased
 *   plans a month: Normal around the baseline with a standard deviation
 *   given in the options, else the standard error of the 12-month mean of
 *   the monthly actuals where the baseline value comes from them, else a
 *   default relative spread (5% of the value); rates are kept within 0–1,
 *   counts at or above 0;
 * - each cost line's unit-cost inflation, uniformly within ± a range, only
 *   when a range is given.
 * Each draw is the mitigated scenario of a run whose interventions carry
 * their drawn share at full confidence.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { monthIndex } from "./calendar";
import { resolveBaseline } from "./baseline";
import { runForecast } from "./forecast";
import {
  balanceYearIndex,
  compileKernel,
  kernelRun,
  kernelValues,
  runScenario,
  SCENARIO_CODE,
  setInflation,
  type KernelPlan,
  type KernelRun,
} from "./kernel";
import type {
  Baseline,
  ForecastInput,
  ForecastResult,
  MonthlyActual,
  Outcome,
  UncertaintyOptions,
  YearLabel,
} from "./types";

export type { UncertaintyOptions };

export const UNCERTAINTY_DEFAULTS = {
  draws: 1000,
  seed: 1,
  concentration: 10,
  defaultSpread: 0.05,
  inflationRange: 0,
} as const;

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface SimulationYear {
  year: YearLabel;
  /** EHCPs at 31 March (the mitigated scenario's closing stock); null for a year before the forecast. */
  ehcps: Percentiles | null;
  /** Total deficit balance at the year end, £'000. */
  closing: Percentiles;
}

export interface SimulationResult {
  draws: number;
  seed: number;
  years: SimulationYear[];
  targetYear: YearLabel;
  /** Share of draws in in-year balance from the target year on (balance year no later than it). */
  inYearBalance: number;
  /** Share of draws within the cap in the cap year; null without a Safety Valve agreement. */
  withinCap: number | null;
  /** Share of draws by balance year, in year order, then those never in balance (year null). */
  balanceYears: { year: YearLabel | null; share: number }[];
  /** The spreads used, after defaults. */
  spreads: { requests: number; noToAssess: number; noToIssue: number; ceased: number };
}

/** One draw's figures, kept for tests and for callers that want the raw draws. */
export interface Draw {
  ehcps: number[];
  closing: number[];
  balanceYear: YearLabel | null;
  withinCap: boolean | null;
}

/** Linear interpolation between order statistics (Excel's PERCENTILE.INC) of a sorted array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Standard normal by Box–Muller. */
function normal(rng: RandomGenerator): number {
  const u = 1 - uniformFloat64(rng); // (0, 1]
  const v = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia and Tsang, boosted for shape < 1. */
function gamma(rng: RandomGenerator, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - uniformFloat64(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - uniformFloat64(rng);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta with mean `mean` and concentration `k`; exactly the mean at 0 or 1. */
export function betaDraw(rng: RandomGenerator, mean: number, k: number): number {
  if (mean >= 1) return 1;
  if (mean <= 0) return 0;
  const a = gamma(rng, mean * k);
  const b = gamma(rng, (1 - mean) * k);
  return a + b > 0 ? a / (a + b) : mean;
}

/** Standard error of the 12-month mean of each baseline measure, from the actuals (undefined without them). */
export function actualsSpread(
  monthly: readonly MonthlyActual[]
): Partial<Record<"requests" | "noToAssess" | "noToIssue" | "ceased", number>> {
  if (monthly.length < 2) return {};
  const rows = [...monthly].sort((x, y) => monthIndex(x.month) - monthIndex(y.month));
  const last = monthIndex(rows[rows.length - 1].month);
  const w = rows.filter((r) => monthIndex(r.month) > last - 12);
  if (w.length < 2) return {};
  const se = (xs: number[]): number => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    return Math.sqrt(v / xs.length);
  };
  const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
  const rates = (pick: (r: MonthlyActual) => number | null): number[] =>
    w.map(pick).filter((x): x is number => x !== null);
  const assess = rates((r) => ratio(r.noToAssess, r.requests));
  const issue = rates((r) => ratio(r.noToIssue, r.noToIssue + r.plansIssued));
  return {
    requests: se(w.map((r) => r.requests)),
    ceased: se(w.map((r) => r.ceased)),
    ...(assess.length >= 2 ? { noToAssess: se(assess) } : {}),
    ...(issue.length >= 2 ? { noToIssue: se(issue) } : {}),
  };
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** What a caller may follow while the draws run: the draws done, every `every` draws (default 250) and at the end. */
export interface SimulationHooks {
  onProgress?: (done: number, total: number) => void;
  every?: number;
}

/**
 * Run `draws` seeded draws of the forecast. Invalid input gives the
 * deterministic run's problems; the draws themselves only move values
 * within their valid ranges.
 */
export function simulate(
  input: ForecastInput,
  given: UncertaintyOptions = {},
  hooks: SimulationHooks = {}
): Outcome<SimulationResult & { result: ForecastResult; raw: Draw[] }> {
  const { uncertainty: fromInput, ...deterministic } = input;
  const base = runForecast(deterministic);
  if (!base.ok) return base;
  const result = base.value;
  // The caller's options (the command line's) over the input's (SEND_Uncertainty).
  const defined = Object.fromEntries(
    Object.entries(given).filter(([, v]) => v !== undefined)
  ) as UncertaintyOptions;
  const options: UncertaintyOptions = { ...(fromInput ?? {}), ...defined };
  const draws = Math.max(1, Math.floor(options.draws ?? UNCERTAINTY_DEFAULTS.draws));
  const seed = options.seed ?? UNCERTAINTY_DEFAULTS.seed;
  const k = options.concentration ?? UNCERTAINTY_DEFAULTS.concentration;
  const rel = options.defaultSpread ?? UNCERTAINTY_DEFAULTS.defaultSpread;
  const inflationRange = options.inflationRange ?? UNCERTAINTY_DEFAULTS.inflationRange;

  const resolved = resolveBaseline(input.baseline ?? {}, input.monthly ?? []);
  if (!resolved.ok) return resolved;
  const baseline: Baseline = resolved.value.baseline;
  const givenBaseline = input.baseline ?? {};
  const fromActuals = actualsSpread(input.monthly ?? []);
  const spreadOf = (
    option: number | undefined,
    key: "requests" | "noToAssess" | "noToIssue" | "ceased",
    field: keyof Baseline,
    value: number
  ): number => {
    if (option !== undefined) return option;
    const actual = fromActuals[key];
    if (givenBaseline[field] === undefined && actual !== undefined) return actual;
    return Math.abs(value) * rel;
  };
  const spreads = {
    requests: spreadOf(options.requestsSd, "requests", "requests", baseline.requests),
    noToAssess: spreadOf(
      options.noToAssessSd,
      "noToAssess",
      "noToAssessRate",
      baseline.noToAssessRate
    ),
    noToIssue: spreadOf(options.noToIssueSd, "noToIssue", "noToIssueRate", baseline.noToIssueRate),
    ceased: spreadOf(options.ceasedSd, "ceased", "ceased", baseline.ceased),
  };

  const rng = xoroshiro128plus(seed);
  // A small seed leaves the first outputs of xoroshiro128+ near their extremes: step past them.
  for (let n = 0; n < 4; n++) uniformFloat64(rng);
  const years = result.ledger.years;
  const target = result.settings.balanceTargetYear;
  const raw: Draw[] = [];
  // The input was checked once, by the full run: compile it once and run each draw's mitigated scenario.
  const plan = compileKernel(deterministic, baseline, result.scenarios.mitigated.months.length);
  const frame = leanFrame(plan, result);
  const values = kernelValues(plan);
  const run = kernelRun(plan);
  const interventions = input.interventions ?? [];
  const costs = input.costs ?? [];
  const every = Math.max(1, Math.floor(hooks.every ?? 250));
  const vary = (x: number, sd: number): number => (sd > 0 ? x + sd * normal(rng) : x);

  for (let d = 0; d < draws; d++) {
    values.requests = Math.max(0, vary(baseline.requests, spreads.requests));
    values.noToAssessRate = clamp01(vary(baseline.noToAssessRate, spreads.noToAssess));
    values.noToIssueRate = clamp01(vary(baseline.noToIssueRate, spreads.noToIssue));
    values.ceased = Math.max(0, vary(baseline.ceased, spreads.ceased));
    // Every intervention draws its delivered share, a paused one too (it then acts on nothing).
    let p = 0;
    for (const iv of interventions) {
      const share = betaDraw(rng, iv.confidence ?? 1, k);
      if (iv.status !== "Pause") values.impact[p++] = iv.impact * share;
    }
    if (inflationRange > 0)
      costs.forEach((c, n) =>
        setInflation(plan, values, n, c.inflation + inflationRange * (2 * uniformFloat64(rng) - 1))
      );
    runScenario(plan, values, SCENARIO_CODE.mitigated, run);
    raw.push(drawOf(frame, run));
    if (hooks.onProgress && ((d + 1) % every === 0 || d + 1 === draws))
      hooks.onProgress(d + 1, draws);
  }
  return { ok: true, value: { ...summarise(raw, years, target, seed, spreads), result, raw } };
}

/** What every draw shares: the table's years, the trajectory year of each, and the cap. */
export interface Frame {
  years: readonly YearLabel[];
  /** The trajectory year of each table year (−1: not reached). */
  reached: readonly number[];
  safetyValve: boolean;
  cap: number;
  capYear: number;
}

/** The frame of a compiled input, from its full run. */
export function leanFrame(plan: KernelPlan, result: ForecastResult): Frame {
  const years = result.ledger.years;
  return {
    years,
    reached: years.map((y) => plan.trajectoryYears.indexOf(y)),
    safetyValve: result.settings.safetyValve,
    cap: result.settings.deficitCap,
    capYear: years.indexOf(result.settings.deficitCapYear),
  };
}

/**
 * One draw's figures from a kernel run of the mitigated scenario: the
 * model's own arithmetic without the checks and the other scenarios a full
 * run makes (the input was checked once, and the draws keep every value
 * within its valid range). It agrees with runForecast's mitigated scenario
 * on the same values (tests).
 */
export function drawOf(frame: Frame, run: KernelRun): Draw {
  const { years, reached } = frame;
  const ehcps = new Array<number>(years.length);
  const closing = new Array<number>(years.length);
  for (let k = 0; k < years.length; k++) {
    ehcps[k] = reached[k] < 0 ? NaN : run.closingEhcps[reached[k]];
    closing[k] = run.closing[k];
  }
  const balance = balanceYearIndex(run, years.length);
  return {
    ehcps,
    closing,
    balanceYear: balance < 0 ? null : years[balance],
    withinCap: frame.safetyValve ? closing[frame.capYear] <= frame.cap : null,
  };
}

/** Percentiles and shares of a set of draws. */
export function summarise(
  raw: readonly Draw[],
  years: readonly YearLabel[],
  target: YearLabel,
  seed: number,
  spreads: SimulationResult["spreads"]
): SimulationResult {
  const pct = (xs: number[]): Percentiles | null => {
    const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    if (s.length === 0) return null;
    return { p10: percentile(s, 0.1), p50: percentile(s, 0.5), p90: percentile(s, 0.9) };
  };
  const t = years.indexOf(target);
  const n = raw.length;
  const counts = new Map<YearLabel | null, number>();
  for (const d of raw) counts.set(d.balanceYear, (counts.get(d.balanceYear) ?? 0) + 1);
  const cap = raw.filter((d) => d.withinCap === true).length;
  return {
    draws: n,
    seed,
    years: years.map((year, k) => ({
      year,
      ehcps: pct(raw.map((d) => d.ehcps[k])),
      closing: pct(raw.map((d) => d.closing[k]))!,
    })),
    targetYear: target,
    inYearBalance:
      raw.filter((d) => d.balanceYear !== null && years.indexOf(d.balanceYear) <= t).length / n,
    withinCap: raw.length > 0 && raw[0].withinCap === null ? null : cap / n,
    balanceYears: [...years, null]
      .filter((y) => counts.has(y))
      .map((year) => ({ year, share: (counts.get(year) ?? 0) / n })),
    spreads,
  };
}
