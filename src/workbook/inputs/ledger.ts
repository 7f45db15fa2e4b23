import {
  labelKey,
  provisionLabels,
  type ExpenditureLine,
  type Funding,
  type OriginalPlan,
  type PlanActivity,
  type YearLabel,
} from "../../model";
import type { RangeData } from "../port";
import {
  describeCell,
  isBlank,
  readCount,
  readNumber,
  readText,
  readYearLabel,
  type Reader,
} from "../cells";
import { Grid, dataRows, firstNonBlankRow, type Parsed } from "../grid";

/** The deficit table's inputs, a grid of rows by financial year: SEND_Expenditure, SEND_Funding, SEND_PlanActivity and SEND_OpeningDeficit. */

// ---------------------------------------------------------------- the deficit table's inputs

/** The year columns of a header row: column index → normalised year label; anything else is a problem at its header cell. */
function yearColumns(g: Grid, headerRow: number): { column: number; year: YearLabel }[] {
  const out: { column: number; year: YearLabel }[] = [];
  for (let j = 1; j < g.columns; j++) {
    const v = g.value(headerRow, j);
    if (isBlank(v) && g.isBlankColumn(j, headerRow)) continue; // a range drawn wider than its figures
    const year = readYearLabel(v);
    if (year.ok) out.push({ column: j, year: year.value });
    else g.problem(headerRow, j, year.message);
  }
  return out;
}

export interface ExpenditureInput {
  years: YearLabel[];
  lines: ExpenditureLine[];
  /** The sheet's own Total Expenditure row, if it has one: reconciled by the model, never used as a line. */
  suppliedTotal?: (number | null)[];
}

const TOTAL_EXPENDITURE = labelKey("Total Expenditure");

// Rows of the report's deficit table that the add-in computes itself.
const LEDGER_ROWS = new Set(
  [
    "In Year Surplus (-)/Deficit (+)",
    "In Year Surplus/Deficit",
    "In Year Deficit",
    "Surplus/Deficit Brought Forward from Previous years",
    "Brought Forward",
    "Total Deficit Balance",
    "Total Income",
    "Total Funding",
  ].map(labelKey)
);

/**
 * SEND_Expenditure: header "Provision" then year labels; one row a
 * provision line, £'000. A Total Expenditure row is the user's own total,
 * reconciled rather than added.
 */
export function parseExpenditure(r: RangeData, input = r.name): Parsed<ExpenditureInput> {
  const g = new Grid(r, input);
  const value: ExpenditureInput = { years: [], lines: [] };
  const headerRow = firstNonBlankRow(g);
  if (headerRow === undefined) {
    g.wholeProblem(
      "expected a header row (Provision, then year labels like 2023/24) and one row a provision line; found an empty range"
    );
    return g.done(value);
  }
  const years = yearColumns(g, headerRow);
  if (years.length === 0 && g.problems.length === 0)
    g.wholeProblem(
      `expected year columns (2023/24, 2024/25 …) after the Provision column in the header row (row ${r.row + headerRow + 1}); found none`
    );
  value.years = years.map((y) => y.year);
  years.forEach((y, k) => g.record(`years[${k}]`, headerRow, y.column));
  g.record("years", headerRow, 0);

  const labels = provisionLabels((first: number) => g.cell(first, 0));
  for (const i of dataRows(g, headerRow)) {
    const label = readText(g.value(i, 0));
    if (!label.ok) {
      g.problem(i, 0, `expected a provision label, found ${describeCell(g.value(i, 0))}`);
      continue;
    }
    const key = labelKey(label.value);
    if (years.every((y) => isBlank(g.value(i, y.column)))) {
      g.warn("headingRow", i, 0, `'${label.value}' has no figures; read as a heading and left out`);
      continue;
    }
    if (
      LEDGER_ROWS.has(key) ||
      FUNDING_ROWS.some((f) => f.labels.some((l) => labelKey(l) === key))
    ) {
      g.problem(
        i,
        0,
        `expected a provision line, found '${label.value}', a row of the deficit table below Total Expenditure; end ${g.input} at its Total Expenditure row and give the funding rows in SEND_Funding`
      );
      continue;
    }
    if (key === TOTAL_EXPENDITURE) {
      value.suppliedTotal = years.map((y, k) => {
        g.record(`suppliedTotals.expenditure[${k}]`, i, y.column);
        return isBlank(g.value(i, y.column)) ? null : (g.read(i, y.column, readNumber) ?? null);
      });
      continue;
    }
    const repeated = labels.repeated(label.value, i);
    if (repeated !== undefined) {
      g.problem(i, 0, repeated);
      continue;
    }
    const path = `expenditure[${value.lines.length}]`;
    g.record(path, i, 0);
    const values = years.map((y, k) => {
      g.record(`${path}.values[${k}]`, i, y.column);
      if (isBlank(g.value(i, y.column))) {
        g.problem(
          i,
          y.column,
          `expected a number (£'000) for ${y.year}, found an empty cell; enter 0 if there is no spending`
        );
        return 0;
      }
      return g.read(i, y.column, readNumber) ?? 0;
    });
    value.lines.push({ label: label.value, values });
  }
  if (value.lines.length === 0 && !g.problems.some((p) => p.cell === ""))
    g.wholeProblem("expected at least one provision line below the header row; found none");
  return g.done(value);
}

