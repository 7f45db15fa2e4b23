/**
 * The forecast's arithmetic as a kernel (README, "Performance"): a plan
 * compiled once from validated input — interventions, cost lines, year
 * boundaries and funding as typed arrays and month offsets — and a run that
 * fills preallocated Float64Arrays with one scenario's month loop, yearly
 * summaries, cost lines and ledger. The run allocates nothing and builds no
 * strings; labels, month keys and the result's objects are built around it
 * (runForecast). The goal seek, the sensitivity and the Monte Carlo compile
 * once and run many times with changed values (`KernelValues`).
 *
 * The arithmetic is the model's own, operation for operation in the same
 * order (MODEL.md; interventions.ts, trajectory.ts, costs.ts, ledger.ts), so
 * a run gives the figures those steps give.
 */
import {
  financialYearOf,
  firstCalendarYear,
  monthIndex,
  monthKey,
  yearStartIndex,
} from "./calendar";
import { LEVER_INFO, type SystemMeasure } from "./levers";
import { labelKey } from "./text";
import { actualStock } from "./trajectory";
import type { Baseline, ForecastInput, ScenarioId, YearLabel } from "./types";

/** The measures a lever moves, as the kernel indexes them. */
const MEASURES: readonly SystemMeasure[] = [
  "requests",
  "noToAssessRate",
  "noToIssueRate",
  "ceased",
  "inmssReduction",
];
const REQUESTS = 0;
const NO_TO_ASSESS = 1;
const NO_TO_ISSUE = 2;
const CEASED = 3;

/** Scenario codes: unmitigated 0, mitigated 1, risk-adjusted 2. */
export const SCENARIO_CODE: Readonly<Record<ScenarioId, number>> = {
  unmitigated: 0,
  mitigated: 1,
  riskAdjusted: 2,
};

/** What is compiled once: the input's shape as typed arrays and offsets. */
export interface KernelPlan {
  /** Forecast months and the forecast start's month index. */
  months: number;
  start: number;
  lag: number;
  /** Non-paused interventions, in the input's order. */
  interventions: number;
  /** Each one's position among the input's interventions. */
  ivSource: Float64Array;
  ivMeasure: Float64Array;
  ivSign: Float64Array;
  /** 1 when the lever is a share of the baseline's measure. */
  ivShare: Float64Array;
  /** Start as a month offset from the forecast start (may be negative). */
  ivStart: Float64Array;
  ivRamp: Float64Array;
  ivConfidence: Float64Array;
  /** Financial years the forecast reaches, April of each as an offset from the start, and its last month's offset. */
  trajectoryYears: readonly YearLabel[];
  yearFirst: Float64Array;
  yearLast: Float64Array;
  /** Months of the first year before the start: each one's actual EHCPs and INMSS placements, NaN where none is given. */
  before: number;
  actualEhcps: Float64Array;
  actualInmss: Float64Array;
  /** The table's years; for each, the trajectory year that prices it (−1: keeps its supplied values). */
  tableYears: number;
  priced: Float64Array;
  /** Expenditure lines: supplied values (line × year) and the cost line driving each (−1: none). */
  lines: number;
  supplied: Float64Array;
  lineCost: Float64Array;
  /** Cost lines: driver (0 EHCPs, 1 INMSS), share, Change (1) or Total (0), and years from the base year by table year. */
  costs: number;
  costDriver: Float64Array;
  costShare: Float64Array;
  costChange: Float64Array;
  costYears: Float64Array;
  /** True when Change lines are priced against the mitigated scenario (no recorded plan activity). */
  selfPlan: boolean;
  /** The recorded plan activity by driver (driver × year), NaN where not given. */
  recorded: Float64Array;
  /** Funding rows by year (zeros where not given) and the opening deficit. */
  highNeedsBlock: Float64Array;
  blockTransfer: Float64Array;
  otherBlocks: Float64Array;
  safetyValve: Float64Array;
  openingDeficit: number;
  /** The values as given, which `kernelValues` copies. */
  defaults: KernelValues;
}

/** What a run may change without compiling again. */
export interface KernelValues {
  requests: number;
  noToAssessRate: number;
  noToIssueRate: number;
  ceased: number;
  transfersIn: number;
  openingEhcps: number;
  inmssPlacements: number;
  inmssAnnualGrowth: number;
  /** Each non-paused intervention's impact (the plan's order). */
  impact: Float64Array;
  /** Each cost line's unit cost (£), inflation, and (1 + inflation)^(years from its base year) by table year (cost × year). */
  unitCost: Float64Array;
  inflation: Float64Array;
  factor: Float64Array;
}

