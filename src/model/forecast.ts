import {
  financialYearOf,
  firstCalendarYear,
  monthIndex,
  monthKey,
  yearStartIndex,
} from "./calendar";
import type { PlanByDriver } from "./costs";
import { netAnnualGrowth } from "./demand";
import {
  fullEffectMonth,
  prepareInterventions,
  systemInMonth,
  type PreparedIntervention,
} from "./interventions";
import { assessDeficit } from "./ledger";
import {
  allFinite,
  compileKernel,
  fullEffectSystem,
  kernelRun,
  runScenario,
  SCENARIO_CODE,
  type KernelPlan,
  type KernelRun,
} from "./kernel";
import { resolveBaseline } from "./baseline";
import { compareWithOriginalPlan } from "./originalPlan";
import { actualStock } from "./trajectory";
import { settingsYearProblem, validateBaseline, validateInput } from "./validate";
import { labelKey } from "./text";
import {
  SCENARIOS,
  type Baseline,
  type CostDriver,
  type DeficitOutcome,
  type ForecastInput,
  type InputProblem,
  type ForecastResult,
  type Intervention,
  type Ledger,
  type MonthKey,
  type Outcome,
  type ScenarioId,
  type Settings,
  type SystemRates,
  type TargetSystem,
  type Trajectory,
  type Warning,
  type YearSummary,
} from "./types";

/**
 * The settings used where the input gives none: Wiltshire's Safety Valve
 * agreement. Each one used is an assumption the result states
 * (`assumptions`, and an `assumedSetting` warning), since they are another
 * council's terms.
 */
export const DEFAULT_SETTINGS: Settings = {
  balanceTargetYear: "2028/29",
  deficitCap: 84500,
  deficitCapYear: "2024/25",
  safetyValve: true,
};

/** The defaults a run used, in words, each with the setting's field: what was assumed and how to set it. */
export function settingAssumptions(
  given: Partial<Settings>,
  settings: Settings
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  // Only when a message needs it: formatting for a locale is slow.
  const capText = (): string => Math.round(settings.deficitCap).toLocaleString("en-GB");
  if (given.safetyValve === undefined)
    out.push({
      field: "settings.safetyValve",
      message:
        "assumed: a Safety Valve agreement, so its conditions are assessed — set SafetyValve (Yes or No) in SEND_Settings",
    });
  if (given.balanceTargetYear === undefined)
    out.push({
      field: "settings.balanceTargetYear",
      message: `assumed: in-year balance by ${settings.balanceTargetYear} — set BalanceTargetYear in SEND_Settings`,
    });
  if (settings.safetyValve) {
    if (given.deficitCap === undefined && given.deficitCapYear === undefined)
      out.push({
        field: "settings.deficitCap",
        message: `assumed: cap ${capText()} in ${settings.deficitCapYear} — set DeficitCap and DeficitCapYear in SEND_Settings`,
      });
    else if (given.deficitCap === undefined)
      out.push({
        field: "settings.deficitCap",
        message: `assumed: cap ${capText()} in ${settings.deficitCapYear} — set DeficitCap in SEND_Settings`,
      });
    else if (given.deficitCapYear === undefined)
      out.push({
        field: "settings.deficitCapYear",
        message: `assumed: the cap of ${capText()} applies in ${settings.deficitCapYear} — set DeficitCapYear in SEND_Settings`,
      });
  }
  return out;
}

/** The system at `asOf` (default: once every intervention is at full impact), per MODEL.md §2. */
export function targetSystem(
  baseline: Baseline,
  interventions: readonly Intervention[],
  asOf?: MonthKey
): TargetSystem {
  const prepared = prepareInterventions(interventions);
  return targetFromPrepared(baseline, prepared, asOf === undefined ? undefined : monthIndex(asOf));
}

function targetFromPrepared(
  baseline: Baseline,
  prepared: readonly PreparedIntervention[],
  at?: number
): TargetSystem {
  const month = at ?? fullEffectMonth(prepared, monthIndex(baseline.forecastStart));
  const sys = systemInMonth(baseline, prepared, month, "mitigated");
  return {
    month: monthKey(month),
    requests: sys.requests,
    noToAssessRate: sys.noToAssessRate,
    noToIssueRate: sys.noToIssueRate,
    ceased: sys.ceased,
    transfersIn: baseline.transfersIn,
    netAnnualGrowth: netAnnualGrowth(sys, baseline.transfersIn),
    inmssGrowthReduction: sys.inmssReduction,
  };
}

