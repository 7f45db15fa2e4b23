import { firstCalendarYear } from "./calendar";
import { labelKey } from "./text";
import type { CostDriverLine, ExpenditureLine, Trajectory, YearLabel } from "./types";

/**
 * A driven line's value in £'000 for one year (MODEL.md §4): average driver
 * count × Share × UnitCost × (1 + Inflation)^(y − BaseYear) / 1000.
 */
export function drivenCost(averageDriver: number, cost: CostDriverLine, year: YearLabel): number {
  const years = firstCalendarYear(year) - firstCalendarYear(cost.baseYear);
  return (averageDriver * cost.share * cost.unitCost * Math.pow(1 + cost.inflation, years)) / 1000;
}

/**
 * The expenditure lines of one scenario: supplied values, with driven lines
 * replaced from the financial year that contains the forecast start on.
 */
export function applyCostDrivers(
  years: readonly YearLabel[],
  lines: readonly ExpenditureLine[],
  costs: readonly CostDriverLine[],
  trajectory: Trajectory,
  forecastYear: YearLabel
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
      return drivenCost(driver, cost, year);
    });
    return { label: line.label, values };
  });
}
