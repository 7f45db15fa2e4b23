import {
  COST_DRIVERS,
  COST_METHODS,
  LEVERS,
  labelKey,
  LEVER_INFO,
  STATUSES,
  STATUS_ALIASES,
  COST_DRIVER_ALIASES,
  matchChoice,
  type ComparisonSeries,
  type CostDriverLine,
  type Intervention,
  type Lever,
  type MonthKey,
  type MonthlyActual,
  type YearLabel,
} from "../../model";
import type { RangeData } from "../port";
import {
  describeCell,
  isBlank,
  isPercentFormat,
  readCount,
  readFraction,
  readMonth,
  readNumber,
  readRate,
  readText,
  readWholeMonths,
  readYearLabel,
  type Reader,
} from "../cells";
import { Grid, dataRows, tableHeader, type ColumnSpec, type Parsed } from "../grid";

/** The inputs given as tables, a header row then one row a record: SEND_Interventions, SEND_Monthly, SEND_Costs and SEND_Comparison. */

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
  required: boolean
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

/**
 * A cell holding one of `options`: its own name or one of its aliases,
 * compared by `choiceKey` (case, spaces and separators aside, a % counts).
 * Any other text is refused with the choices, never matched by a prefix or
 * by dropping characters.
 */
const oneOf =
  <T extends string>(
    options: readonly T[],
    aliases?: Readonly<Partial<Record<T, readonly string[]>>>
  ): Reader<T> =>
  (v) => {
    const text = readText(v);
    const match = text.ok
      ? matchChoice(
          text.value,
          options.map((o) => [o, [o, ...(aliases?.[o] ?? [])]] as const)
        )
      : undefined;
    return match !== undefined
      ? { ok: true, value: match }
      : {
          ok: false,
          message: `expected ${describeChoices(options, aliases)}, found ${describeCell(v)}`,
        };
  };

/** "one of New, Accelerate (or Accelerated), …": the choices, each with up to two of its other spellings. */
export function describeChoices<T extends string>(
  options: readonly T[],
  aliases?: Readonly<Partial<Record<T, readonly string[]>>>
): string {
  return `one of ${options
    .map((o) => {
      const other = (aliases?.[o] ?? []).slice(0, 2).map((a) => `'${a}'`);
      return other.length > 0 ? `${o} (or ${other.join(", ")})` : o;
    })
    .join(", ")}`;
}

const LEVER_ALIASES = Object.fromEntries(LEVERS.map((l) => [l, LEVER_INFO[l].aliases])) as Record<
  Lever,
  readonly string[]
>;

/**
 * A table input read a row at a time: the header found by `columns`, then
 * `readRow` given each data row, the columns found and the row's path
 * (`interventions[2]`), where the row's problems are recorded.
 */
function readTableRows<K extends string, T>(
  r: RangeData,
  input: string,
  columns: readonly ColumnSpec<K>[],
  field: string,
  readRow: (g: Grid, i: number, c: Partial<Record<K, number>>, path: string) => T
): Parsed<T[]> {
  const g = new Grid(r, input);
  const header = tableHeader(g, columns);
  if (!header) return g.done([]);
  const out: T[] = [];
  for (const i of dataRows(g, header.headerRow))
    out.push(readRow(g, i, header.columns, `${field}[${out.length}]`));
  return g.done(out);
}

/**
 * The impact of a lever given as a number a month (Requests, Ceased). A
 * cell formatted or typed as a percentage is ambiguous — 10% of the
 * requests, or 0.1 of a request? — and is refused, naming the lever to use
 * for a share where there is one.
 */
function countImpact(lever: Lever): Reader<number> {
  return (v, format) => {
    const n = readNumber(v, format);
    if (!n.ok) return n;
    const percent = isPercentFormat(format) || (typeof v === "string" && v.trim().endsWith("%"));
    if (!percent) return n;
    const info = LEVER_INFO[lever];
    const share = LEVERS.find(
      (l) => LEVER_INFO[l].shareOfBaseline && LEVER_INFO[l].measure === info.measure
    );
    const remedy =
      share !== undefined
        ? `for a share of the baseline, set the Lever to ${share} ('${LEVER_INFO[share].aliases[0]}'); for a number, format the cell as a number`
        : "format the cell as a number";
    return {
      ok: false,
      message: `expected a number for ${lever} (${info.label}), found ${describeCell(v, format)}, a percentage: ${remedy}`,
    };
  };
}

/** SEND_Interventions: one row an intervention (MODEL.md §2); percentage levers take fractions. */
export function parseInterventions(r: RangeData, input = r.name): Parsed<Intervention[]> {
  return readTableRows(r, input, INTERVENTION_COLUMNS, "interventions", (g, i, c, path) => {
    const iv = {} as Intervention;
    g.record(path, i, c.name ?? 0);
    readField(g, i, c.name, path, iv, "name", readText, true);
    readField(g, i, c.lever, path, iv, "lever", oneOf(LEVERS, LEVER_ALIASES), true);
    const lever = iv.lever;
    const impact: Reader<number> =
      lever !== undefined && LEVER_INFO[lever].unit === "fraction"
        ? (v, f) => readFraction(v, f, lever)
        : lever !== undefined
          ? countImpact(lever)
          : readNumber;
    readField(g, i, c.impact, path, iv, "impact", impact, true);
    readField(g, i, c.start, path, iv, "start", readMonth, true);
    readField(g, i, c.rampMonths, path, iv, "rampMonths", readWholeMonths, false);
    readField(g, i, c.status, path, iv, "status", oneOf(STATUSES, STATUS_ALIASES), false);
    readField(g, i, c.confidence, path, iv, "confidence", readRate, false);
    return iv;
  });
}