/** One scenario's figures, filled by `runScenario`. */
export interface KernelRun {
  /** By month: the clamped system, the month's own new plans, plans issued (after the lag), stocks. */
  requests: Float64Array;
  noToAssessRate: Float64Array;
  noToIssueRate: Float64Array;
  ceased: Float64Array;
  inmssReduction: Float64Array;
  newPlans: Float64Array;
  issued: Float64Array;
  ehcps: Float64Array;
  inmss: Float64Array;
  /** By trajectory year. */
  closingEhcps: Float64Array;
  averageEhcps: Float64Array;
  yearNewPlans: Float64Array;
  yearCeased: Float64Array;
  closingInmss: Float64Array;
  averageInmss: Float64Array;
  /** Plan activity Change lines were priced against (driver × table year, NaN: none). */
  activity: Float64Array;
  /** Line values (line × table year) and the ledger by table year. */
  lineValues: Float64Array;
  expenditure: Float64Array;
  inYear: Float64Array;
  opening: Float64Array;
  closing: Float64Array;
  /** Scratch: share-of-baseline levers summed per measure and month, and whether any acted. */
  shares: Float64Array;
  acted: Uint8Array;
}

/**
 * Compile a validated input with its resolved baseline over `months`
 * forecast months. The input must have passed validation (runForecast's
 * checks); nothing here checks it again.
 */
