import {
  financialYearOf,
  firstCalendarYear,
  monthIndex,
  monthKey,
  yearStartIndex,
} from "./calendar";
import { applyCostDrivers, type PlanByDriver } from "./costs";
import { netAnnualGrowth } from "./demand";
import {
  fullEffectMonth,
  prepareInterventions,
  systemInMonth,
  type PreparedIntervention,
} from "./interventions";
import { assessDeficit, computeLedger } from "./ledger";
import { resolveBaseline } from "./baseline";
import { compareWithOriginalPlan } from "./originalPlan";
import { projectTrajectory } from "./trajectory";
import { settingsYearProblem, validateBaseline, validateInput } from "./validate";
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
  type TargetSystem,
  type Trajectory,
  type Warning,
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
  const cap = Math.round(settings.deficitCap).toLocaleString("en-GB");
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
        message: `assumed: cap ${cap} in ${settings.deficitCapYear} — set DeficitCap and DeficitCapYear in SEND_Settings`,
      });
    else if (given.deficitCap === undefined)
      out.push({
        field: "settings.deficitCap",
        message: `assumed: cap ${cap} in ${settings.deficitCapYear} — set DeficitCap in SEND_Settings`,
      });
    else if (given.deficitCapYear === undefined)
      out.push({
        field: "settings.deficitCapYear",
        message: `assumed: the cap of ${cap} applies in ${settings.deficitCapYear} — set DeficitCapYear in SEND_Settings`,
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

  const prepared = prepareInterventions(input.interventions ?? []);
  const forecastYear = financialYearOf(start);
  const costs = input.costs ?? [];
  const scenarios = {} as Record<ScenarioId, Trajectory>;
  for (const id of SCENARIOS) scenarios[id] = projectTrajectory(baseline, prepared, months, id);

  // What Change lines are priced against: the plan's recorded activity, else the mitigated scenario itself.
  const change = costs.findIndex((c) => c.method === "Change");
  let plan: PlanByDriver = {};
  if (change >= 0 && input.planActivity === undefined) {
    plan = activityOf(scenarios.mitigated, years);
    warnings.push({
      code: "planActivityMissing",
      field: `costs[${change}].method`,
      message:
        "The plan's activity (SEND_PlanActivity: average EHCPs and INMSS placements a year) is not recorded, so Change lines are priced against the mitigated scenario as listed: the supplied lines are reproduced, and changes to interventions are priced only once the plan's activity is recorded.",
    });
  } else if (change >= 0) {
    plan = { EHCPs: input.planActivity!.ehcps, INMSS: input.planActivity!.inmss };
    const missing = missingPlanActivity(input, plan, forecastYear);
    if (missing.length > 0) return { ok: false, problems: missing };
  }

  const ledgers = {} as Record<ScenarioId, Ledger>;
  const outcomes = {} as Record<ScenarioId, DeficitOutcome>;
  for (const id of SCENARIOS) {
    const lines = applyCostDrivers(
      years,
      input.expenditure,
      costs,
      scenarios[id],
      forecastYear,
      plan
    );
    ledgers[id] = computeLedger(years, lines, input.funding, input.openingDeficit);
    outcomes[id] = assessDeficit(ledgers[id], settings);
  }
  const ledger = ledgers.mitigated;
  warnings.push(...reconcile(ledger, input));

  return {
    ok: true,
    value: {
      baseline: { ...baseline, netAnnualGrowth: netAnnualGrowth(baseline, baseline.transfersIn) },
      target: targetFromPrepared(baseline, prepared),
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
      ...(input.originalPlan
        ? { originalPlan: compareWithOriginalPlan(input.originalPlan, ledger, outcomes.mitigated) }
        : {}),
      settings,
      assumptions: assumed.map((a) => a.message),
      warnings,
    },
  };
}

/** A scenario's yearly average EHCPs and INMSS placements by year of the table (null: a year the forecast does not reach). */
function activityOf(trajectory: Trajectory, years: readonly string[]): PlanByDriver {
  const byYear = new Map(trajectory.years.map((y) => [y.year, y]));
  return {
    EHCPs: years.map((y) => byYear.get(y)?.averageEhcps ?? null),
    INMSS: years.map((y) => byYear.get(y)?.averageInmss ?? null),
  };
}

/** Each year from the forecast start's on without a plan figure for the driver of a Change line, as a problem at its field. */
function missingPlanActivity(
  input: ForecastInput,
  plan: PlanByDriver,
  forecastYear: string
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
    const years = input.years.filter((y) => firstCalendarYear(y) >= from);
    if (values === undefined) {
      problems.push({
        field: `planActivity.${key}`,
        message: `expected a row ${driver} with the plan's ${what} for ${years[0]} to ${years[years.length - 1]}, for the Change line '${line}'; found none`,
      });
      continue;
    }
    input.years.forEach((y, k) => {
      if (firstCalendarYear(y) >= from && (values[k] === null || values[k] === undefined))
        problems.push({
          field: `planActivity.${key}[${k}]`,
          message: `expected the plan's ${what} for ${y}, for the Change line '${line}'; found none`,
        });
    });
  }
  return problems;
}

/** Supplied totals against computed sums, year by year (the seed's own table is off by ±2). */
function reconcile(ledger: Ledger, input: ForecastInput): Warning[] {
  const out: Warning[] = [];
  const totals = input.suppliedTotals ?? {};
  const pairs: [keyof typeof totals, number[], string][] = [
    ["expenditure", ledger.expenditure, "Total Expenditure"],
    ["inYear", ledger.inYear, "In Year Surplus(−)/Deficit(+)"],
    ["closing", ledger.closing, "Total Deficit Balance"],
  ];
  for (const [key, computed, label] of pairs) {
    const supplied = totals[key];
    if (!supplied) continue;
    supplied.forEach((s, k) => {
      if (s === null) return;
      const diff = computed[k] - s;
      if (Math.abs(diff) > 1e-6)
        out.push({
          code: "reconciliation",
          field: `suppliedTotals.${key}[${k}]`,
          message: `${label} ${ledger.years[k]}: the lines add up to ${figure(computed[k])}, ${diff > 0 ? "+" : ""}${figure(diff)} against the supplied ${figure(s)}.`,
        });
    });
  }
  return out;
}

/**
 * A figure in a sentence, as the report prints it: thousands separated, a
 * true minus, up to three decimals (122,173; −1; 0.5). Only messages are
 * written this way; the result's numbers are never rounded or formatted.
 */
function figure(x: number): string {
  const r = Math.round(x * 1000) / 1000;
  const [whole, decimals] = Math.abs(r).toFixed(3).replace(/0+$/, "").replace(/\.$/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${r < 0 ? "\u2212" : ""}${grouped}${decimals ? `.${decimals}` : ""}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