/**
 * The year columns of a grid given by year like SEND_Expenditure's (in any
 * order): year → column. A year given twice is a problem at its second
 * header; with `all`, a year of the expenditure without its column is a
 * problem with the whole input; years the expenditure does not have are
 * a warning, and ignored.
 */
function yearColumnsOf(
  g: Grid,
  headerRow: number,
  years: readonly YearLabel[],
  expenditureInput: string,
  all: boolean
): Map<YearLabel, number> {
  const found = yearColumns(g, headerRow);
  const columnOf = new Map<YearLabel, number>();
  for (const y of found) {
    if (columnOf.has(y.year))
      g.problem(
        headerRow,
        y.column,
        `expected the column ${y.year} once, found it again (first in ${g.cell(headerRow, columnOf.get(y.year)!)})`
      );
    else columnOf.set(y.year, y.column);
  }
  const missing = years.filter((y) => !columnOf.has(y));
  if (all && missing.length > 0)
    g.wholeProblem(
      `expected a column for ${listYears(missing)}, as in ${expenditureInput}; found ${found.length === 0 ? "no year columns" : listYears(found.map((y) => y.year))}`
    );
  const extra = found.filter((y) => !years.includes(y.year));
  if (extra.length > 0 && years.length > 0)
    g.warn(
      "extraYears",
      headerRow,
      extra[0].column,
      `${listYears(extra.map((y) => y.year))} ${extra.length === 1 ? "is" : "are"} not among the years of ${expenditureInput}; ignored`
    );

  return columnOf;
}

const FUNDING_ROWS: readonly { field: keyof Funding; labels: readonly string[] }[] = [
  { field: "highNeedsBlock", labels: ["High Needs Block", "High Needs Block Funding", "HNB"] },
  { field: "blockTransfer", labels: ["Block Transfer", "Block Transfers"] },
  {
    field: "otherBlocks",
    labels: [
      "Other DSG Blocks",
      "Surplus/Deficit from other DSG Blocks",
      "Surplus (-)/Deficit (+) from other DSG Blocks",
      "Other Blocks",
    ],
  },
  { field: "safetyValve", labels: ["Safety Valve Income", "Safety Valve"] },
];

/**
 * SEND_Funding: a label column, then the same year columns as
 * SEND_Expenditure (in any order). Income is negative, as in the report;
 * missing rows and empty cells are zero.
 */
export function parseFunding(
  r: RangeData,
  years: readonly YearLabel[],
  input = r.name,
  expenditureInput = "SEND_Expenditure"
): Parsed<Funding> {
  return readYearRows(r, years, input, expenditureInput, {
    rows: FUNDING_ROWS,
    described: "the funding rows",
    path: "funding",
    reader: readNumber,
    blank: 0,
    everyYear: true,
    otherYears: "ignored",
    otherRow: (g, i, label, yearColumns) => {
      if (yearColumns.every((j) => isBlank(g.value(i, j)))) {
        g.warn("headingRow", i, 0, `'${label}' has no figures; read as a heading and left out`);
        return true;
      }
      if (LEDGER_ROWS.has(labelKey(label)) || labelKey(label) === TOTAL_EXPENDITURE) {
        g.warn(
          "computedRow",
          i,
          0,
          `'${label}' is computed by the forecast from the other rows; the figures here are left out`
        );
        return true;
      }
      return false;
    },
    checkRow: (g, i, row, values) => {
      if (row.field !== "otherBlocks" && values.some((x) => x! > 0) && values.every((x) => x! >= 0))
        g.warn(
          "positiveIncome",
          i,
          0,
          `${row.labels[0]} is income, negative in the report's convention; these figures are positive, so they add to the deficit`
        );
    },
  }) as Parsed<Funding>;
}