/** The target system (as targetSystem gives it) from the compiled plan. */
function targetOfPlan(plan: KernelPlan, baseline: Baseline): TargetSystem {
  const sys = new Float64Array(5);
  const month = fullEffectSystem(plan, plan.defaults, sys);
  const rates = { requests: sys[0], noToAssessRate: sys[1], noToIssueRate: sys[2], ceased: sys[3] };
  return {
    month: monthKey(plan.start + month),
    ...rates,
    transfersIn: baseline.transfersIn,
    netAnnualGrowth: netAnnualGrowth(rates, baseline.transfersIn),
    inmssGrowthReduction: sys[4],
  };
}

/**
 * The whole forecast: validate, resolve the baseline, project the three
 * scenarios, cost them and keep the ledger. Invalid input gives every
 * problem together; nothing here throws on bad data.
 */
export function runForecast(input: ForecastInput): Outcome<ForecastResult> {
  const problems = validateInput(input);
  if (problems.length > 0) return { ok: false, problems };
  const resolved = resolveBaseline(input.baseline ?? {}, input.monthly ?? []);
  if (!resolved.ok) return resolved;
  const { baseline } = resolved.value;
  const warnings: Warning[] = [...resolved.value.warnings];
  // The input's own values were checked above; check only what was derived from the monthly actuals.
  const given = input.baseline ?? {};
  const derived = Object.fromEntries(
    Object.entries(baseline).filter(([key]) => given[key as keyof Baseline] === undefined)
  ) as Partial<Baseline>;
  const derivedProblems = validateBaseline(derived);
  if (derivedProblems.length > 0) return { ok: false, problems: derivedProblems };

  const givenSettings = stripUndefined(input.settings ?? {});
  const settings: Settings = { ...DEFAULT_SETTINGS, ...givenSettings };
  const assumed = settingAssumptions(givenSettings, settings);
  warnings.push(...assumed.map((a) => ({ code: "assumedSetting" as const, ...a })));
  const years = input.years;
  // A year given in the settings was checked with the input; a default may still fall outside the forecast.
  // Without an agreement the cap's year is not used.
  const settingYears = settings.safetyValve
    ? (["balanceTargetYear", "deficitCapYear"] as const)
    : (["balanceTargetYear"] as const);
  for (const key of settingYears) {
    const problem = settingsYearProblem(key, settings[key], years, false);
    if (problem) return { ok: false, problems: [problem] };
  }

  const start = monthIndex(baseline.forecastStart);
  const horizonEnd = yearStartIndex(years[years.length - 1]) + 11; // March of the last year
  const months = input.horizonMonths ?? horizonEnd - start + 1;
  if (months < 1)
    return {
      ok: false,
      problems: [
        {
          field: "baseline.forecastStart",
          message: `expected a forecast start on or before ${monthKey(horizonEnd)}, the end of ${years[years.length - 1]}; found ${baseline.forecastStart}`,
        },
      ],
    };
  if (start + months - 1 < horizonEnd)
    warnings.push({
      code: "horizon",
      message: `The forecast ends at ${monthKey(start + months - 1)}, before the end of ${years[years.length - 1]}; driven costs after it keep their supplied values.`,
    });

  const forecastYear = financialYearOf(start);
  const costs = input.costs ?? [];
  // The arithmetic, in the kernel: the mitigated scenario first, which Change lines may be priced against.
  const plan = compileKernel(input, baseline, months);
  const runs = scratchRuns(plan);
  for (const id of KERNEL_ORDER)
    runScenario(plan, plan.defaults, SCENARIO_CODE[id], runs[id], runs.mitigated);
  const monthKeys = monthKeysFrom(start, months);
  const scenarios = {} as Record<ScenarioId, Trajectory>;
  for (const id of SCENARIOS) scenarios[id] = trajectoryOf(plan, runs[id], monthKeys);

  // What Change lines are priced against: the plan's recorded activity, else the mitigated scenario itself.
  const change = costs.findIndex((c) => c.method === "Change");
  if (change >= 0 && input.planActivity === undefined) {
    warnings.push({
      code: "planActivityMissing",
      field: `costs[${change}].method`,
      message:
        "The plan's activity (SEND_PlanActivity: average EHCPs and INMSS placements a year) is not recorded, so Change lines are priced against the mitigated scenario as listed: the supplied lines are reproduced, and changes to interventions are priced only once the plan's activity is recorded.",
    });
  } else if (change >= 0) {
    const recorded: PlanByDriver = {
      EHCPs: input.planActivity!.ehcps,
      INMSS: input.planActivity!.inmss,
    };
    const reached = new Set(plan.trajectoryYears);
    const missing = missingPlanActivity(input, recorded, forecastYear, reached);
    if (missing.length > 0) return { ok: false, problems: missing };
  }

  const ledgers = {} as Record<ScenarioId, Ledger>;
  const outcomes = {} as Record<ScenarioId, DeficitOutcome>;
  for (const id of SCENARIOS) {
    ledgers[id] = ledgerOf(plan, runs[id], input);
    outcomes[id] = assessDeficit(ledgers[id], settings);
  }
  if (!SCENARIOS.every((id) => allFinite(plan, runs[id]))) {
    const infinite = nonFiniteFigures(input, scenarios, ledgers);
    if (infinite.length > 0) return { ok: false, problems: infinite };
  }
  const ledger = ledgers.mitigated;
  warnings.push(...reconcile(ledger, input));

  return {
    ok: true,
    value: {
      baseline: { ...baseline, netAnnualGrowth: netAnnualGrowth(baseline, baseline.transfersIn) },
      target: targetOfPlan(plan, baseline),
      scenarios,
      ledger,
      ledgers,
      outcomes,
      ...outcomes.mitigated,
      ...(input.comparison
        ? {
            comparison: {
              label: input.comparison.label,
              months: [...input.comparison.months],
              ehcps: [...input.comparison.ehcps],
            },
          }
        : {}),
      ...actualEhcpsBefore(actualStock(input.monthly ?? []), start),
      ...(input.originalPlan
        ? { originalPlan: compareWithOriginalPlan(input.originalPlan, ledger, outcomes.mitigated) }
        : {}),
      settings,
      assumptions: assumed.map((a) => a.message),
      warnings,
    },
  };
}