export function compileKernel(
  input: ForecastInput,
  baseline: Baseline,
  months: number
): KernelPlan {
  const start = monthIndex(baseline.forecastStart);
  const listed = input.interventions ?? [];
  let n = 0;
  for (const iv of listed) if (iv.status !== "Pause") n++;

  // Financial years from the start's to the horizon's end.
  const end = start + months - 1;
  const trajectoryYears: YearLabel[] = [];
  const first: number[] = [];
  const last: number[] = [];
  if (months > 0)
    for (let april = yearStartIndex(financialYearOf(start)); april <= end; april += 12) {
      trajectoryYears.push(financialYearOf(april));
      first.push(april - start);
      last.push(Math.min(april + 11, end) - start);
    }
  const Y = trajectoryYears.length;
  const before = Y > 0 && first[0] < 0 ? -first[0] : 0;
  const years = input.years;
  const T = years.length;
  const costList = input.costs ?? [];
  const C = costList.length;
  const L = input.expenditure.length;

  // One allocation for the plan's figures, carved into views.
  const store = new Float64Array(
    7 * n + 2 * Y + 2 * before + T + L * T + L + 3 * C + C * T + 6 * T
  );
  let at = 0;
  const f = (size: number): Float64Array => store.subarray(at, (at += size));
  const ivSource = f(n);
  const ivMeasure = f(n);
  const ivSign = f(n);
  const ivShare = f(n);
  const ivStart = f(n);
  const ivRamp = f(n);
  const ivConfidence = f(n);
  const yearFirst = f(Y);
  const yearLast = f(Y);
  const actualEhcps = f(before);
  const actualInmss = f(before);
  const priced = f(T);
  const supplied = f(L * T);
  const lineCost = f(L);
  const costDriver = f(C);
  const costShare = f(C);
  const costChange = f(C);
  const costYears = f(C * T);
  const recorded = f(2 * T);
  const highNeedsBlock = f(T);
  const blockTransfer = f(T);
  const otherBlocks = f(T);
  const safetyValve = f(T);
  const values = valuesStore(n, C, T);

  let i = 0;
  listed.forEach((iv, source) => {
    if (iv.status === "Pause") return;
    const info = LEVER_INFO[iv.lever];
    ivSource[i] = source;
    ivMeasure[i] = MEASURES.indexOf(info.measure);
    ivSign[i] = info.sign;
    ivShare[i] = info.shareOfBaseline ? 1 : 0;
    ivStart[i] = monthIndex(iv.start) - start;
    ivRamp[i] = iv.rampMonths ?? 0;
    ivConfidence[i] = iv.confidence ?? 1;
    values.impact[i] = iv.impact;
    i++;
  });
  yearFirst.set(first);
  yearLast.set(last);
  if (before > 0) {
    const actuals = actualStock(input.monthly ?? []);
    for (let b = 0; b < before; b++) {
      const actual = actuals.get(monthKey(start - before + b));
      actualEhcps[b] = actual?.ehcps ?? NaN;
      actualInmss[b] = actual?.inmss ?? NaN;
    }
  }
  const from = firstCalendarYear(financialYearOf(start));
  const firstYears = years.map(firstCalendarYear);
  for (let k = 0; k < T; k++)
    priced[k] = firstYears[k] < from ? -1 : trajectoryYears.indexOf(years[k]);

  const byLine = C > 0 ? new Map(costList.map((c, j) => [labelKey(c.line), j])) : undefined;
  input.expenditure.forEach((line, l) => {
    for (let k = 0; k < T; k++) supplied[l * T + k] = line.values[k];
    lineCost[l] = byLine ? (byLine.get(labelKey(line.label)) ?? -1) : -1;
  });
  let hasChange = false;
  costList.forEach((c, j) => {
    costDriver[j] = c.driver === "EHCPs" ? 0 : 1;
    costShare[j] = c.share;
    costChange[j] = c.method === "Change" ? 1 : 0;
    if (c.method === "Change") hasChange = true;
    values.unitCost[j] = c.unitCost;
    values.inflation[j] = c.inflation;
    const base = firstCalendarYear(c.baseYear);
    for (let k = 0; k < T; k++) costYears[j * T + k] = firstYears[k] - base;
  });
  recorded.fill(NaN);
  if (hasChange && input.planActivity !== undefined) {
    const rows = [input.planActivity.ehcps, input.planActivity.inmss];
    rows.forEach((row, d) => {
      for (let k = 0; k < T; k++) {
        const v = row?.[k];
        recorded[d * T + k] = v === null || v === undefined ? NaN : v;
      }
    });
  }
  const funding = input.funding;
  if (funding.highNeedsBlock) highNeedsBlock.set(funding.highNeedsBlock.slice(0, T));
  if (funding.blockTransfer) blockTransfer.set(funding.blockTransfer.slice(0, T));
  if (funding.otherBlocks) otherBlocks.set(funding.otherBlocks.slice(0, T));
  if (funding.safetyValve) safetyValve.set(funding.safetyValve.slice(0, T));

  const plan: KernelPlan = {
    months,
    start,
    lag: baseline.lagMonths,
    interventions: n,
    ivSource,
    ivMeasure,
    ivSign,
    ivShare,
    ivStart,
    ivRamp,
    ivConfidence,
    trajectoryYears,
    yearFirst,
    yearLast,
    before,
    actualEhcps,
    actualInmss,
    tableYears: T,
    priced,
    lines: L,
    supplied,
    lineCost,
    costs: C,
    costDriver,
    costShare,
    costChange,
    costYears,
    selfPlan: hasChange && input.planActivity === undefined,
    recorded,
    highNeedsBlock,
    blockTransfer,
    otherBlocks,
    safetyValve,
    openingDeficit: input.openingDeficit,
    defaults: {
      requests: baseline.requests,
      noToAssessRate: baseline.noToAssessRate,
      noToIssueRate: baseline.noToIssueRate,
      ceased: baseline.ceased,
      transfersIn: baseline.transfersIn,
      openingEhcps: baseline.openingEhcps,
      inmssPlacements: baseline.inmssPlacements,
      inmssAnnualGrowth: baseline.inmssAnnualGrowth,
      ...values,
    },
  };
  for (let c = 0; c < C; c++) setInflation(plan, plan.defaults, c, values.inflation[c]);
  return plan;
}

/** The arrays of a plan's values, in one allocation. */
function valuesStore(
  n: number,
  C: number,
  T: number
): Pick<KernelValues, "impact" | "unitCost" | "inflation" | "factor"> {
  const store = new Float64Array(n + 2 * C + C * T);
  return {
    impact: store.subarray(0, n),
    unitCost: store.subarray(n, n + C),
    inflation: store.subarray(n + C, n + 2 * C),
    factor: store.subarray(n + 2 * C),
  };
}

/** A fresh copy of the plan's values as given, to change and run with. */
export function kernelValues(plan: KernelPlan): KernelValues {
  const d = plan.defaults;
  const copy = { ...d, ...valuesStore(d.impact.length, d.unitCost.length, plan.tableYears) };
  copyValues(copy, d);
  return copy;
}

