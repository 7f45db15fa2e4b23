import {
  COST_DRIVERS,
  LEVERS,
  LEVER_INFO,
  STATUSES,
  labelKey,
  provisionLabels,
  type Baseline,
  type ComparisonSeries,
  type CostDriverLine,
  type ExpenditureLine,
  type Funding,
  type Intervention,
  type MonthKey,
  type MonthlyActual,
  type Settings,
  type YearLabel,
} from "../model";
import type { RangeData } from "./port";
import {
  describeCell,
  isBlank,
  readCount,
  readFraction,
  readMonth,
  readNumber,
  readRate,
  readText,
  readWholeMonths,
  readYearLabel,
  type Reader,
} from "./cells";
import { Grid, dataRows, firstNonBlankRow, tableHeader, type ColumnSpec, type Parsed } from "./grid";

/**
 * One parser per contract input (spec: WORKBOOK.md, "Inputs"). Each reads a
 * range into its part of the model's input, collects every problem with its
 * cell, and records which cell each value came from so the model's own
 * checks can be reported against the cell too. The custom functions call
 * these on their arguments, wrapped by `rangeFromValues`.
 */

// ---------------------------------------------------------------- key/value inputs

interface KeySpec<K extends string> {
  field: K;
  labels: readonly string[];
  read: Reader<number | string>;
}

/**
 * A key/value range: keys in the first column, values in the second, blank
 * rows skipped. A table's first row is its header; a named range's first row
 * is a header too when its key is unknown and its value is not a number.
 */
function readKeyValues<K extends string>(g: Grid, specs: readonly KeySpec<K>[], section: string, what: string): Partial<Record<K, number | string>> {
  const out: Partial<Record<K, number | string>> = {};
  const seen: Partial<Record<K, number>> = {};
  if (g.columns < 2) {
    if (firstNonBlankRow(g) !== undefined) g.wholeProblem("expected two columns, the keys and their values; found one");
    return out;
  }
  const first = firstNonBlankRow(g);
  for (let i = 0; i < g.rows; i++) {
    if (g.isBlankRow(i)) continue;
    const keyCell = g.value(i, 0);
    const valueCell = g.value(i, 1);
    const key = readText(keyCell);
    const spec = key.ok ? specs.find((s) => s.labels.some((l) => labelKey(l) === labelKey(key.value))) : undefined;
    if (!spec) {
      const looksLikeHeader = i === first && (g.range.kind === "table" || !readNumber(valueCell).ok);
      if (looksLikeHeader) continue;
      if (!key.ok) g.problem(i, 0, `expected a key (${specs.map((s) => s.labels[0]).join(", ")}), found ${describeCell(keyCell)}`);
      else g.warn("unknownKey", i, 0, `'${key.value}' is not one of the ${what} (${specs.map((s) => s.labels[0]).join(", ")}); ignored`);
      continue;
    }
    if (seen[spec.field] !== undefined) {
      g.problem(i, 0, `expected ${spec.labels[0]} once, found it again (first at ${g.cell(seen[spec.field]!, 0)})`);
      continue;
    }
    seen[spec.field] = i;
    g.record(`${section}.${spec.field}`, i, 1);
    if (isBlank(valueCell)) continue; // left to its default, or to the monthly actuals
    const value = g.read(i, 1, spec.read);
    if (value !== undefined) out[spec.field] = value;
  }
  return out;
}

