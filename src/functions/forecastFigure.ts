import { labelKey, NO_SAFETY_VALVE, type ScenarioId, type YearLabel } from "../model";
import { excelError, type ExcelErrorValue } from "./excelError";
import {
  CONDITION_MEASURES,
  LEDGER_MEASURES,
  OUTCOME_MEASURES,
  TRAJECTORY_MEASURES,
  type ForecastFigures,
  type ScenarioFigures,
} from "../common/figures";

/**
 * One figure from the latest refresh's figures, as FORECAST(measure, year,
 * [scenario]) returns it. Measures use the workbook's words; the year is a
 * label ("2027/28") and is not needed for the whole-horizon measures.
 */

/** Every measure name FORECAST accepts, for help text and messages (expenditure line labels also work). */
export const FORECAST_MEASURES: readonly string[] = [
  ...LEDGER_MEASURES,
  ...TRAJECTORY_MEASURES,
  ...OUTCOME_MEASURES,
  ...CONDITION_MEASURES,
];

const byKey = <T extends string>(names: readonly T[]): Map<string, T> =>
  new Map(names.map((m) => [labelKey(m), m]));
const LEDGER_BY_KEY = byKey(LEDGER_MEASURES);
const TRAJECTORY_BY_KEY = byKey(TRAJECTORY_MEASURES);
const OUTCOME_BY_KEY = byKey(OUTCOME_MEASURES);
const CONDITION_BY_KEY = byKey(CONDITION_MEASURES);

export function forecastFigure(
  figures: ForecastFigures,
  measure: string,
  year: YearLabel | null,
  scenario: ScenarioId
): number | string | ExcelErrorValue {
  const key = labelKey(measure);
  const s = figures.scenarios[scenario];
  const outcome = OUTCOME_BY_KEY.get(key);
  if (outcome) {
    switch (outcome) {
      case "balanceYear":
        return s.outcome.balanceYear ?? noBalance(figures, s);
      case "residualDeficit":
        return s.outcome.residualDeficit ?? noBalance(figures, s);
      case "peakDeficit":
        return s.outcome.peakDeficit;
      case "peakYear":
        return s.outcome.peakYear;
    }
  }

  const condition = CONDITION_BY_KEY.get(key);
  if (condition) {
    const conditions = s.outcome.conditions;
    if (conditions === null) return excelError("notAvailable", `${measure}: ${NO_SAFETY_VALVE}`);
    if (conditions === undefined)
      return excelError(
        "notAvailable",
        `${measure}: the saved figures were kept before conditions were; refresh the forecast`
      );
    return conditions[condition];
  }

  const ledgerRow = LEDGER_BY_KEY.get(key);
  const trajectoryRow = TRAJECTORY_BY_KEY.get(key);
  const line =
    ledgerRow || trajectoryRow
      ? -1
      : figures.lineLabels.findIndex((label) => labelKey(label) === key);
  if (!ledgerRow && !trajectoryRow && line < 0)
    return excelError(
      "invalidValue",
      `measure: expected one of ${FORECAST_MEASURES.join(", ")} or an expenditure line's label, found text '${measure}'`
    );
  const { years, forecastYears } = figures;
  if (year === null)
    return excelError(
      "invalidValue",
      `year: expected a financial year label like ${years[0]} for ${measure}, found nothing`
    );

  if (trajectoryRow) {
    const k = forecastYears.indexOf(year);
    if (k < 0)
      return excelError(
        "notAvailable",
        `year: ${year} is outside the forecast months (${forecastYears[0]} to ${forecastYears[forecastYears.length - 1]})`
      );
    return s.trajectory[trajectoryRow][k];
  }
  const k = years.indexOf(year);
  if (k < 0)
    return excelError(
      "notAvailable",
      `year: ${year} is not one of the workbook's years (${years[0]} to ${years[years.length - 1]})`
    );
  return ledgerRow ? s.ledger[ledgerRow][k] : s.lines[line][k];
}

function noBalance(figures: ForecastFigures, s: ScenarioFigures): ExcelErrorValue {
  const last = figures.years.length - 1;
  return excelError(
    "notAvailable",
    `no year balances: the in-year figure is still a deficit in ${figures.years[last]} (${Math.round(s.ledger.inYear[last])})`
  );
}