/** Copy `from` into `to` (both the plan's values), without allocating. */
export function copyValues(to: KernelValues, from: KernelValues): void {
  to.requests = from.requests;
  to.noToAssessRate = from.noToAssessRate;
  to.noToIssueRate = from.noToIssueRate;
  to.ceased = from.ceased;
  to.transfersIn = from.transfersIn;
  to.openingEhcps = from.openingEhcps;
  to.inmssPlacements = from.inmssPlacements;
  to.inmssAnnualGrowth = from.inmssAnnualGrowth;
  to.impact.set(from.impact);
  to.unitCost.set(from.unitCost);
  to.inflation.set(from.inflation);
  to.factor.set(from.factor);
}

/** Set cost line `c`'s inflation, and its compounding factor for every year of the table. */
export function setInflation(
  plan: KernelPlan,
  values: KernelValues,
  c: number,
  inflation: number
): void {
  const T = plan.tableYears;
  values.inflation[c] = inflation;
  for (let k = 0; k < T; k++)
    values.factor[c * T + k] = Math.pow(1 + inflation, plan.costYears[c * T + k]);
}

/** Buffers for one scenario's run, sized for the plan. */
export function kernelRun(plan: KernelPlan): KernelRun {
  const M = plan.months;
  const Y = plan.trajectoryYears.length;
  const T = plan.tableYears;
  const S = MEASURES.length * M;
  // One allocation, carved into views (a typed array's allocation costs far more than a view).
  const store = new Float64Array(9 * M + 6 * Y + 2 * T + plan.lines * T + 4 * T + S);
  let at = 0;
  const f = (n: number): Float64Array => store.subarray(at, (at += n));
  return {
    requests: f(M),
    noToAssessRate: f(M),
    noToIssueRate: f(M),
    ceased: f(M),
    inmssReduction: f(M),
    newPlans: f(M),
    issued: f(M),
    ehcps: f(M),
    inmss: f(M),
    closingEhcps: f(Y),
    averageEhcps: f(Y),
    yearNewPlans: f(Y),
    yearCeased: f(Y),
    closingInmss: f(Y),
    averageInmss: f(Y),
    activity: f(2 * T),
    lineValues: f(plan.lines * T),
    expenditure: f(T),
    inYear: f(T),
    opening: f(T),
    closing: f(T),
    shares: f(S),
    acted: new Uint8Array(S),
  };
}

/** A run's month-by-month array of one measure (REQUESTS … the INMSS growth reduction). */
function measureArray(out: KernelRun, measure: number): Float64Array {
  return measure === REQUESTS
    ? out.requests
    : measure === NO_TO_ASSESS
      ? out.noToAssessRate
      : measure === NO_TO_ISSUE
        ? out.noToIssueRate
        : measure === CEASED
          ? out.ceased
          : out.inmssReduction;
}

/**
 * One scenario (code: SCENARIO_CODE) into `out`. Change lines are priced
 * against the recorded plan activity, or, without one, against `mitigated`'s
 * yearly averages (a run of the mitigated scenario with the same values,
 * already made; for the mitigated scenario itself, `out`).
 */