const BASELINE_KEYS: readonly KeySpec<keyof Baseline>[] = [
  { field: "requests", labels: ["RequestsPerMonth", "Requests", "EHCNARequestsPerMonth", "EHCNARequests"], read: readCount },
  { field: "noToAssessRate", labels: ["NoToAssessRate", "NoToAssess"], read: readRate },
  { field: "noToIssueRate", labels: ["NoToIssueRate", "NoToIssue"], read: readRate },
  { field: "ceased", labels: ["CeasedPerMonth", "Ceased", "CeasedPlansPerMonth", "CeasedPlans"], read: readCount },
  { field: "transfersIn", labels: ["TransfersInPerMonth", "TransfersIn"], read: readCount },
  { field: "openingEhcps", labels: ["OpeningEHCPs", "EHCPs", "OpeningPlans"], read: readCount },
  { field: "forecastStart", labels: ["ForecastStart", "Start", "FirstForecastMonth"], read: readMonth },
  { field: "inmssPlacements", labels: ["INMSSPlacements", "INMSS"], read: readCount },
  { field: "inmssAnnualGrowth", labels: ["INMSSAnnualGrowth", "INMSSGrowth", "INMSSGrowthPerYear"], read: readNumber },
  { field: "lagMonths", labels: ["LagMonths", "Lag", "IssueLagMonths"], read: readWholeMonths },
];

/** SEND_Baseline: the demand system the forecast starts from (MODEL.md §1). */
export function parseBaseline(r: RangeData, input = r.name): Parsed<Partial<Baseline>> {
  const g = new Grid(r, input);
  const values = readKeyValues(g, BASELINE_KEYS, "baseline", "baseline keys");
  return g.done(values as Partial<Baseline>);
}

const SETTINGS_KEYS: readonly KeySpec<keyof Settings>[] = [
  { field: "balanceTargetYear", labels: ["BalanceTargetYear", "TargetYear", "InYearBalanceYear"], read: readYearLabel },
  { field: "deficitCap", labels: ["DeficitCap", "Cap"], read: readNumber },
  { field: "deficitCapYear", labels: ["DeficitCapYear", "CapYear"], read: readYearLabel },
];

/** SEND_Settings: the Safety Valve conditions' years and cap; missing keys take the model's defaults. */
export function parseSettings(r: RangeData, input = r.name): Parsed<Partial<Settings>> {
  const g = new Grid(r, input);
  const values = readKeyValues(g, SETTINGS_KEYS, "settings", "settings");
  return g.done(values as Partial<Settings>);
}

// ---------------------------------------------------------------- table inputs

/** Reads one cell of a data row into `target[field]`, recording its cell; blank optional cells are left out. */
function readField<T extends object, K extends keyof T & string>(
  g: Grid,
  i: number,
  column: number | undefined,
  path: string,
  target: T,
  field: K,
  read: Reader<T[K]>,
  required: boolean,
): void {
  if (column === undefined) return;
  g.record(`${path}.${field}`, i, column);
  if (!required && isBlank(g.value(i, column))) return;
  const value = g.read(i, column, read);
  if (value !== undefined) target[field] = value;
}

/** SEND_Interventions' columns and the header labels each may go by; the pane writes back under the same headers. */
export const INTERVENTION_COLUMNS: readonly ColumnSpec<keyof Intervention>[] = [
  { field: "name", labels: ["Name", "Intervention"], required: true },
  { field: "lever", labels: ["Lever"], required: true },
  { field: "impact", labels: ["Impact"], required: true },
  { field: "start", labels: ["Start", "StartMonth", "From", "ActsFrom"], required: true },
  { field: "rampMonths", labels: ["RampMonths", "Ramp"], required: false },
  { field: "status", labels: ["Status"], required: false },
  { field: "confidence", labels: ["Confidence"], required: false },
];

const oneOf =
  <T extends string>(options: readonly T[]): Reader<T> =>
  (v) => {
    const text = readText(v);
    const match = text.ok ? options.find((o) => labelKey(o) === labelKey(text.value)) : undefined;
    return match !== undefined ? { ok: true, value: match } : { ok: false, message: `expected one of ${options.join(", ")}, found ${describeCell(v)}` };
  };