const PLAN_ROWS: readonly { field: keyof PlanActivity; labels: readonly string[] }[] = [
  { field: "ehcps", labels: ["EHCPs", "EHCP", "Plans", "Average EHCPs"] },
  {
    field: "inmss",
    labels: ["INMSS", "INMSS placements", "Average INMSS", "Average INMSS placements"],
  },
];

/**
 * SEND_PlanActivity: the activity the plan's expenditure was built on, a
 * label column then the year columns of SEND_Expenditure (in any order);
 * rows EHCPs and INMSS, each a yearly average, 0 or more. A year without its
 * column or with an empty cell is not given (the forecast asks for the years
 * a Change line prices); a row left out is not given at all.
 */
export function parsePlanActivity(
  r: RangeData,
  years: readonly YearLabel[],
  input = r.name,
  expenditureInput = "SEND_Expenditure"
): Parsed<PlanActivity> {
  return readYearRows(r, years, input, expenditureInput, {
    rows: PLAN_ROWS,
    path: "planActivity",
    reader: readCount,
    otherYears: "ignored",
  });
}

/** How a family of year rows is read: its row labels, its provenance path, each figure's reader. */
interface YearRows<F extends string> {
  rows: readonly { field: F; labels: readonly string[] }[];
  path: string;
  reader: Reader<number>;
  /** A figure in a year column the expenditure does not have: left out, or a problem. */
  otherYears: "ignored" | "refused";
  /** Whether a range with a header row and no known row is a problem. */
  rowRequired?: boolean;
  /** The rows as the empty-range message names them (their first labels by default). */
  described?: string;
  /** What a year without its column or with an empty cell reads as (null: not given). */
  blank?: number | null;
  /** Whether each of the expenditure's years must have its column. */
  everyYear?: boolean;
  /** A row none of `rows` names: true when it is handled here (a warning), else it is a problem. */
  otherRow?: (g: Grid, i: number, label: string, yearColumns: number[]) => boolean;
  /** Checks on a known row once its figures are read. */
  checkRow?: (
    g: Grid,
    i: number,
    row: { field: F; labels: readonly string[] },
    values: (number | null)[]
  ) => void;
}

/**
 * A label column, then year columns among those of the expenditure (in any
 * order); each known row once, its figures by the expenditure's years (null
 * where its column or cell is empty). Unknown and repeated rows are problems
 * at their cells.
 */
function readYearRows<F extends string>(
  r: RangeData,
  years: readonly YearLabel[],
  input: string,
  expenditureInput: string,
  spec: YearRows<F>
): Parsed<Partial<Record<F, (number | null)[]>>> {
  const g = new Grid(r, input);
  const out: Partial<Record<F, (number | null)[]>> = {};
  const names = spec.rows.map((s) => s.labels[0]);
  const headerRow = firstNonBlankRow(g);
  if (headerRow === undefined) {
    g.wholeProblem(
      `expected a header row (a label column, then the years of ${expenditureInput}) and ${spec.described ?? `the rows ${names.join(" and ")}`}; found an empty range`
    );
    return g.done(out);
  }
  const columnOf = yearColumnsOf(g, headerRow, years, expenditureInput, spec.everyYear ?? false);
  if (columnOf.size === 0 && g.problems.length === 0)
    g.wholeProblem(
      `expected year columns (the years of ${expenditureInput}) after the label column in the header row (row ${r.row + headerRow + 1}); found none`
    );
  const blank = spec.blank ?? null;
  const outside = [...columnOf].filter(([y]) => !years.includes(y));
  const seen = new Map<F, number>();
  for (const i of dataRows(g, headerRow)) {
    const label = readText(g.value(i, 0));
    const row = label.ok
      ? spec.rows.find((s) => s.labels.some((l) => labelKey(l) === labelKey(label.value)))
      : undefined;
    if (!row) {
      if (label.ok && spec.otherRow?.(g, i, label.value, [...columnOf.values()])) continue;
      g.problem(i, 0, `expected one of ${names.join(", ")}, found ${describeCell(g.value(i, 0))}`);
      continue;
    }
    if (seen.has(row.field)) {
      g.problem(
        i,
        0,
        `expected the row ${row.labels[0]} once, found it again (first at ${g.cell(seen.get(row.field)!, 0)})`
      );
      continue;
    }
    seen.set(row.field, i);
    if (spec.otherYears === "refused")
      for (const [year, column] of outside)
        if (!isBlank(g.value(i, column)))
          g.problem(
            i,
            column,
            `expected figures only for the years of ${expenditureInput} (${years[0]} to ${years[years.length - 1]}); found one for ${year}`
          );
    g.record(`${spec.path}.${row.field}`, i, 0);
    const values = years.map((y, k) => {
      const column = columnOf.get(y);
      if (column === undefined) return blank;
      g.record(`${spec.path}.${row.field}[${k}]`, i, column);
      return isBlank(g.value(i, column)) ? blank : (g.read(i, column, spec.reader) ?? blank);
    });
    out[row.field] = values;
    spec.checkRow?.(g, i, row, values);
  }
  if (spec.rowRequired && seen.size === 0 && !g.problems.some((p) => p.cell === ""))
    g.wholeProblem(`expected a row ${names.join(" or ")} below the header row; found none`);
  return g.done(out);
}