export const MONTHLY_COLUMNS: readonly ColumnSpec<keyof MonthlyActual>[] = [
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
  return readTableRows(r, input, MONTHLY_COLUMNS, "monthly", (g, i, c, path) => {
    const row = {} as MonthlyActual;
    g.record(path, i, c.month ?? 0);
    readField(g, i, c.month, path, row, "month", readMonth, true);
    for (const field of ["requests", "noToAssess", "noToIssue", "plansIssued", "ceased"] as const)
      readField(g, i, c[field], path, row, field, readCount, true);
    for (const field of ["transfersIn", "ehcps", "inmss"] as const)
      readField(g, i, c[field], path, row, field, readCount, false);
    return row;
  });
}

export const COST_COLUMNS: readonly ColumnSpec<keyof CostDriverLine>[] = [
  { field: "line", labels: ["Line", "Provision", "ExpenditureLine"], required: true },
  { field: "driver", labels: ["Driver"], required: true },
  { field: "share", labels: ["Share"], required: true },
  { field: "unitCost", labels: ["UnitCost", "UnitCost£", "CostPerPlace"], required: true },
  { field: "inflation", labels: ["Inflation"], required: false },
  { field: "baseYear", labels: ["BaseYear"], required: false },
  { field: "method", labels: ["Method", "CostMethod"], required: false },
];

/**
 * SEND_Costs: driver-based expenditure lines (MODEL.md §4). Inflation
 * defaults to 0 and BaseYear to the first year, where it has no effect;
 * Method (Total or Change) to Total, as does a blank cell.
 */
export function parseCosts(
  r: RangeData,
  input = r.name,
  years: readonly YearLabel[] = []
): Parsed<CostDriverLine[]> {
  return readTableRows(r, input, COST_COLUMNS, "costs", (g, i, c, path) => {
    const cost = { inflation: 0, baseYear: years[0] ?? "" } as CostDriverLine;
    g.record(path, i, c.line ?? 0); // also where a defaulted Inflation or BaseYear is reported
    readField(g, i, c.line, path, cost, "line", readText, true);
    readField(g, i, c.driver, path, cost, "driver", oneOf(COST_DRIVERS, COST_DRIVER_ALIASES), true);
    readField(g, i, c.share, path, cost, "share", readRate, true);
    readField(g, i, c.unitCost, path, cost, "unitCost", readCount, true);
    readField(
      g,
      i,
      c.inflation,
      path,
      cost,
      "inflation",
      (v, f) => readFraction(v, f, "inflation"),
      false
    );
    readField(g, i, c.baseYear, path, cost, "baseYear", readYearLabel, false);
    readField(g, i, c.method, path, cost, "method", oneOf(COST_METHODS), false);
    if (c.baseYear === undefined && cost.inflation !== 0 && years.length === 0)
      g.problem(
        i,
        c.line ?? 0,
        "expected a BaseYear column, the year the unit cost is priced in, for a line with inflation; found none"
      );
    return cost;
  });
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
export function parseComparison(
  r: RangeData,
  input = r.name
): Parsed<ComparisonSeries | undefined> {
  const g = new Grid(r, input);
  const header = tableHeader(g, COMPARISON_COLUMNS, "keep");
  if (!header) return g.done(undefined);
  const { headerRow } = header;
  const monthColumn = header.columns.month;
  if (monthColumn === undefined) return g.done(undefined);
  let ehcpsColumn = header.columns.ehcps;
  if (ehcpsColumn === undefined) {
    const others: number[] = [];
    for (let j = 0; j < g.columns; j++)
      if (j !== monthColumn && !isBlank(g.value(headerRow, j))) others.push(j);
    if (others.length === 1) ehcpsColumn = others[0];
    else
      g.rowProblem(
        headerRow,
        others.length === 0
          ? `expected a column of EHCP figures headed EHCPs beside Month in the header row (row ${g.range.row + headerRow + 1}); found none`
          : `expected one column of EHCP figures headed EHCPs beside Month in the header row (row ${g.range.row + headerRow + 1}); found ${others.length} other columns (${others.map((j) => describeCell(g.value(headerRow, j))).join(", ")}) and none headed EHCPs`
      );
  }
  if (ehcpsColumn === undefined) return g.done(undefined);

  const heading = readText(g.value(headerRow, ehcpsColumn));
  const label =
    heading.ok && !COMPARISON_COLUMNS[1].labels.some((l) => labelKey(l) === labelKey(heading.value))
      ? heading.value
      : COMPARISON_LABEL;
  const series: ComparisonSeries = { label, months: [], ehcps: [] };
  g.record("comparison", headerRow, ehcpsColumn);
  const firstAt = new Map<MonthKey, number>();
  for (const i of dataRows(g, headerRow)) {
    if (isBlank(g.value(i, ehcpsColumn))) continue; // a month the plan does not cover
    const month = g.read(i, monthColumn, readMonth);
    if (month !== undefined && firstAt.has(month)) {
      g.problem(
        i,
        monthColumn,
        `expected each month once, found ${month} again (first at ${g.cell(firstAt.get(month)!, monthColumn)})`
      );
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
    if (g.problems.length === 0)
      g.warn(
        "emptyComparison",
        headerRow,
        ehcpsColumn,
        "no months with EHCP figures below the header row; no comparison is drawn"
      );
    return g.done(undefined);
  }
  return g.done(series);
}