/** The months before the forecast start whose actual EHCPs SEND_Monthly gives, in month order; nothing when none. */
function actualEhcpsBefore(
  actuals: ReadonlyMap<MonthKey, { ehcps?: number }>,
  start: number
): Pick<ForecastResult, "actualEhcps"> {
  const months = [...actuals.keys()]
    .filter((m) => monthIndex(m) < start && actuals.get(m)?.ehcps !== undefined)
    .sort((a, b) => monthIndex(a) - monthIndex(b));
  if (months.length === 0) return {};
  return { actualEhcps: { months, ehcps: months.map((m) => actuals.get(m)!.ehcps!) } };
}

/**
 * The last guard: a figure that is not a finite number (NaN, ±Infinity) is
 * never shown. Each is a problem at the input it came from: a driven line's
 * cost line (its inflation and base year compound), or else the line, the
 * funding row or the demand baseline.
 */
function nonFiniteFigures(
  input: ForecastInput,
  scenarios: Record<ScenarioId, Trajectory>,
  ledgers: Record<ScenarioId, Ledger>
): InputProblem[] {
  const problems: InputProblem[] = [];
  const bad = (xs: readonly number[]): number => xs.findIndex((x) => !Number.isFinite(x));
  const costs = input.costs ?? [];
  const seen = new Set<string>();
  const add = (field: string, message: string): void => {
    if (seen.has(field)) return;
    seen.add(field);
    problems.push({ field, message });
  };
  for (const id of SCENARIOS) {
    const t = scenarios[id];
    const demand = [
      ...t.ehcps,
      ...t.inmss,
      ...t.years.flatMap((y) => [y.averageEhcps, y.averageInmss, y.closingEhcps]),
    ];
    if (bad(demand) >= 0)
      add(
        "baseline",
        "expected figures the forecast can compute: the demand forecast comes to a number too large to hold (not finite); check the baseline's figures and the interventions' impacts"
      );
    const ledger = ledgers[id];
    ledger.lines.forEach((line, n) => {
      const k = bad(line.values);
      if (k < 0) return;
      const c = costs.findIndex((cost) => labelKey(cost.line) === labelKey(line.label));
      if (c >= 0) {
        const cost = costs[c];
        add(
          `costs[${c}]`,
          `expected a cost line whose figures can be computed: '${line.label}' comes to a number too large to hold (not finite) in ${ledger.years[k]}, from its inflation ${cost.inflation} compounded from the base year ${cost.baseYear} with unit cost ${cost.unitCost} and share ${cost.share}; check Inflation and BaseYear`
        );
      } else
        add(
          `expenditure[${n}]`,
          `expected figures the forecast can add up: '${line.label}' is not a finite number in ${ledger.years[k]}`
        );
    });
    for (const key of ["highNeedsBlock", "blockTransfer", "otherBlocks", "safetyValve"] as const) {
      const k = bad(ledger[key]);
      if (k >= 0) add(`funding.${key}[${k}]`, "expected a finite number");
    }
    if (problems.length === 0) {
      const k = bad([...ledger.expenditure, ...ledger.inYear, ...ledger.closing]);
      if (k >= 0)
        add(
          "expenditure",
          "expected figures the forecast can add up: the lines' total is too large to hold (not finite); check the figures are in £'000"
        );
    }
  }
  return problems;
}