// ---------------------------------------------------------------- SEND_OriginalPlan

const ORIGINAL_PLAN_ROWS: readonly { field: keyof OriginalPlan; labels: readonly string[] }[] = [
  {
    field: "inYear",
    labels: [
      "In-year deficit",
      "In Year Surplus (-)/Deficit (+)",
      "In Year Surplus/Deficit",
      "In-year overspend",
      "Overspend",
    ],
  },
  {
    field: "closing",
    labels: ["Total deficit balance", "Deficit balance", "Cumulative deficit"],
  },
];

/**
 * SEND_OriginalPlan: the original plan's figures, a label column then year
 * columns among those of SEND_Expenditure (in any order); rows In-year
 * deficit and Total deficit balance, £'000, deficit positive. An empty cell
 * is a year the original plan's figure is not given for; a figure in a year
 * the expenditure does not have is a problem. The last year with a total
 * deficit balance is read as the original plan's balance year, and that
 * figure as its residual deficit.
 */
export function parseOriginalPlan(
  r: RangeData,
  years: readonly YearLabel[],
  input = r.name,
  expenditureInput = "SEND_Expenditure"
): Parsed<OriginalPlan> {
  return readYearRows(r, years, input, expenditureInput, {
    rows: ORIGINAL_PLAN_ROWS,
    path: "originalPlan",
    reader: readNumber,
    otherYears: "refused",
    rowRequired: true,
  });
}

function listYears(years: readonly YearLabel[]): string {
  return years.length <= 2
    ? years.join(" and ")
    : `${years.slice(0, -1).join(", ")} and ${years[years.length - 1]}`;
}

/** SEND_OpeningDeficit: one cell, the deficit brought forward into the first year (£'000, deficit positive). */
export function parseOpeningDeficit(r: RangeData, input = r.name): Parsed<number> {
  const g = new Grid(r, input);
  const filled: [number, number][] = [];
  for (let i = 0; i < g.rows; i++)
    for (let j = 0; j < g.columns; j++) if (!isBlank(g.value(i, j))) filled.push([i, j]);
  // A label beside the figure ("Opening deficit | 35,214") is allowed: the figure is the filled cell that reads as a number.
  const figures = filled.filter(([a, b]) => readNumber(g.value(a, b)).ok);
  const [i, j] =
    figures.length === 1 ? figures[0] : filled.length > 0 ? filled[filled.length - 1] : [0, 0];
  g.record("openingDeficit", i, j);
  if (filled.length > 2) {
    g.wholeProblem(
      `expected one cell, the deficit brought forward (£'000); found ${filled.length} filled cells`
    );
    return g.done(0);
  }
  const n = readNumber(g.value(i, j), g.format(i, j));
  if (!n.ok) {
    g.problem(
      i,
      j,
      n.message.replace(
        "expected a number",
        "expected a number (£'000, the deficit brought forward)"
      )
    );
    return g.done(0);
  }
  if (n.value < 0)
    g.warn(
      "surplusBroughtForward",
      i,
      j,
      `opening balance \u2212${Math.abs(n.value).toLocaleString("en-GB", { maximumFractionDigits: 3 })} is read as a surplus brought forward; a deficit is entered as a positive number`
    );
  return g.done(n.value);
}