export function runScenario(
  plan: KernelPlan,
  v: KernelValues,
  scenario: number,
  out: KernelRun,
  mitigated: KernelRun = out
): void {
  const M = plan.months;
  const req = out.requests;
  const nta = out.noToAssessRate;
  const nti = out.noToIssueRate;
  const cea = out.ceased;
  const red = out.inmssReduction;
  const shares = out.shares;
  const acted = out.acted;
  req.fill(v.requests);
  nta.fill(v.noToAssessRate);
  nti.fill(v.noToIssueRate);
  cea.fill(v.ceased);
  red.fill(0);
  shares.fill(0);
  acted.fill(0);

  // Interventions (interventions.ts, systemInMonth): each acting month adds impact × ramp share × weight.
  if (scenario !== 0) {
    const risk = scenario === 2;
    for (let i = 0; i < plan.interventions; i++) {
      const w = risk ? plan.ivConfidence[i] : 1;
      const impact = v.impact[i];
      const sign = plan.ivSign[i];
      const measure = plan.ivMeasure[i];
      const rel = plan.ivStart[i];
      const ramp = plan.ivRamp[i];
      const target = measureArray(out, measure);
      const share = plan.ivShare[i] === 1;
      const base = measure * M;
      // Within the ramp the share is (months acting) / ramp, from its end on 1.
      const full = ramp <= 0 ? rel : rel + Math.ceil(ramp) - 1;
      const k0 = rel > 0 ? rel : 0;
      const k1 = full < M ? (full > k0 ? full : k0) : M;
      for (let k = k0; k < k1; k++) {
        const effect = impact * Math.min(1, (k - rel + 1) / ramp) * w;
        if (share) {
          shares[base + k] += sign * effect;
          acted[base + k] = 1;
        } else target[k] += sign * effect;
      }
      const effect = impact * 1 * w;
      if (share)
        for (let k = k1; k < M; k++) {
          shares[base + k] += sign * effect;
          acted[base + k] = 1;
        }
      else for (let k = k1; k < M; k++) target[k] += sign * effect;
    }
    // Shares of the baseline: summed per measure, at most the whole baseline removed.
    for (let measure = 0; measure < MEASURES.length; measure++) {
      const start =
        measure === REQUESTS
          ? v.requests
          : measure === NO_TO_ASSESS
            ? v.noToAssessRate
            : measure === NO_TO_ISSUE
              ? v.noToIssueRate
              : measure === CEASED
                ? v.ceased
                : 0;
      const target = measureArray(out, measure);
      const base = measure * M;
      for (let k = 0; k < M; k++)
        if (acted[base + k] === 1) target[k] += Math.max(-1, shares[base + k]) * start;
    }
  }

  // Clamps (MODEL.md §2) and the month loop (trajectory.ts, projectTrajectory).
  const newPlans = out.newPlans;
  const issued = out.issued;
  const ehcps = out.ehcps;
  const inmss = out.inmss;
  for (let k = 0; k < M; k++) {
    const r = Math.max(0, req[k]);
    const a = Math.min(1, Math.max(0, nta[k]));
    const s = Math.min(1, Math.max(0, nti[k]));
    req[k] = r;
    nta[k] = a;
    nti[k] = s;
    cea[k] = Math.max(0, cea[k]);
    red[k] = Math.min(1, Math.max(0, red[k]));
    newPlans[k] = r * (1 - a) * (1 - s);
  }
  const baselineNew = v.requests * (1 - v.noToAssessRate) * (1 - v.noToIssueRate);
  const lag = plan.lag;
  const transfersIn = v.transfersIn;
  const growth = v.inmssAnnualGrowth / 12;
  let stock = v.openingEhcps;
  let placements = v.inmssPlacements;
  for (let k = 0; k < M; k++) {
    const n = k - lag >= 0 ? newPlans[k - lag] : baselineNew;
    stock += n + transfersIn - cea[k];
    placements += growth * (1 - red[k]);
    issued[k] = n;
    ehcps[k] = stock;
    inmss[k] = placements;
  }

  // Years (trajectory.ts, summariseYears): months before the start at their actual stock, else the opening.
  const Y = plan.trajectoryYears.length;
  for (let y = 0; y < Y; y++) {
    let sumE = 0;
    let sumP = 0;
    let plans = 0;
    let ceased = 0;
    let lastE = v.openingEhcps;
    let lastP = v.inmssPlacements;
    const k0 = plan.yearFirst[y];
    const k1 = plan.yearLast[y];
    for (let k = k0; k <= k1; k++) {
      let e: number;
      let p: number;
      if (k < 0) {
        const b = k + plan.before;
        const ae = plan.actualEhcps[b];
        const ap = plan.actualInmss[b];
        e = ae === ae ? ae : v.openingEhcps;
        p = ap === ap ? ap : v.inmssPlacements;
      } else {
        e = ehcps[k];
        p = inmss[k];
      }
      sumE += e;
      sumP += p;
      lastE = e;
      lastP = p;
      if (k >= 0) {
        plans += issued[k];
        ceased += cea[k];
      }
    }
    const counted = k1 - k0 + 1;
    out.closingEhcps[y] = lastE;
    out.averageEhcps[y] = sumE / counted;
    out.yearNewPlans[y] = plans;
    out.yearCeased[y] = ceased;
    out.closingInmss[y] = lastP;
    out.averageInmss[y] = sumP / counted;
  }

  // The plan activity Change lines are priced against.
  const T = plan.tableYears;
  const activity = out.activity;
  if (plan.selfPlan)
    for (let k = 0; k < T; k++) {
      const y = plan.priced[k];
      activity[k] = y < 0 ? NaN : mitigated.averageEhcps[y];
      activity[T + k] = y < 0 ? NaN : mitigated.averageInmss[y];
    }
  else activity.set(plan.recorded);

  // Cost lines (costs.ts, applyCostDrivers) and the ledger (ledger.ts, computeLedger).
  const values = out.lineValues;
  const expenditure = out.expenditure;
  expenditure.fill(0);
  for (let l = 0; l < plan.lines; l++) {
    const c = plan.lineCost[l];
    const row = l * T;
    for (let k = 0; k < T; k++) {
      const supplied = plan.supplied[row + k];
      let value = supplied;
      const y = plan.priced[k];
      if (c >= 0 && y >= 0) {
        const driver = plan.costDriver[c] === 0 ? out.averageEhcps[y] : out.averageInmss[y];
        if (plan.costChange[c] === 0)
          value = (driver * plan.costShare[c] * v.unitCost[c] * v.factor[c * T + k]) / 1000;
        else {
          const planned = activity[plan.costDriver[c] * T + k];
          if (planned === planned && driver !== planned)
            value =
              supplied +
              ((driver - planned) * plan.costShare[c] * v.unitCost[c] * v.factor[c * T + k]) / 1000;
        }
      }
      values[row + k] = value;
      expenditure[k] += value;
    }
  }
  let balance = plan.openingDeficit;
  for (let k = 0; k < T; k++) {
    const inYear = expenditure[k] + plan.highNeedsBlock[k] + plan.blockTransfer[k];
    out.inYear[k] = inYear;
    out.opening[k] = balance;
    balance = balance + inYear + plan.otherBlocks[k] + plan.safetyValve[k];
    out.closing[k] = balance;
  }
}

