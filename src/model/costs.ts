import { firstCalendarYear } from "./calendar";
import { labelKey } from "./text";
import type { CostDriver, CostDriverLine, ExpenditureLine, Trajectory, YearLabel } from "./types";

/** The plan's activity by driver, one value a year of the table (null: not given). */
export type PlanByDriver = Partial<Record<CostDriver, readonly (number | null)[]>>;

/**
 * Activity priced in £'000: activity × share × unit cost (£) × (1 + inflation)^years / 1000,
 * `years` after the year the unit cost is priced in.
 */
export function activityCost(
  activity: number,
  share: number,
  unitCost: number,
  inflation: number,
  years: number
): number {
  return (activity * share * unitCost * Math.pow(1 + inflation, years)) / 1000;
}

/**
 * A driven line's value in £'000 for one year (MODEL.md §4): average driver
 * count × Share × UnitCost × (1 + Inflation)^(y − BaseYear) / 1000.
 */
export function drivenCost(averageDriver: number, cost: CostDriverLine, year: YearLabel): number {
  const years = firstCalendarYear(year) - firstCalendarYear(cost.baseYear);
  return activityCost(averageDriver, cost.share, cost.unitCost, cost.inflation, years);
}

/**
 * A Change line's value in £'000 for one year: the supplied (plan) value
 * moved by the scenario's activity above the plan's, priced as a driven line:
 * supplied + (activity − plan) × Share × UnitCost × (1 + Inflation)^(y − BaseYear) / 1000.
 */
export function changedCost(
  supplied: number,
  activity: number,
  plan: number,
  cost: CostDriverLine,
  year: YearLabel
): number {
  // Equal activity is the plan itself, to the bit (−0 included).
  return activity === plan ? supplied : supplied + drivenCost(activity - plan, cost, year);
}

/**
 * The expenditure lines of one scenario: supplied values, with driven lines
 * replaced (Total) or moved by the change in activity against `plan`
 * (Change) from the financial year that contains the forecast start on. A
 * Change line keeps its supplied value in a year without a plan figure
 * (runForecast refuses such input first).
 */
export function applyCostDrivers(
  years: readonly YearLabel[],
  lines: readonly ExpenditureLine[],
  costs: readonly CostDriverLine[],
  trajectory: Trajectory,
  forecastYear: YearLabel,
  plan: PlanByDriver = {}
): ExpenditureLine[] {
  if (costs.length === 0) return lines.map((l) => ({ label: l.label, values: [...l.values] }));
  const byLine = new Map(costs.map((c) => [labelKey(c.line), c]));
  const summaries = new Map(trajectory.years.map((y) => [y.year, y]));
  const from = firstCalendarYear(forecastYear);
  return lines.map((line) => {
    const cost = byLine.get(labelKey(line.label));
    if (!cost) return { label: line.label, values: [...line.values] };
    const values = line.values.map((supplied, k) => {
      const year = years[k];
      const summary = summaries.get(year);
      if (firstCalendarYear(year) < from || !summary) return supplied;
      const driver = cost.driver === "EHCPs" ? summary.averageEhcps : summary.averageInmss;
      if (cost.method !== "Change") return drivenCost(driver, cost, year);
      const planned = plan[cost.driver]?.[k];
      return planned === null || planned === undefined
        ? supplied
        : changedCost(supplied, driver, planned, cost, year);
    });
    return { label: line.label, values };
  });
}
