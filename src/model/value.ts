import { runForecast } from "./forecast";
import type {
  ForecastInput,
  ForecastResult,
  Outcome,
  PlanActivity,
  Trajectory,
  YearLabel,
} from "./types";

/** What leaving something out adds, year by year of the table and to the balance target year. */
export interface ValueFigures {
  /** Average EHCPs a year avoided: without it − with all (0 for a year the forecast does not reach). */
  ehcpsAvoided: number[];
  /** Average INMSS placements a year avoided, likewise. */
  inmssAvoided: number[];
  /** £'000 a year avoided: total expenditure without it − total expenditure with all (mitigated scenario). */
  costAvoided: number[];
  /** Average EHCPs avoided in the balance target year. */
  ehcpsAvoidedInTarget: number;
  /** Average INMSS placements avoided in the balance target year. */
  inmssAvoidedInTarget: number;
  /** £'000 avoided, summed over the table's years up to and including the balance target year. */
  costAvoidedToTarget: number;
}

/** One non-paused intervention's worth: the forecast without it against the forecast with every intervention. */
export interface InterventionValue extends ValueFigures {
  name: string;
  /** Its position in the input's interventions. */
  index: number;
}

/**
 * What each intervention is worth. Effects interact (the levers multiply and
 * compound), so the parts need not add up to the whole: `interaction` is
 * `whole − sumOfParts`, so that `sumOfParts + interaction = whole`.
 */
export interface InterventionValues {
  years: YearLabel[];
  targetYear: YearLabel;
  /** A row per non-paused intervention, in the order listed; a paused one has no row. */
  interventions: InterventionValue[];
  /** The rows added up. */
  sumOfParts: ValueFigures;
  /** Every intervention together: the forecast with none of them against the forecast with all. */
  whole: ValueFigures;
  /** The whole less the sum of the parts. */
  interaction: ValueFigures;
}

/**
 * Each intervention's worth, measured by leaving it out: the forecast is run
 * with every non-paused intervention, once more without each, and once with
 * none. Everything is read off the mitigated scenario. Change cost lines are
 * priced against the plan's recorded activity; without it, against the
 * activity with every intervention as listed (so leaving one out is priced,
 * rather than moving the plan with it). The input is validated once, by the
 * first run; its problems are returned as they are.
 */
export function interventionValues(input: ForecastInput): Outcome<InterventionValues> {
  const first = runForecast(input);
  if (!first.ok) return first;
  const all = first.value;
  const changeLines = (input.costs ?? []).some((c) => c.method === "Change");
  const base: ForecastInput =
    changeLines && input.planActivity === undefined
      ? { ...input, planActivity: activityOf(all.scenarios.mitigated, input.years) }
      : input;
  const listed = input.interventions ?? [];
  const years = [...all.ledger.years];
  const targetYear = all.settings.balanceTargetYear;
  const target = years.indexOf(targetYear);

  const figures = (without: ForecastResult): ValueFigures => {
    const ehcps = byYear(without.scenarios.mitigated, all.scenarios.mitigated, years, "ehcps");
    const inmss = byYear(without.scenarios.mitigated, all.scenarios.mitigated, years, "inmss");
    const cost = years.map((_, k) => without.ledger.expenditure[k] - all.ledger.expenditure[k]);
    return summarise(ehcps, inmss, cost, target);
  };
  const run = (interventions: ForecastInput["interventions"]): Outcome<ForecastResult> =>
    runForecast({ ...base, interventions });

  const rows: InterventionValue[] = [];
  for (let i = 0; i < listed.length; i++) {
    if (listed[i].status === "Pause") continue;
    const without = run(listed.filter((_, j) => j !== i));
    if (!without.ok) return without;
    rows.push({ name: listed[i].name, index: i, ...figures(without.value) });
  }
  const none = run([]);
  if (!none.ok) return none;
  const whole = figures(none.value);
  const add = (pick: (f: ValueFigures) => number[]): number[] =>
    years.map((_, k) => rows.reduce((s, r) => s + pick(r)[k], 0));
  const sumOfParts = summarise(
    add((f) => f.ehcpsAvoided),
    add((f) => f.inmssAvoided),
    add((f) => f.costAvoided),
    target
  );
  const less = (a: number[], b: number[]): number[] => a.map((v, k) => v - b[k]);
  const interaction = summarise(
    less(whole.ehcpsAvoided, sumOfParts.ehcpsAvoided),
    less(whole.inmssAvoided, sumOfParts.inmssAvoided),
    less(whole.costAvoided, sumOfParts.costAvoided),
    target
  );
  return {
    ok: true,
    value: { years, targetYear, interventions: rows, sumOfParts, whole, interaction },
  };
}

function summarise(ehcps: number[], inmss: number[], cost: number[], target: number): ValueFigures {
  return {
    ehcpsAvoided: ehcps,
    inmssAvoided: inmss,
    costAvoided: cost,
    ehcpsAvoidedInTarget: ehcps[target] ?? 0,
    inmssAvoidedInTarget: inmss[target] ?? 0,
    costAvoidedToTarget: cost.slice(0, target + 1).reduce((s, v) => s + v, 0),
  };
}

/** Average EHCPs (or INMSS placements) a year, one trajectory's less another's, by year of the table. */
function byYear(
  without: Trajectory,
  all: Trajectory,
  years: readonly YearLabel[],
  measure: "ehcps" | "inmss"
): number[] {
  const average = (t: Trajectory): Map<string, number> =>
    new Map(t.years.map((y) => [y.year, measure === "ehcps" ? y.averageEhcps : y.averageInmss]));
  const a = average(without);
  const b = average(all);
  return years.map((y) => (a.get(y) ?? 0) - (b.get(y) ?? 0));
}

/**
 * A trajectory's activity as a recorded plan: its yearly average EHCPs and
 * INMSS placements by year of the table, null (not given) for a year the
 * forecast does not reach (before the forecast start's year, or after the
 * horizon): no line is priced there, so no plan figure is asked for.
 */
export function activityOf(trajectory: Trajectory, years: readonly YearLabel[]): PlanActivity {
  const byYear = new Map(trajectory.years.map((y) => [y.year, y]));
  return {
    ehcps: years.map((y) => byYear.get(y)?.averageEhcps ?? null),
    inmss: years.map((y) => byYear.get(y)?.averageInmss ?? null),
  };
}
