/**
 * What "Record plan activity" writes: the forecast's mitigated activity as
 * SEND_PlanActivity, shaped the way parsePlanActivity reads it back (a label
 * column, then the year columns of SEND_Expenditure; rows EHCPs and INMSS).
 */
import { activityOf, type ForecastResult, type YearLabel } from "../model";
import type { CellValue, RangeData } from "./port";
import { parseExpenditure } from "./inputs";
import { parseAddress, quoteSheet } from "./address";

/** The contract's name for the plan's activity. */
export const PLAN_ACTIVITY = "SEND_PlanActivity";

/** The label column's header, as the example workbook has it. */
export const PLAN_ACTIVITY_LABEL = "Activity";

/** Number format of the recorded averages. */
export const PLAN_ACTIVITY_FORMAT = "#,##0.0";

export interface PlanActivityTable {
  /** The table's years (the expenditure's, normalised), in its column order. */
  years: YearLabel[];
  /** Header row, then EHCPs, then INMSS: label column first; null is an empty cell. */
  rows: CellValue[][];
}

/**
 * The mitigated scenario's yearly average EHCPs and INMSS placements as a
 * SEND_PlanActivity table. `yearHeaders` are the expenditure's year headers
 * as its sheet spells them (one a year, in the same order); without them
 * the normalised labels are written. A year the forecast does not reach
 * (before the forecast start's year, after the horizon) is an empty cell:
 * the reader takes it as not given, and the forecast asks no figure there.
 * The averages are written to full precision (the number format rounds
 * them for the eye only), so the Change lines priced against them
 * reproduce the supplied table exactly.
 */
export function planActivityTable(
  result: Pick<ForecastResult, "ledger" | "scenarios">,
  yearHeaders?: readonly string[]
): PlanActivityTable {
  const years = [...result.ledger.years];
  const activity = activityOf(result.scenarios.mitigated, years);
  const headers =
    yearHeaders && yearHeaders.length === years.length ? [...yearHeaders] : [...years];
  return {
    years,
    rows: [
      [PLAN_ACTIVITY_LABEL, ...headers],
      ["EHCPs", ...(activity.ehcps ?? [])],
      ["INMSS", ...(activity.inmss ?? [])],
    ],
  };
}

/**
 * The expenditure's year headers as its sheet spells them ("2023-24",
 * "FY 2024/25"), in the order of its years; undefined when it does not read
 * cleanly (the normalised labels are written then).
 */
export function expenditureYearHeaders(expenditure: RangeData): string[] | undefined {
  const parsed = parseExpenditure(expenditure);
  if (parsed.problems.length > 0) return undefined;
  const headers: string[] = [];
  for (let k = 0; k < parsed.value.years.length; k++) {
    const ref = parsed.where[`years[${k}]`];
    const at = ref && parseAddress(`${quoteSheet(ref.sheet)}!${ref.cell}`);
    const v = at && expenditure.values[at.row - expenditure.row]?.[at.column - expenditure.column];
    if (typeof v !== "string") return undefined;
    headers.push(v.trim());
  }
  return headers;
}

/** The recorded note, below the table: what the figures are, and when they were recorded (if the caller knows). */
export function planActivityNote(recordedOn?: string): string {
  return `SEND_PlanActivity: the forecast's mitigated scenario (every intervention as listed), yearly average EHCPs and INMSS placements, the activity the plan's expenditure is priced against. Recorded by SEND Forecaster${recordedOn ? ` on ${recordedOn}` : ""}.`;
}