/** SEND_Interventions: one row an intervention (MODEL.md §2); percentage levers take fractions. */
export function parseInterventions(r: RangeData, input = r.name): Parsed<Intervention[]> {
  const g = new Grid(r, input);
  const header = tableHeader(g, INTERVENTION_COLUMNS);
  if (!header) return g.done([]);
  const c = header.columns;
  const out: Intervention[] = [];
  dataRows(g, header.headerRow).forEach((i) => {
    const path = `interventions[${out.length}]`;
    const iv = {} as Intervention;
    g.record(path, i, c.name ?? 0);
    readField(g, i, c.name, path, iv, "name", readText, true);
    readField(g, i, c.lever, path, iv, "lever", oneOf(LEVERS), true);
    const lever = iv.lever;
    const impact: Reader<number> =
      lever !== undefined && LEVER_INFO[lever].unit === "fraction" ? (v, f) => readFraction(v, f, lever) : readNumber;
    readField(g, i, c.impact, path, iv, "impact", impact, true);
    readField(g, i, c.start, path, iv, "start", readMonth, true);
    readField(g, i, c.rampMonths, path, iv, "rampMonths", readWholeMonths, false);
    readField(g, i, c.status, path, iv, "status", oneOf(STATUSES), false);
    readField(g, i, c.confidence, path, iv, "confidence", readRate, false);
    out.push(iv);
  });
  return g.done(out);
}

const MONTHLY_COLUMNS: readonly ColumnSpec<keyof MonthlyActual>[] = [
  { field: "month", labels: ["Month"], required: true },
  { field: "requests", labels: ["Requests", "EHCNARequests"], required: true },
  { field: "noToAssess", labels: ["NoToAssess"], required: true },
  { field: "noToIssue", labels: ["NoToIssue"], required: true },
  { field: "plansIssued", labels: ["PlansIssued", "Issued", "NewPlans"], required: true },
  { field: "ceased", labels: ["Ceased", "CeasedPlans"], required: true },
  { field: "transfersIn", labels: ["TransfersIn"], required: false },
  { field: "ehcps", labels: ["EHCPs", "Plans"], required: false },
  { field: "inmss", labels: ["INMSS", "INMSSPlacements"], required: false },
];

/** SEND_Monthly: monthly actuals, from which the baseline is derived (MODEL.md §1). */
export function parseMonthly(r: RangeData, input = r.name): Parsed<MonthlyActual[]> {
  const g = new Grid(r, input);
  const header = tableHeader(g, MONTHLY_COLUMNS);
  if (!header) return g.done([]);
  const c = header.columns;
  const out: MonthlyActual[] = [];
  dataRows(g, header.headerRow).forEach((i) => {
    const path = `monthly[${out.length}]`;
    const row = {} as MonthlyActual;
    g.record(path, i, c.month ?? 0);
    readField(g, i, c.month, path, row, "month", readMonth, true);
    for (const field of ["requests", "noToAssess", "noToIssue", "plansIssued", "ceased"] as const)
      readField(g, i, c[field], path, row, field, readCount, true);
    for (const field of ["transfersIn", "ehcps", "inmss"] as const) readField(g, i, c[field], path, row, field, readCount, false);
    out.push(row);
  });
  return g.done(out);
}

const COST_COLUMNS: readonly ColumnSpec<keyof CostDriverLine>[] = [
  { field: "line", labels: ["Line", "Provision", "ExpenditureLine"], required: true },
  { field: "driver", labels: ["Driver"], required: true },
  { field: "share", labels: ["Share"], required: true },
  { field: "unitCost", labels: ["UnitCost", "UnitCost£", "CostPerPlace"], required: true },
  { field: "inflation", labels: ["Inflation"], required: false },
  { field: "baseYear", labels: ["BaseYear"], required: false },
];

/**
 * SEND_Costs: driver-based expenditure lines (MODEL.md §4). Inflation
 * defaults to 0 and BaseYear to the first year, where it has no effect.
 */
