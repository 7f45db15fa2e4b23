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
import type { CellProblem } from "../problems";
import {
  describeCell,
  isBlank,
  readCount,
  readNumber,
  readText,
  readYearLabel,
  YEAR_LABEL_FORMS,
  type Reader,
} from "../cells";
import { Grid, dataRows, firstNonBlankRow, rangeAddress, type Parsed } from "../grid";

/** The deficit table's inputs, a grid of rows by financial year: SEND_Expenditure, SEND_Funding, SEND_PlanActivity and SEND_OpeningDeficit. */

// ---------------------------------------------------------------- the deficit table's inputs

/**
 * The year columns of a header row: column index → normalised year label.
 * A text column (a header with no digits, such as Notes) is a problem at its
 * header saying to narrow the range; header cells that do not read as years
 * are ONE problem, at the first of them, listing the forms that are read.
 * `refused` is true when any header cell was not a year, so the caller
 * reads no figures under a header it could not read.
 */
function yearColumns(
  g: Grid,
  headerRow: number
): { columns: { column: number; year: YearLabel }[]; refused: boolean } {
  const out: { column: number; year: YearLabel }[] = [];
  const refused: { column: number; message: string }[] = [];
  const textColumns: number[] = [];
  for (let j = 1; j < g.columns; j++) {
    const v = g.value(headerRow, j);
    if (isBlank(v) && g.isBlankColumn(j, headerRow)) continue; // a range drawn wider than its figures
    const year = readYearLabel(v);
    if (year.ok) out.push({ column: j, year: year.value });
    else if (typeof v === "string" && !/\d/.test(v)) textColumns.push(j);
    else refused.push({ column: j, message: year.message });
  }
  if (textColumns.length > 0) {
    const names = textColumns.map((j) => `'${String(g.value(headerRow, j)).trim()}'`).join(", ");
    const lastYear = Math.max(0, ...out.map((y) => y.column), ...refused.map((y) => y.column));
    const trailing = textColumns.every((j) => j > lastYear);
    const narrowed =
      trailing && g.range.sheet !== ""
        ? rangeAddress({
            ...g.range,
            values: g.range.values.map((row) => row.slice(0, Math.min(...textColumns))),
          })
        : undefined;
    g.problem(
      headerRow,
      textColumns[0],
      g.range.kind === "table"
        ? `expected only year columns after the label column, found the text column${textColumns.length > 1 ? "s" : ""} ${names}; move ${textColumns.length > 1 ? "them" : "it"} out of the table ${g.range.name}`
        : `expected only year columns after the label column, found the text column${textColumns.length > 1 ? "s" : ""} ${names}; narrow the named range ${g.range.name} to leave ${textColumns.length > 1 ? "them" : "it"} out${narrowed ? ` (to ${narrowed})` : ", or move it outside the range"}`
    );
  }
  if (refused.length > 0) {
    const others = refused.slice(1).map((y) => g.cell(headerRow, y.column));
    g.problem(
      headerRow,
      refused[0].column,
      `${refused[0].message}${others.length > 0 ? ` (and ${others.length} more header${others.length > 1 ? "s" : ""} not read as years: ${others.join(", ")})` : ""}. Year labels are read as ${YEAR_LABEL_FORMS}; nothing below this header is read until every year label reads`
    );
  }
  return { columns: out, refused: refused.length > 0 };
}

export interface ExpenditureInput {
  years: YearLabel[];
  lines: ExpenditureLine[];
  /** The sheet's own Total Expenditure row, if it has one: reconciled by the model, never used as a line. */
  suppliedTotal?: (number | null)[];
  /**
   * Empty cells of provision lines, read as 0 and not yet reported: only
   * with `deferBlanks`, for the caller to accept where a driven line
   * replaces the figure and report everywhere else.
   */
  blanks?: ExpenditureBlank[];
}

/** An empty figure of a provision line: its line and year, where it is and the problem it is unless its figure is replaced. */
export interface ExpenditureBlank {
  line: number;
  year: number;
  problem: CellProblem;
}

const TOTAL_EXPENDITURE = labelKey("Total Expenditure");

/**
 * A row the sheet gives as a total of the lines above it: Total
 * Expenditure, and any label that starts with Total ("Total", "Total High
 * Needs Expenditure", "Total Expenditure (£'000)"), case and punctuation
 * aside. The deficit table's own rows (Total Deficit Balance, Total Income,
 * Total Funding) are not: they are refused as rows of the table below.
 */
export function isTotalLabel(label: string): boolean {
  const key = labelKey(label);
  return key === TOTAL_EXPENDITURE || (key.startsWith("total") && !LEDGER_ROWS.has(key));
}

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
 * provision line, £'000. A total row (Total Expenditure, or any label
 * starting with Total) is the user's own total, reconciled rather than
 * added; a line equal to the sum of the others in every year is a total
 * not labelled as one, and a problem. With `deferBlanks`, empty figures are
 * handed back in `blanks` rather than reported.
 */