/**
 * Each year from the forecast start's on, up to the last the forecast
 * reaches, without a plan figure for the driver of a Change line, as a
 * problem at its field (a year after the horizon keeps its supplied value).
 */
function missingPlanActivity(
  input: ForecastInput,
  plan: PlanByDriver,
  forecastYear: string,
  reached: ReadonlySet<string>
): InputProblem[] {
  const problems: InputProblem[] = [];
  const from = firstCalendarYear(forecastYear);
  const asked = new Map<CostDriver, string>();
  for (const c of input.costs ?? [])
    if (c.method === "Change" && !asked.has(c.driver)) asked.set(c.driver, c.line);
  for (const [driver, line] of asked) {
    const key = driver === "EHCPs" ? "ehcps" : "inmss";
    const what = driver === "EHCPs" ? "average EHCPs" : "average INMSS placements";
    const values = plan[driver];
    const asks = (y: string) => firstCalendarYear(y) >= from && reached.has(y);
    const years = input.years.filter(asks);
    if (years.length === 0) continue;
    if (values === undefined) {
      problems.push({
        field: `planActivity.${key}`,
        message: `expected a row ${driver} with the plan's ${what} for ${years[0]} to ${years[years.length - 1]}, for the Change line '${line}'; found none`,
      });
      continue;
    }
    input.years.forEach((y, k) => {
      if (asks(y) && (values[k] === null || values[k] === undefined))
        problems.push({
          field: `planActivity.${key}[${k}]`,
          message: `expected the plan's ${what} for ${y}, for the Change line '${line}'; found none`,
        });
    });
  }
  return problems;
}

/**
 * Supplied totals against computed sums, year by year (the seed's own table
 * is off by ±2): the council's own lines against its own Total Expenditure,
 * then, separately, how much the lines SEND_Costs drives move that total
 * in the mitigated scenario. Differences under half of one £'000 are
 * rounding and not reported; figures are in whole £'000.
 */
function reconcile(ledger: Ledger, input: ForecastInput): Warning[] {
  const out: Warning[] = [];
  const totals = input.suppliedTotals ?? {};
  const suppliedSum = input.years.map((_, k) =>
    input.expenditure.reduce((s, line) => s + line.values[k], 0)
  );
  const pairs: [keyof typeof totals, number[], string][] = [
    ["expenditure", suppliedSum, "Total Expenditure"],
    ["inYear", ledger.inYear, "In Year Surplus(−)/Deficit(+)"],
    ["closing", ledger.closing, "Total Deficit Balance"],
  ];
  for (const [key, computed, label] of pairs) {
    const supplied = totals[key];
    if (!supplied) continue;
    supplied.forEach((s, k) => {
      if (s === null) return;
      const diff = computed[k] - s;
      if (Math.abs(diff) >= 0.5)
        out.push({
          code: "reconciliation",
          field: `suppliedTotals.${key}[${k}]`,
          message: `${label} ${ledger.years[k]}: the ${key === "expenditure" ? "supplied lines" : "lines"} add up to ${figure(computed[k])}, ${signed(diff)} against the supplied ${figure(s)}.`,
        });
    });
  }
  const supplied = totals.expenditure;
  if (supplied) {
    const moved = ledger.years
      .map((year, k) => ({ year, k, diff: ledger.expenditure[k] - suppliedSum[k] }))
      .filter((d) => Math.abs(d.diff) >= 0.5);
    if (moved.length > 0) {
      const driven = new Set((input.costs ?? []).map((c) => labelKey(c.line)));
      const count = input.expenditure.filter((l) => driven.has(labelKey(l.label))).length;
      out.push({
        code: "reconciliation",
        field: `suppliedTotals.expenditure[${moved[0].k}]`,
        message: `Total Expenditure: ${count} line${count === 1 ? "" : "s"} driven by SEND_Costs change the supplied total by ${moved.map((d) => `${signed(d.diff)} in ${d.year}`).join(", ")} (mitigated scenario); the forecast uses the driven figures.`,
      });
    }
  }
  return out;
}