export function parseCosts(r: RangeData, input = r.name, years: readonly YearLabel[] = []): Parsed<CostDriverLine[]> {
  const g = new Grid(r, input);
  const header = tableHeader(g, COST_COLUMNS);
  if (!header) return g.done([]);
  const c = header.columns;
  const out: CostDriverLine[] = [];
  dataRows(g, header.headerRow).forEach((i) => {
    const path = `costs[${out.length}]`;
    const cost = { inflation: 0, baseYear: years[0] ?? "" } as CostDriverLine;
    g.record(path, i, c.line ?? 0); // also where a defaulted Inflation or BaseYear is reported
    readField(g, i, c.line, path, cost, "line", readText, true);
    readField(g, i, c.driver, path, cost, "driver", oneOf(COST_DRIVERS), true);
    readField(g, i, c.share, path, cost, "share", readRate, true);
    readField(g, i, c.unitCost, path, cost, "unitCost", readCount, true);
    readField(g, i, c.inflation, path, cost, "inflation", (v, f) => readFraction(v, f, "inflation"), false);
    readField(g, i, c.baseYear, path, cost, "baseYear", readYearLabel, false);
    if (c.baseYear === undefined && cost.inflation !== 0 && years.length === 0)
      g.problem(i, c.line ?? 0, "expected a BaseYear column, the year the unit cost is priced in, for a line with inflation; found none");
    out.push(cost);
  });
  return g.done(out);
}

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
  ].map(labelKey),
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
    g.wholeProblem("expected a header row (Provision, then year labels like 2023/24) and one row a provision line; found an empty range");
    return g.done(value);
  }
  const years = yearColumns(g, headerRow);
  if (years.length === 0 && g.problems.length === 0) g.wholeProblem(`expected year columns (2023/24, 2024/25 …) after the Provision column in the header row (row ${r.row + headerRow + 1}); found none`);
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
    if (LEDGER_ROWS.has(key) || FUNDING_ROWS.some((f) => f.labels.some((l) => labelKey(l) === key))) {
      g.problem(i, 0, `expected a provision line, found '${label.value}', a row of the deficit table below Total Expenditure; end ${g.input} at its Total Expenditure row and give the funding rows in SEND_Funding`);
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
        g.problem(i, y.column, `expected a number (£'000) for ${y.year}, found an empty cell; enter 0 if there is no spending`);
        return 0;
      }
      return g.read(i, y.column, readNumber) ?? 0;
    });
    value.lines.push({ label: label.value, values });
  }
  if (value.lines.length === 0 && !g.problems.some((p) => p.cell === "")) g.wholeProblem("expected at least one provision line below the header row; found none");
  return g.done(value);
}

const FUNDING_ROWS: readonly { field: keyof Funding; labels: readonly string[] }[] = [
  { field: "highNeedsBlock", labels: ["High Needs Block", "High Needs Block Funding", "HNB"] },
  { field: "blockTransfer", labels: ["Block Transfer", "Block Transfers"] },
  { field: "otherBlocks", labels: ["Other DSG Blocks", "Surplus/Deficit from other DSG Blocks", "Surplus (-)/Deficit (+) from other DSG Blocks", "Other Blocks"] },
  { field: "safetyValve", labels: ["Safety Valve Income", "Safety Valve"] },
];

/**
 * SEND_Funding: a label column, then the same year columns as
 * SEND_Expenditure (in any order). Income is negative, as in the report;
 * missing rows and empty cells are zero.
 */
