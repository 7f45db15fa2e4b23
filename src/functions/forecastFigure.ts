import { assessDeficit, labelKey, type ForecastResult, type Ledger, type ScenarioId, type YearLabel, type YearSummary } from "../model";
import { excelError, type ExcelErrorValue } from "./excelError";

/**
 * One figure from a forecast result, as FORECAST(measure, year, [scenario])
 * returns it. Measures use the workbook's words; the year is a label
 * ("2027/28") and is not needed for the whole-horizon measures.
 */

type LedgerRow = Exclude<keyof Ledger, "years" | "lines">;
type TrajectoryRow = Exclude<keyof YearSummary, "year">;

/** By-year rows of the DSG ledger (MODEL.md §5), £'000. */
const LEDGER_MEASURES: Record<string, LedgerRow> = {
  closing: "closing",
  inYear: "inYear",
  expenditure: "expenditure",
  highNeedsBlock: "highNeedsBlock",
  blockTransfer: "blockTransfer",
  otherBlocks: "otherBlocks",
  safetyValve: "safetyValve",
  opening: "opening",
};

/** By-year figures of a scenario's trajectory (MODEL.md §3). "ehcps" is the stock at 31 March. */
const TRAJECTORY_MEASURES: Record<string, TrajectoryRow> = {
  ehcps: "closingEhcps",
  averageEhcps: "averageEhcps",
  newPlans: "newPlans",
  ceased: "ceased",
  inmss: "closingInmss",
  averageInmss: "averageInmss",
};

/** Whole-horizon outcomes; the year argument is ignored. */
const OUTCOME_MEASURES = ["balanceYear", "residualDeficit", "peakDeficit", "peakYear"] as const;

/** Every measure name FORECAST accepts, for help text and messages (expenditure line labels also work). */
export const FORECAST_MEASURES: readonly string[] = [
  ...Object.keys(LEDGER_MEASURES),
  ...Object.keys(TRAJECTORY_MEASURES),
  ...OUTCOME_MEASURES,
];

const byKey = <T>(table: Record<string, T>): Map<string, T> => new Map(Object.entries(table).map(([k, v]) => [labelKey(k), v]));
const LEDGER_BY_KEY = byKey(LEDGER_MEASURES);
const TRAJECTORY_BY_KEY = byKey(TRAJECTORY_MEASURES);
const OUTCOME_BY_KEY = new Map(OUTCOME_MEASURES.map((m) => [labelKey(m), m]));

export function forecastFigure(
  result: ForecastResult,
  measure: string,
  year: YearLabel | null,
  scenario: ScenarioId,
): number | string | ExcelErrorValue {
  const key = labelKey(measure);
  const outcome = OUTCOME_BY_KEY.get(key);
  if (outcome) {
    // The plan's outcomes are the mitigated scenario's; other scenarios are assessed the same way.
    const o = scenario === "mitigated" ? result : assessDeficit(result.ledgers[scenario], result.settings);
    switch (outcome) {
      case "balanceYear":
        return o.balanceYear ?? noBalance(result.ledgers[scenario]);
      case "residualDeficit":
        return o.residualDeficit ?? noBalance(result.ledgers[scenario]);
      case "peakDeficit":
        return o.peakDeficit;
      case "peakYear":
        return o.peakYear;
    }
  }

  const ledgerRow = LEDGER_BY_KEY.get(key);
  const trajectoryRow = TRAJECTORY_BY_KEY.get(key);
  const ledger = result.ledgers[scenario];
  const line = ledgerRow || trajectoryRow ? undefined : ledger.lines.find((l) => labelKey(l.label) === labelKey(measure));
  if (!ledgerRow && !trajectoryRow && !line)
    return excelError(
      "invalidValue",
      `measure: expected one of ${FORECAST_MEASURES.join(", ")} or an expenditure line's label, found text '${measure}'`,
    );
  if (year === null) return excelError("invalidValue", `year: expected a financial year label like ${ledger.years[0]} for ${measure}, found nothing`);

  if (trajectoryRow) {
    const summary = result.scenarios[scenario].years.find((y) => y.year === year);
    if (!summary) {
      const forecastYears = result.scenarios[scenario].years.map((y) => y.year);
      return excelError("notAvailable", `year: ${year} is outside the forecast months (${forecastYears[0]} to ${forecastYears[forecastYears.length - 1]})`);
    }
    return summary[trajectoryRow];
  }
  const k = ledger.years.indexOf(year);
  if (k < 0) return excelError("notAvailable", `year: ${year} is not one of the workbook's years (${ledger.years[0]} to ${ledger.years[ledger.years.length - 1]})`);
  return ledgerRow ? ledger[ledgerRow][k] : line!.values[k];
}

function noBalance(ledger: Ledger): ExcelErrorValue {
  const last = ledger.years.length - 1;
  return excelError("notAvailable", `no year balances: the in-year figure is still a deficit in ${ledger.years[last]} (${Math.round(ledger.inYear[last])})`);
}