export function parseExpenditure(
  r: RangeData,
  input = r.name,
  options: { deferBlanks?: boolean } = {}
): Parsed<ExpenditureInput> {
  const g = new Grid(r, input);
  const value: ExpenditureInput = { years: [], lines: [] };
  const headerRow = firstNonBlankRow(g);
  if (headerRow === undefined) {
    g.wholeProblem(
      "expected a header row (Provision, then year labels like 2023/24) and one row a provision line; found an empty range"
    );
    return g.done(value);
  }
  const header = yearColumns(g, headerRow);
  // A header that could not be read: the labels only (cost lines still find theirs) and no years, so
  // nothing follows from it; the figures under the year labels that did read are checked below.
  const years = header.refused ? [] : header.columns;
  if (years.length === 0 && g.problems.length === 0)
    g.rowProblem(
      headerRow,
      `expected year columns (2023/24, 2024/25 …) after the Provision column in the header row (row ${r.row + headerRow + 1}); found none`
    );
  value.years = years.map((y) => y.year);
  years.forEach((y, k) => g.record(`years[${k}]`, headerRow, y.column));
  if (!header.refused) g.record("years", headerRow, 0);

  const labels = provisionLabels((first: number) => g.cell(first, 0));
  const blanks: ExpenditureBlank[] = [];
  const lineRows: number[] = [];
  let totalRow: number | undefined;
  for (const i of dataRows(g, headerRow)) {
    const label = readText(g.value(i, 0));
    if (!label.ok) {
      g.problem(i, 0, `expected a provision label, found ${describeCell(g.value(i, 0))}`);
      continue;
    }
    const key = labelKey(label.value);
    if (!header.refused && years.every((y) => isBlank(g.value(i, y.column)))) {
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
    if (isTotalLabel(label.value)) {
      if (totalRow !== undefined) {
        g.problem(
          i,
          0,
          `expected one total row, found '${label.value}' after '${String(g.value(totalRow, 0)).trim()}' (${g.cell(totalRow, 0)}); a label starting with Total is read as the lines' total, so rename a provision line that starts with Total`
        );
        continue;
      }
      totalRow = i;
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
        const message = `expected a number (£'000) for ${y.year}, found an empty cell; enter 0 if there is no spending`;
        if (options.deferBlanks)
          blanks.push({
            line: value.lines.length,
            year: k,
            problem: { ...g.ref(i, y.column), message },
          });
        else g.problem(i, y.column, message);
        return 0;
      }
      return g.read(i, y.column, readNumber) ?? 0;
    });
    // Under a header that could not be read, the figures of the columns that did read are still checked.
    if (header.refused)
      for (const y of header.columns)
        if (!isBlank(g.value(i, y.column))) g.read(i, y.column, readNumber);
    lineRows.push(i);
    value.lines.push({ label: label.value, values });
  }
  if (options.deferBlanks) value.blanks = blanks;
  if (value.lines.length === 0 && g.problems.length === 0)
    g.wholeProblem("expected at least one provision line below the header row; found none");
  if (g.problems.length === 0) unlabelledTotal(g, value, lineRows);
  return g.done(value);
}

/**
 * A line equal to the sum of the other lines in every year is a total the
 * sheet does not label as one: added as spending, it would double it. Equal
 * within what rounding each line to whole £'000 can account for (half of
 * one for each line added).
 */
function unlabelledTotal(g: Grid, value: ExpenditureInput, rows: readonly number[]): void {
  const { lines, years } = value;
  if (lines.length < 3 || years.length === 0) return;
  const sums = years.map((_, k) => lines.reduce((s, l) => s + l.values[k], 0));
  const tolerance = Math.max(1, (lines.length - 1) / 2);
  lines.forEach((line, n) => {
    const equal = line.values.every((v, k) => v !== 0 && Math.abs(v - (sums[k] - v)) <= tolerance);
    if (!equal) return;
    g.problem(
      rows[n],
      0,
      `expected a provision line, found '${line.label}', which is the sum of the other ${lines.length - 1} lines in every year (${years[0]}: ${wholeThousands(line.values[0])}): a total not labelled as one would be added as spending and double it; label it Total Expenditure (it is then checked against the lines, not added), or end ${g.input} above it`
    );
  });
}

/** A figure in a message, in whole £'000 with thousands separated. */
function wholeThousands(x: number): string {
  return Math.round(x).toLocaleString("en-GB");
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
): Map<YearLabel, number> | undefined {
  const header = yearColumns(g, headerRow);
  if (header.refused) return undefined;
  const found = header.columns;
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
    g.rowProblem(
      headerRow,
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
export function parseFunding(...args: YearRowsArgs): Parsed<Funding> {
  return readYearRows(args, {
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
      if (LEDGER_ROWS.has(labelKey(label)) || isTotalLabel(label)) {
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
export function parsePlanActivity(...args: YearRowsArgs): Parsed<PlanActivity> {
  return readYearRows(args, {
    rows: PLAN_ROWS,
    path: "planActivity",
    reader: readCount,
    otherYears: "ignored",
  });
}

/**
 * What a year-rows input is read with: its range, the expenditure's years,
 * and the names its problems give it and the expenditure (by default the
 * range's own name and SEND_Expenditure).
 */
type YearRowsArgs = [
  r: RangeData,
  years: readonly YearLabel[],
  input?: string,
  expenditureInput?: string,
];

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
  [r, years, input = r.name, expenditureInput = "SEND_Expenditure"]: YearRowsArgs,
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
  // A header that could not be read: one problem, and nothing below it read.
  if (columnOf === undefined) return g.done(out);
  if (columnOf.size === 0 && g.problems.length === 0)
    g.rowProblem(
      headerRow,
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
  if (spec.rowRequired && seen.size === 0 && g.shapeProblems === 0)
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
export function parseOriginalPlan(...args: YearRowsArgs): Parsed<OriginalPlan> {
  return readYearRows(args, {
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