export function parseFunding(r: RangeData, years: readonly YearLabel[], input = r.name, expenditureInput = "SEND_Expenditure"): Parsed<Funding> {
  const g = new Grid(r, input);
  const funding: Funding = {};
  const headerRow = firstNonBlankRow(g);
  if (headerRow === undefined) {
    g.wholeProblem(`expected a header row (a label column, then the years of ${expenditureInput}) and the funding rows; found an empty range`);
    return g.done(funding);
  }
  const found = yearColumns(g, headerRow);
  const columnOf = new Map<YearLabel, number>();
  for (const y of found) {
    if (columnOf.has(y.year)) g.problem(headerRow, y.column, `expected the column ${y.year} once, found it again (first in ${g.cell(headerRow, columnOf.get(y.year)!)})`);
    else columnOf.set(y.year, y.column);
  }
  const missing = years.filter((y) => !columnOf.has(y));
  if (missing.length > 0)
    g.wholeProblem(
      `expected a column for ${listYears(missing)}, as in ${expenditureInput}; found ${found.length === 0 ? "no year columns" : listYears(found.map((y) => y.year))}`,
    );
  const extra = found.filter((y) => !years.includes(y.year));
  if (extra.length > 0 && years.length > 0)
    g.warn("extraYears", headerRow, extra[0].column, `${listYears(extra.map((y) => y.year))} ${extra.length === 1 ? "is" : "are"} not among the years of ${expenditureInput}; ignored`);

  const seen = new Map<keyof Funding, number>();
  for (const i of dataRows(g, headerRow)) {
    const label = readText(g.value(i, 0));
    const spec = label.ok ? FUNDING_ROWS.find((s) => s.labels.some((l) => labelKey(l) === labelKey(label.value))) : undefined;
    if (!spec) {
      if (label.ok && found.every((y) => isBlank(g.value(i, y.column)))) {
        g.warn("headingRow", i, 0, `'${label.value}' has no figures; read as a heading and left out`);
        continue;
      }
      if (label.ok && (LEDGER_ROWS.has(labelKey(label.value)) || labelKey(label.value) === TOTAL_EXPENDITURE)) {
        g.warn("computedRow", i, 0, `'${label.value}' is computed by the forecast from the other rows; the figures here are left out`);
        continue;
      }
      g.problem(i, 0, `expected one of ${FUNDING_ROWS.map((s) => s.labels[0]).join(", ")}, found ${describeCell(g.value(i, 0))}`);
      continue;
    }
    if (seen.has(spec.field)) {
      g.problem(i, 0, `expected the row ${spec.labels[0]} once, found it again (first at ${g.cell(seen.get(spec.field)!, 0)})`);
      continue;
    }
    seen.set(spec.field, i);
    g.record(`funding.${spec.field}`, i, 0);
    funding[spec.field] = years.map((y, k) => {
      const column = columnOf.get(y);
      if (column === undefined) return 0;
      g.record(`funding.${spec.field}[${k}]`, i, column);
      return isBlank(g.value(i, column)) ? 0 : (g.read(i, column, readNumber) ?? 0);
    });
    if (spec.field !== "otherBlocks" && funding[spec.field]!.some((x) => x > 0) && funding[spec.field]!.every((x) => x >= 0))
      g.warn("positiveIncome", i, 0, `${spec.labels[0]} is income, negative in the report's convention; these figures are positive, so they add to the deficit`);
  }
  return g.done(funding);
}

function listYears(years: readonly YearLabel[]): string {
  return years.length <= 2 ? years.join(" and ") : `${years.slice(0, -1).join(", ")} and ${years[years.length - 1]}`;
}

/** SEND_OpeningDeficit: one cell, the deficit brought forward into the first year (£'000, deficit positive). */
export function parseOpeningDeficit(r: RangeData, input = r.name): Parsed<number> {
  const g = new Grid(r, input);
  const filled: [number, number][] = [];
  for (let i = 0; i < g.rows; i++) for (let j = 0; j < g.columns; j++) if (!isBlank(g.value(i, j))) filled.push([i, j]);
  // A label beside the figure ("Opening deficit | 35,214") is allowed: the figure is the filled cell that reads as a number.
  const figures = filled.filter(([a, b]) => readNumber(g.value(a, b)).ok);
  const [i, j] = figures.length === 1 ? figures[0] : filled.length > 0 ? filled[filled.length - 1] : [0, 0];
  g.record("openingDeficit", i, j);
  if (filled.length > 2) {
    g.wholeProblem(`expected one cell, the deficit brought forward (£'000); found ${filled.length} filled cells`);
    return g.done(0);
  }
  const n = readNumber(g.value(i, j), g.format(i, j));
  if (!n.ok) {
    g.problem(i, j, n.message.replace("expected a number", "expected a number (£'000, the deficit brought forward)"));
    return g.done(0);
  }
  return g.done(n.value);
}

