import { financialYearOf, monthIndex, monthKey, yearStartIndex } from "./calendar";
import { applyCostDrivers } from "./costs";
import { netAnnualGrowth } from "./demand";
import {
  fullEffectMonth,
  prepareInterventions,
  systemInMonth,
  type PreparedIntervention,
} from "./interventions";
import { assessDeficit, computeLedger } from "./ledger";
import { resolveBaseline } from "./baseline";
import { projectTrajectory } from "./trajectory";
import { settingsYearProblem, validateBaseline, validateInput } from "./validate";
import {
  SCENARIOS,
  type Baseline,
  type ForecastInput,
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

export const DEFAULT_SETTINGS: Settings = {
  balanceTargetYear: "2028/29",
  deficitCap: 84500,
  deficitCapYear: "2024/25",
};

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

  const settings: Settings = { ...DEFAULT_SETTINGS, ...stripUndefined(input.settings ?? {}) };
  const years = input.years;
  // A year given in the settings was checked with the input; a default may still fall outside the forecast.
  for (const key of ["balanceTargetYear", "deficitCapYear"] as const) {
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
  const ledgers = {} as Record<ScenarioId, Ledger>;
  for (const id of SCENARIOS) {
    scenarios[id] = projectTrajectory(baseline, prepared, months, id);
    const lines = applyCostDrivers(years, input.expenditure, costs, scenarios[id], forecastYear);
    ledgers[id] = computeLedger(years, lines, input.funding, input.openingDeficit);
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
      ...assessDeficit(ledger, settings),
      ...(input.comparison
        ? {
            comparison: {
              label: input.comparison.label,
              months: [...input.comparison.months],
              ehcps: [...input.comparison.ehcps],
            },
          }
        : {}),
      settings,
      warnings,
    },
  };
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