/** The first table year from which the in-year figure is ≤ 0 in it and every later year (ledger.ts, balanceYear); −1 if never. */
export function balanceYearIndex(run: KernelRun, years: number): number {
  let found = -1;
  for (let k = years - 1; k >= 0; k--) {
    if (run.inYear[k] > 0) break;
    found = k;
  }
  return found;
}

/** Whether every figure of a run is a finite number. */
export function allFinite(plan: KernelPlan, run: KernelRun): boolean {
  return (
    finiteAll(run.ehcps) &&
    finiteAll(run.inmss) &&
    finiteAll(run.averageEhcps) &&
    finiteAll(run.averageInmss) &&
    finiteAll(run.lineValues) &&
    finiteAll(run.closing) &&
    finiteAll(plan.highNeedsBlock) &&
    finiteAll(plan.blockTransfer) &&
    finiteAll(plan.otherBlocks) &&
    finiteAll(plan.safetyValve)
  );
}

function finiteAll(xs: Float64Array): boolean {
  let z = 0;
  for (let k = 0; k < xs.length; k++) z += xs[k] * 0; // NaN once any figure is NaN or infinite
  return z === 0;
}

/**
 * The mitigated system once every intervention is at full impact
 * (interventions.ts: fullEffectMonth, then systemInMonth): that month's
 * offset from the start, and requests, the two rates, ceased plans and the
 * INMSS growth reduction, clamped, into `out`.
 */
export function fullEffectSystem(plan: KernelPlan, v: KernelValues, out: Float64Array): number {
  let month = 0;
  for (let i = 0; i < plan.interventions; i++)
    month = Math.max(month, plan.ivStart[i] + Math.max(0, plan.ivRamp[i] - 1));
  const sys = [v.requests, v.noToAssessRate, v.noToIssueRate, v.ceased, 0];
  const shares = [0, 0, 0, 0, 0];
  const acted = [false, false, false, false, false];
  for (let i = 0; i < plan.interventions; i++) {
    const start = plan.ivStart[i];
    const ramp = plan.ivRamp[i];
    if (month < start) continue;
    const share = ramp <= 0 ? 1 : Math.min(1, (month - start + 1) / ramp);
    const effect = v.impact[i] * share * 1;
    const measure = plan.ivMeasure[i];
    if (plan.ivShare[i] === 1) {
      shares[measure] += plan.ivSign[i] * effect;
      acted[measure] = true;
    } else sys[measure] += plan.ivSign[i] * effect;
  }
  for (let m = 0; m < MEASURES.length; m++)
    if (acted[m]) sys[m] += Math.max(-1, shares[m]) * (m < 4 ? sys0(v, m) : 0);
  out[0] = Math.max(0, sys[0]);
  out[1] = Math.min(1, Math.max(0, sys[1]));
  out[2] = Math.min(1, Math.max(0, sys[2]));
  out[3] = Math.max(0, sys[3]);
  out[4] = Math.min(1, Math.max(0, sys[4]));
  return month;
}

const sys0 = (v: KernelValues, measure: number): number =>
  measure === 0
    ? v.requests
    : measure === 1
      ? v.noToAssessRate
      : measure === 2
        ? v.noToIssueRate
        : v.ceased;