// ---------------------------------------------------------------- the comparison trajectory

const COMPARISON_COLUMNS: readonly ColumnSpec<"month" | "ehcps">[] = [
  { field: "month", labels: ["Month"], required: true },
  { field: "ehcps", labels: ["EHCPs", "Plans", "EHCP"], required: false },
];

/** What the comparison is called when its figures column is headed only "EHCPs". */
const COMPARISON_LABEL = "Comparison";

/**
 * SEND_Comparison: a trajectory to set beside the forecast, such as the
 * original Safety Valve plan's: a Month column and one column of EHCP
 * figures, one row a month. The figures column is the one headed EHCPs, or
 * the only other headed column, whose header then names the series ("SV
 * plan 2023"). A month with no figure is outside the plan and left out.
 */
export function parseComparison(r: RangeData, input = r.name): Parsed<ComparisonSeries | undefined> {
  const g = new Grid(r, input);
  const header = tableHeader(g, COMPARISON_COLUMNS);
  if (!header) return g.done(undefined);
  const { headerRow } = header;
  const monthColumn = header.columns.month;
  if (monthColumn === undefined) return g.done(undefined);
  let ehcpsColumn = header.columns.ehcps;
  if (ehcpsColumn === undefined) {
    const others: number[] = [];
    for (let j = 0; j < g.columns; j++) if (j !== monthColumn && !isBlank(g.value(headerRow, j))) others.push(j);
    if (others.length === 1) ehcpsColumn = others[0];
    else
      g.wholeProblem(
        others.length === 0
          ? `expected a column of EHCP figures headed EHCPs beside Month in the header row (row ${g.range.row + headerRow + 1}); found none`
          : `expected one column of EHCP figures headed EHCPs beside Month in the header row (row ${g.range.row + headerRow + 1}); found ${others.length} other columns (${others.map((j) => describeCell(g.value(headerRow, j))).join(", ")}) and none headed EHCPs`,
      );
  }
  if (ehcpsColumn === undefined) return g.done(undefined);

  const heading = readText(g.value(headerRow, ehcpsColumn));
  const label = heading.ok && !COMPARISON_COLUMNS[1].labels.some((l) => labelKey(l) === labelKey(heading.value)) ? heading.value : COMPARISON_LABEL;
  const series: ComparisonSeries = { label, months: [], ehcps: [] };
  g.record("comparison", headerRow, ehcpsColumn);
  const firstAt = new Map<MonthKey, number>();
  for (const i of dataRows(g, headerRow)) {
    if (isBlank(g.value(i, ehcpsColumn))) continue; // a month the plan does not cover
    const month = g.read(i, monthColumn, readMonth);
    if (month !== undefined && firstAt.has(month)) {
      g.problem(i, monthColumn, `expected each month once, found ${month} again (first at ${g.cell(firstAt.get(month)!, monthColumn)})`);
      continue;
    }
    const ehcps = g.read(i, ehcpsColumn, readCount);
    if (month === undefined || ehcps === undefined) continue;
    firstAt.set(month, i);
    const k = series.months.length;
    g.record(`comparison.months[${k}]`, i, monthColumn);
    g.record(`comparison.ehcps[${k}]`, i, ehcpsColumn);
    series.months.push(month);
    series.ehcps.push(ehcps);
  }
  if (series.months.length === 0) {
    if (g.problems.length === 0) g.warn("emptyComparison", headerRow, ehcpsColumn, "no months with EHCP figures below the header row; no comparison is drawn");
    return g.done(undefined);
  }
  return g.done(series);
}
