import { NO_SAFETY_VALVE, type SimulationResult, type YearLabel } from "../model";
import { excelError, type ExcelErrorValue } from "./excelError";

/**
 * One figure of a Monte Carlo run, as SIMULATE(measure, year, …) returns it:
 * a percentile of a year's total deficit balance or EHCPs, or the share of
 * draws (0 to 1) meeting a condition.
 */

/** Every measure SIMULATE accepts, for the argument check and its message. */
export const SIMULATE_MEASURES = [
  "closingP10",
  "closingP50",
  "closingP90",
  "ehcpsP10",
  "ehcpsP50",
  "ehcpsP90",
  "inYearBalance",
  "withinCap",
  "balanceYear",
] as const;
export type SimulateMeasure = (typeof SIMULATE_MEASURES)[number];

/** The measures that are a figure of one year: all but the two chances, which take their years from the settings. */
const NEEDS_YEAR: ReadonlySet<SimulateMeasure> = new Set(
  SIMULATE_MEASURES.filter((m) => m !== "inYearBalance" && m !== "withinCap")
);

/** A measure that needs a year, given none: the message, else null (checked before any draw is made). */
export function missingYear(measure: SimulateMeasure, year: YearLabel | null): string | null {
  return NEEDS_YEAR.has(measure) && year === null
    ? `year: expected a financial year label like 2028/29 for ${measure}, found nothing`
    : null;
}

export function simulationFigure(
  sim: SimulationResult,
  measure: SimulateMeasure,
  year: YearLabel | null
): number | ExcelErrorValue {
  if (measure === "inYearBalance") return sim.inYearBalance;
  if (measure === "withinCap")
    return sim.withinCap ?? excelError("notAvailable", `withinCap: ${NO_SAFETY_VALVE}`);

  const years = sim.years.map((y) => y.year);
  const k = year === null ? -1 : years.indexOf(year);
  if (k < 0)
    return excelError(
      "notAvailable",
      `year: ${year ?? "nothing"} is not one of the forecast's years (${years[0]} to ${years[years.length - 1]})`
    );
  if (measure === "balanceYear") return sim.balanceYears.find((b) => b.year === year)?.share ?? 0;

  const percentile = measure.endsWith("P10") ? "p10" : measure.endsWith("P50") ? "p50" : "p90";
  if (measure.startsWith("closing")) return sim.years[k].closing[percentile];
  const ehcps = sim.years[k].ehcps;
  if (ehcps === null) {
    const first = sim.years.find((y) => y.ehcps !== null)?.year;
    return excelError(
      "notAvailable",
      `${measure}: ${year} is before the forecast of EHCPs${first ? ` (from ${first})` : ""}, so no EHCPs are drawn for it`
    );
  }
  return ehcps[percentile];
}