/**
 * A figure in a sentence, as the report prints it: whole £'000, thousands
 * separated, a true minus (122,173; −1). Only messages are written this
 * way; the result's numbers are never rounded or formatted.
 */
function figure(x: number): string {
  const r = Math.round(x);
  const grouped = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${r < 0 ? "\u2212" : ""}${grouped}`;
}

/** A difference with its sign: +1, −4,196. */
function signed(x: number): string {
  return `${Math.round(x) > 0 ? "+" : ""}${figure(x)}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The order the kernel runs the scenarios in: the mitigated first, which the others' Change lines may be priced against. */
const KERNEL_ORDER: readonly ScenarioId[] = ["mitigated", "unmitigated", "riskAdjusted"];

let scratch: { sizes: number[]; runs: Record<ScenarioId, KernelRun> } | undefined;

/**
 * The three scenarios' kernel buffers, reused from run to run while the
 * shape is the same: every figure is written before it is read, and the
 * result copies what it keeps.
 */
function scratchRuns(plan: KernelPlan): Record<ScenarioId, KernelRun> {
  const sizes = [plan.months, plan.trajectoryYears.length, plan.tableYears, plan.lines];
  if (scratch === undefined || scratch.sizes.some((n, k) => n !== sizes[k]))
    scratch = {
      sizes,
      runs: {
        unmitigated: kernelRun(plan),
        mitigated: kernelRun(plan),
        riskAdjusted: kernelRun(plan),
      },
    };
  return scratch.runs;
}

let lastMonthKeys: { start: number; keys: MonthKey[] } = { start: NaN, keys: [] };

/** The month keys from `start` on, `months` of them (the last run's kept, as runs mostly share them); a fresh array. */
function monthKeysFrom(start: number, months: number): MonthKey[] {
  const kept = lastMonthKeys;
  if (kept.start !== start || kept.keys.length < months) {
    const keys: MonthKey[] = [];
    for (let k = 0; k < months; k++) keys.push(monthKey(start + k));
    lastMonthKeys = { start, keys };
    return keys.slice();
  }
  return kept.keys.slice(0, months);
}

/** A typed array's figures as a plain array. */
function numbers(xs: Float64Array, from = 0, count = xs.length - from): number[] {
  const out = new Array<number>(count);
  for (let k = 0; k < count; k++) out[k] = xs[from + k];
  return out;
}

/** A kernel run as the result's Trajectory. */
function trajectoryOf(
  plan: KernelPlan,
  run: KernelRun,
  monthKeys: readonly MonthKey[]
): Trajectory {
  const rates = new Array<SystemRates>(plan.months);
  for (let k = 0; k < plan.months; k++)
    rates[k] = {
      requests: run.requests[k],
      noToAssessRate: run.noToAssessRate[k],
      noToIssueRate: run.noToIssueRate[k],
      ceased: run.ceased[k],
    };
  const years: YearSummary[] = plan.trajectoryYears.map((year, y) => ({
    year,
    closingEhcps: run.closingEhcps[y],
    averageEhcps: run.averageEhcps[y],
    newPlans: run.yearNewPlans[y],
    ceased: run.yearCeased[y],
    closingInmss: run.closingInmss[y],
    averageInmss: run.averageInmss[y],
  }));
  return {
    months: monthKeys.slice(),
    ehcps: numbers(run.ehcps),
    inmss: numbers(run.inmss),
    newPlans: numbers(run.issued),
    ceased: numbers(run.ceased),
    rates,
    years,
  };
}

/** A kernel run's ledger as the result's Ledger. */
function ledgerOf(plan: KernelPlan, run: KernelRun, input: ForecastInput): Ledger {
  const T = plan.tableYears;
  return {
    years: [...input.years],
    lines: input.expenditure.map((line, l) => ({
      label: line.label,
      values: numbers(run.lineValues, l * T, T),
    })),
    expenditure: numbers(run.expenditure),
    highNeedsBlock: numbers(plan.highNeedsBlock),
    blockTransfer: numbers(plan.blockTransfer),
    inYear: numbers(run.inYear),
    otherBlocks: numbers(plan.otherBlocks),
    safetyValve: numbers(plan.safetyValve),
    opening: numbers(run.opening),
    closing: numbers(run.closing),
  };
}
