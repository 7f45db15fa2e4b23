import {
  LEVER_INFO,
  SCENARIOS,
  computeLedger,
  SCENARIO_LABELS,
  financialYearOf,
  firstCalendarYear,
  labelKey,
  leverChange,
  monthIndex,
  NO_SAFETY_VALVE,
  type Condition,
  type DeficitOutcome,
  type ForecastInput,
  type ForecastResult,
  type Ledger,
  type ScenarioId,
  type SimulationResult,
  type SystemMeasure,
  type ValueFigures,
  type YearLabel,
} from "../model";
import {
  OUTPUT_SHEET,
  type CellKind,
  type CellValue,
  type ChartSpec,
  type Legend,
  type OutputSheet,
  type OutputTable,
} from "./port";
import { serialOfMonth } from "./cells";

/**
 * The model's result shaped into the `SEND Forecast` sheet (spec:
 * WORKBOOK.md, "Outputs"): tables laid out as the report lays out its
 * revised forecast — years as columns, £'000, income negative. Values stay
 * unrounded, and the number formats do the rounding the reader sees, unless
 * the settings ask for Published rounding (see `presentedLedgers`). Each
 * figure carries its kind (actual, supplied, driven, forecast), which both
 * adapters draw as CELL_STYLES says, with the key above the tables.
 */

/** £'000 with no decimals shown. */
export const THOUSANDS = "#,##0;-#,##0";
export const COUNT = "#,##0";
export const RATE = "0.0%";
export const MONTH = "mmm yyyy";
const TEXT = "@";

/** The output sheet's Excel tables, by what each holds. */
export const OUTPUT_TABLE = {
  deficit: "SEND_OutDeficit",
  conditions: "SEND_OutConditions",
  system: "SEND_OutSystem",
  balance: "SEND_OutBalance",
  interventionValue: "SEND_OutInterventionValue",
  sensitivity: "SEND_OutSensitivity",
  simulation: "SEND_OutSimulation",
  simulationOutcomes: "SEND_OutSimulationOutcomes",
  trajectory: "SEND_OutTrajectory",
  scenarios: "SEND_OutScenarios",
  originalPlan: "SEND_OutOriginalPlan",
} as const;

/** Every table a refresh may write, top to bottom (the Monte Carlo's, SIMULATION_TABLES, only when it simulates); the output guards and the Office read cover them all. */
export const OUTPUT_TABLES: readonly string[] = Object.values(OUTPUT_TABLE);

/** The Monte Carlo's tables, written only by a refresh that simulates. */
export const SIMULATION_TABLES: readonly string[] = [
  OUTPUT_TABLE.simulation,
  OUTPUT_TABLE.simulationOutcomes,
];

/** The deficit table's row labels, as the report words them. */
export const DEFICIT_ROWS = {
  planYear: "Plan Year",
  expenditure: "Total Expenditure",
  highNeedsBlock: "High Needs Block",
  blockTransfer: "Block Transfer",
  inYear: "In Year Surplus (-)/Deficit (+)",
  otherBlocks: "Surplus/Deficit from other DSG Blocks",
  safetyValve: "Safety Valve Income",
  opening: "Surplus/Deficit Brought Forward from Previous years",
  closing: "Total Deficit Balance",
} as const;

/** The rows that close the deficit table, below the provision lines, with the ledger series each shows. */
const LEDGER_ROWS: readonly (readonly [string, Exclude<keyof Ledger, "years" | "lines">])[] = [
  [DEFICIT_ROWS.expenditure, "expenditure"],
  [DEFICIT_ROWS.highNeedsBlock, "highNeedsBlock"],
  [DEFICIT_ROWS.blockTransfer, "blockTransfer"],
  [DEFICIT_ROWS.inYear, "inYear"],
  [DEFICIT_ROWS.otherBlocks, "otherBlocks"],
  [DEFICIT_ROWS.safetyValve, "safetyValve"],
  [DEFICIT_ROWS.opening, "opening"],
  [DEFICIT_ROWS.closing, "closing"],
];

/** The totals a reader looks for first, drawn bold. */
const EMPHASISED_ROWS: readonly string[] = [
  DEFICIT_ROWS.expenditure,
  DEFICIT_ROWS.inYear,
  DEFICIT_ROWS.closing,
];

export interface DeficitTable {
  headers: string[];
  rows: (string | number | null)[][];
}

/** The funding rows of the deficit table: income, which the report leaves blank in a year without any. */
const FUNDING_SERIES: ReadonlySet<string> = new Set([
  "highNeedsBlock",
  "blockTransfer",
  "otherBlocks",
  "safetyValve",
]);

/**
 * The revised forecast deficit table: a Plan Year row, each expenditure
 * line, Total Expenditure, the funding rows, the in-year position, the
 * balance brought forward and the Total Deficit Balance. Plan year 1 is
 * `firstPlanYear` (the year containing the forecast start, as in the
 * report where the 2023/24 outturn has none and 2024/25 is year 1);
 * without it, the first year is year 1. With `nilIncomeBlank`, a funding
 * row's year without income (0) is left blank, as the report prints Safety
 * Valve Income and other DSG blocks in the years they have none; lines and
 * computed rows keep a 0 that is a 0.
 */
export function deficitTable(
  ledger: Ledger,
  firstPlanYear?: YearLabel,
  options: { nilIncomeBlank?: boolean } = {}
): DeficitTable {
  const first =
    firstPlanYear !== undefined && ledger.years.includes(firstPlanYear)
      ? ledger.years.indexOf(firstPlanYear)
      : 0;
  const row = (label: string, values: readonly number[]): (string | number | null)[] => [
    label,
    ...values,
  ];
  return {
    headers: ["Provision", ...ledger.years],
    rows: [
      [DEFICIT_ROWS.planYear, ...ledger.years.map((_, k) => (k < first ? null : k - first + 1))],
      ...ledger.lines.map((l) => row(l.label, l.values)),
      ...LEDGER_ROWS.map(([label, series]) =>
        options.nilIncomeBlank && FUNDING_SERIES.has(series)
          ? [label, ...ledger[series].map((v) => (v === 0 ? null : v))]
          : row(label, ledger[series])
      ),
    ],
  };
}

/** Rows drawn bold in the deficit table: the totals a reader looks for first. */
export function deficitEmphasis(table: DeficitTable): number[] {
  // The ledger's rows close the table, in LEDGER_ROWS' order.
  const first = table.rows.length - LEDGER_ROWS.length;
  return EMPHASISED_ROWS.map((label) => first + LEDGER_ROWS.findIndex(([l]) => l === label));
}

export interface ShapeOptions {
  /** "values" (default) writes figures; "formulas" writes the deficit table as custom-function formulas over the inputs. */
  mode?: "values" | "formulas";
  /** The model's input: its interventions fill the system table, its cost drivers decide whether formulas can reproduce the ledger. */
  input?: ForecastInput;
  /** The workbook names the formulas refer to, per contract input (the user's bindings); default the contract names. */
  names?: Partial<Record<"SEND_Expenditure" | "SEND_Funding" | "SEND_OpeningDeficit", string>>;
  /** The Monte Carlo over the same input, laid out in SEND_OutSimulation and SEND_OutSimulationOutcomes with a fan chart; without it, neither table nor the chart is written. */
  simulation?: SimulationResult;
}

/** The output sheet: a key to the cell styles, then SEND_OutDeficit, SEND_OutConditions, SEND_OutSystem, SEND_OutBalance, SEND_OutInterventionValue, SEND_OutSensitivity, (with a simulation) SEND_OutSimulation and SEND_OutSimulationOutcomes, SEND_OutOriginalPlan, SEND_OutTrajectory and SEND_OutScenarios stacked down column A, charts beside them. */
export function shapeOutput(result: ForecastResult, options: ShapeOptions = {}): OutputSheet {
  const when = periods(result, options.input);
  const shown = presentedLedgers(result);
  const stack = [
    deficitOutput(result, options, when, shown),
    conditionsOutput(result, when, shown),
    systemOutput(result, options.input),
    balanceOutput(shown.mitigated, when),
    interventionValueOutput(result),
    sensitivityOutput(result),
    ...(options.simulation
      ? [
          simulationOutput(options.simulation, result, when),
          simulationOutcomesOutput(options.simulation, result),
        ]
      : []),
    originalPlanOutput(result, when),
    trajectoryOutput(result),
    scenariosOutput(result, when, shown),
  ];
  const legend = legendOutput();
  // The key first; then each table: a title row above its header, its notes under it, and a blank row before the next title.
  let row = legend.row + 1 + legend.entries.length + legend.notes.length + 2;
  const tables: OutputTable[] = stack.map((t) => {
    const placed = { ...t, row, column: 0 };
    row += 1 + Math.max(1, t.rows.length) + (t.notes?.length ?? 0) + 2;
    return placed;
  });
  const chartColumn = Math.max(...tables.map((t) => t.headers.length)) + 1;
  const trajectory = tables.find((t) => t.name === OUTPUT_TABLE.trajectory)!;
  const top = tables[0].row;
  const charts: ChartSpec[] = [
    {
      type: "column",
      title: "DSG deficit balance by year (£'000)",
      table: OUTPUT_TABLE.balance,
      categoryColumn: "Year",
      seriesColumns: [DEFICIT_ROWS.closing],
      row: top,
      column: chartColumn,
    },
    {
      type: "line",
      title: "EHCPs by scenario",
      table: OUTPUT_TABLE.trajectory,
      categoryColumn: "Month",
      seriesColumns: trajectory.headers.filter((h) => h.startsWith("EHCPs")),
      row: top + 21,
      column: chartColumn,
    },
  ];
  const simulation = tables.find((t) => t.name === OUTPUT_TABLE.simulation);
  if (options.simulation && simulation)
    charts.push({
      type: "fan",
      title: `Total deficit balance (£'000): P10 to P90 and P50 of ${options.simulation.draws.toLocaleString("en-GB")} draws`,
      table: OUTPUT_TABLE.simulation,
      categoryColumn: "Year",
      seriesColumns: [SIMULATION_COLUMNS.low, SIMULATION_COLUMNS.spread, SIMULATION_COLUMNS.middle],
      fallbackColumns: [SIMULATION_COLUMNS.low, SIMULATION_COLUMNS.middle, SIMULATION_COLUMNS.high],
      // Beside its table, below the other two charts.
      row: Math.max(top + 42, simulation.row),
      column: chartColumn,
    });
  return { name: OUTPUT_SHEET, tables, charts, legend, show: true };
}

// ---------------------------------------------------------------- what each figure is

/** How a cell of each kind is drawn: a fill (RRGGBB, null for none) and italic for what the forecast calculates. */
export interface CellStyle {
  fill: string | null;
  italic: boolean;
}

/**
 * The cell styles, as finance teams shade inputs against calculations:
 * pale fills a colour-blind reader still tells apart by lightness, and a
 * cue without colour — upright for figures as given (actual, supplied),
 * italic for figures the forecast works out (driven, forecast). Within each
 * pair the fills differ in lightness: grey against pale yellow, pale blue
 * against none.
 */
export const CELL_STYLES: Readonly<Record<CellKind, CellStyle>> = {
  actual: { fill: "D9D9D9", italic: false },
  supplied: { fill: "FFF2CC", italic: false },
  driven: { fill: "DDEBF7", italic: true },
  forecast: { fill: null, italic: true },
};

/** The key's words for each kind, in the key's order. */
export const CELL_KIND_KEY: readonly { kind: CellKind; label: string; description: string }[] = [
  {
    kind: "actual",
    label: "Actual",
    description: "Outturn: a year before the forecast starts, as the workbook gives it.",
  },
  {
    kind: "supplied",
    label: "Supplied",
    description:
      "The council's own figure for a forecast year, used as given: a line not priced by SEND_Costs, funding, a setting, an intervention.",
  },
  {
    kind: "driven",
    label: "Driven",
    description:
      "Priced from the forecast's activity (SEND_Costs): EHCPs or INMSS placements × share × unit cost; months with actual counts in SEND_Monthly use them.",
  },
  {
    kind: "forecast",
    label: "Forecast",
    description: "Calculated by the forecast: totals, balances, trajectories and outcomes.",
  },
];

function legendOutput(): Legend {
  return {
    row: 0,
    column: 0,
    title: "Key to the figures",
    entries: CELL_KIND_KEY.map((e) => ({ ...e })),
    notes: [
      "Upright: as given (actual, supplied). Italic: worked out by the forecast (driven, forecast).",
    ],
  };
}

/** Which years of the table are outturn, and which lines the forecast prices in which years. */
interface Periods {
  /** The year (by index into the ledger's years) is before the year the forecast starts in. */
  actual(k: number): boolean;
  /** The line is priced from the forecast's activity in that year (a SEND_Costs line, from the forecast start's year, within the forecast). */
  priced(label: string, k: number): boolean;
  /** The kind of a figure in year k: actual before the forecast's year, else `otherwise`. */
  of(k: number, otherwise: CellKind): CellKind;
}

function periods(result: ForecastResult, input?: ForecastInput): Periods {
  const years = result.ledger.years;
  const from = firstCalendarYear(financialYearOf(monthIndex(result.baseline.forecastStart)));
  const reached = new Set(result.scenarios.mitigated.years.map((y) => y.year));
  const costed = new Set((input?.costs ?? []).map((c) => labelKey(c.line)));
  const actual = (k: number) => firstCalendarYear(years[k]) < from;
  return {
    actual,
    priced: (label, k) => !actual(k) && reached.has(years[k]) && costed.has(labelKey(label)),
    of: (k, otherwise) => (actual(k) ? "actual" : otherwise),
  };
}

/** Kinds for a row of figures by year, after `lead` leading cells; a blank has none. */
function byYear(
  values: readonly CellValue[],
  lead: number,
  kind: (k: number) => CellKind
): (CellKind | null)[] {
  return values.map((v, j) => (j < lead || v === null ? null : kind(j - lead)));
}

// ---------------------------------------------------------------- rounding

/** `Exact` (the default): totals of the exact figures, shown to whole £'000; `Published`: each figure rounded to whole £'000 and totals summing the rounded figures. */
export type Rounding = "Exact" | "Published";

/** The note under the deficit table, saying which rounding is shown. */
export const ROUNDING_NOTES: Readonly<Record<Rounding, string>> = {
  Exact:
    "Rounding: Exact. Every figure is exact and shown to whole £'000, so a total may differ by 1 from the sum of the rounded lines shown. Set Rounding to Published in SEND_Settings for lines rounded to whole £'000 and totals of the rounded lines.",
  Published:
    "Rounding: Published (SEND_Settings). Each line and funding figure is rounded to whole £'000 and every total, balance and outcome is worked out from the rounded figures, as published tables are; the balance year and each condition's Pass or Fail are decided on the exact figures.",
};

/** Halves away from zero, as published tables round; never −0. */
function whole(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/** A ledger as a published table shows it: each line and funding figure rounded to whole £'000, and the totals and balances worked out from them. */
export function publishedLedger(ledger: Ledger): Ledger {
  const round = (xs: readonly number[]) => xs.map(whole);
  return computeLedger(
    ledger.years,
    ledger.lines.map((l) => ({ label: l.label, values: round(l.values) })),
    {
      highNeedsBlock: round(ledger.highNeedsBlock),
      blockTransfer: round(ledger.blockTransfer),
      otherBlocks: round(ledger.otherBlocks),
      safetyValve: round(ledger.safetyValve),
    },
    ledger.years.length > 0 ? whole(ledger.opening[0]) : 0
  );
}

/** The rounding the settings ask for. */
export function roundingOf(result: ForecastResult): Rounding {
  return result.settings.rounding === "Published" ? "Published" : "Exact";
}

/** Every scenario's ledger as the output shows it: the model's own (Exact), or rounded as published tables are (Published). */
export function presentedLedgers(result: ForecastResult): Record<ScenarioId, Ledger> {
  if (roundingOf(result) === "Exact") return result.ledgers;
  const out = {} as Record<ScenarioId, Ledger>;
  for (const id of SCENARIOS) out[id] = publishedLedger(result.ledgers[id]);
  return out;
}

/** An outcome's figures read from the ledger as shown (the years and Pass/Fail stay the model's). */
function shownOutcome(o: DeficitOutcome, l: Ledger): DeficitOutcome {
  const at = (series: readonly number[], year: YearLabel) => series[l.years.indexOf(year)];
  return {
    ...o,
    residualDeficit: o.balanceYear === null ? null : at(l.closing, o.balanceYear),
    peakDeficit: at(l.closing, o.peakYear),
    conditions: o.conditions.map((c) => ({
      ...c,
      value: at(c.id === "inYearBalance" ? l.inYear : l.closing, c.year),
    })),
  };
}

type Unplaced = Omit<OutputTable, "row" | "column">;

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The kind of each figure in a row of the deficit table's ledger rows, by the series it shows. */
function ledgerRowKind(series: Exclude<keyof Ledger, "years" | "lines">, k: number): CellKind {
  // The deficit brought forward into the first year is the workbook's own figure.
  if (FUNDING_SERIES.has(series) || (series === "opening" && k === 0)) return "supplied";
  return "forecast";
}

function deficitOutput(
  result: ForecastResult,
  options: ShapeOptions,
  when: Periods,
  shown: Record<ScenarioId, Ledger>
): Unplaced {
  const ledger = shown.mitigated;
  // A driven cost line depends on the whole demand forecast, which the
  // deficit function does not see: such a ledger is written as values, as is
  // one rounded as published (formulas give the exact figures).
  const driven = (options.input?.costs?.length ?? 0) > 0;
  const formulas = options.mode === "formulas" && !driven && roundingOf(result) === "Exact";
  // A formula shows what it computes, 0 included; values leave nil income blank.
  const table = deficitTable(ledger, financialYearOf(monthIndex(result.baseline.forecastStart)), {
    nilIncomeBlank: !formulas,
  });
  const lines = ledger.lines.length;
  const kinds = table.rows.map((row, r) => {
    if (r === 0) return row.map(() => null); // the plan year
    if (r <= lines) {
      const label = String(row[0]);
      return byYear(row, 1, (k) => when.of(k, when.priced(label, k) ? "driven" : "supplied"));
    }
    const series = LEDGER_ROWS[r - 1 - lines][1];
    return byYear(row, 1, (k) => when.of(k, ledgerRowKind(series, k)));
  });
  const out: Unplaced = {
    name: OUTPUT_TABLE.deficit,
    title: "Revised forecast: DSG High Needs deficit (£'000)",
    headers: table.headers,
    rows: table.rows,
    numberFormats: [TEXT, ...ledger.years.map(() => THOUSANDS)],
    emphasisedRows: deficitEmphasis(table),
    kinds,
    notes: [ROUNDING_NOTES[roundingOf(result)]],
  };
  if (formulas) {
    const n = options.names ?? {};
    const call = `SEND.DEFICIT(${n.SEND_Expenditure ?? "SEND_Expenditure"},${n.SEND_Funding ?? "SEND_Funding"},${n.SEND_OpeningDeficit ?? "SEND_OpeningDeficit"})`;
    // INDEX counts from 1 over [headers, ...rows]; the plan-year row is a label, not a figure, so it stays a value.
    out.formulas = table.rows.map((r, k) =>
      r.map((_, j) => (j === 0 || k === 0 ? null : `=INDEX(${call},${k + 2},${j + 1})`))
    );
  }
  return out;
}

function conditionsOutput(
  result: ForecastResult,
  when: Periods,
  shown: Record<ScenarioId, Ledger>
): Unplaced {
  const passFail = (pass: boolean): string => (pass ? "Pass" : "Fail");
  const outcome = shownOutcome(result.outcomes.mitigated, shown.mitigated);
  const rows: CellValue[][] = outcome.conditions.map((c) =>
    c.id === "inYearBalance"
      ? [
          `In-year balance (surplus or nil) from ${result.settings.balanceTargetYear}`,
          passFail(c.pass),
          c.year,
          c.value,
          c.limit,
        ]
      : [
          `Deficit balance within the cap in ${result.settings.deficitCapYear}`,
          passFail(c.pass),
          c.year,
          c.value,
          c.limit,
        ]
  );
  if (!result.settings.safetyValve)
    rows.push(
      ["Safety Valve conditions", "None", null, null, null],
      [capitalise(NO_SAFETY_VALVE), null, null, null, null]
    );
  rows.push(
    [
      "Balance year (in-year balance from then on)",
      result.balanceYear === null ? "Not reached" : "Reached",
      result.balanceYear,
      null,
      null,
    ],
    [
      "Residual deficit in the balance year",
      null,
      result.balanceYear,
      outcome.residualDeficit,
      null,
    ],
    ["Peak deficit", null, result.peakYear, outcome.peakDeficit, null]
  );
  // Settings not given are another council's terms: each is stated where the figures it decides are.
  for (const a of result.assumptions ?? []) rows.push([capitalise(a), "Assumed", null, null, null]);
  // The figure is of its year (outturn or forecast); the limit is the settings'.
  const years = result.ledger.years;
  const kinds = rows.map((r) => {
    const k = typeof r[2] === "string" ? years.indexOf(r[2]) : -1;
    return [
      null,
      null,
      null,
      r[3] === null ? null : k >= 0 ? when.of(k, "forecast") : "forecast",
      r[4] === null ? null : ("supplied" as CellKind),
    ];
  });
  return {
    name: OUTPUT_TABLE.conditions,
    title: result.settings.safetyValve
      ? "Safety Valve conditions (£'000)"
      : "Balance year and deficit (£'000): no Safety Valve agreement",
    headers: ["Measure", "Result", "Year", "Figure", "Limit"],
    rows,
    numberFormats: [TEXT, TEXT, TEXT, THOUSANDS, THOUSANDS],
    kinds,
  };
}

/**
 * The report's "Current System / … / Target System" table. Each
 * intervention's row is its own full change to the lever it moves; the net
 * growth is shown only for whole systems, because the levers multiply and
 * per-intervention growth changes would not add up to the total.
 */
/** The system table's column for each measure a lever moves (column 5, net growth, is shown only for whole systems). */
const SYSTEM_COLUMN: Record<SystemMeasure, number> = {
  requests: 1,
  noToAssessRate: 2,
  noToIssueRate: 3,
  ceased: 4,
  inmssReduction: 6,
};

function systemOutput(result: ForecastResult, input?: ForecastInput): Unplaced {
  const b = result.baseline;
  const t = result.target;
  const rows: CellValue[][] = [
    [
      "Current System",
      b.requests,
      b.noToAssessRate,
      b.noToIssueRate,
      b.ceased,
      b.netAnnualGrowth,
      0,
    ],
  ];
  for (const iv of input?.interventions ?? []) {
    const change: CellValue[] = [
      iv.status === "Pause" ? `${iv.name} (paused)` : iv.name,
      null,
      null,
      null,
      null,
      null,
      null,
    ];
    if (iv.status !== "Pause") {
      change[SYSTEM_COLUMN[LEVER_INFO[iv.lever].measure]] = leverChange(iv.lever, iv.impact, b);
    }
    rows.push(change);
  }
  rows.push(
    [
      "Total change",
      t.requests - b.requests,
      t.noToAssessRate - b.noToAssessRate,
      t.noToIssueRate - b.noToIssueRate,
      t.ceased - b.ceased,
      t.netAnnualGrowth - b.netAnnualGrowth,
      t.inmssGrowthReduction,
    ],
    [
      `Target System (from ${t.month})`,
      t.requests,
      t.noToAssessRate,
      t.noToIssueRate,
      t.ceased,
      t.netAnnualGrowth,
      t.inmssGrowthReduction,
    ]
  );
  // The current system is the baseline as given, or as worked out from the monthly actuals; its net growth (and nil INMSS reduction) is worked out.
  const given = input?.baseline ?? {};
  const current: (CellKind | null)[] = [
    null,
    ...(["requests", "noToAssessRate", "noToIssueRate", "ceased"] as const).map((key) =>
      given[key] !== undefined ? ("supplied" as const) : ("actual" as const)
    ),
    "forecast",
    "forecast",
  ];
  const kinds = rows.map((r, k): (CellKind | null)[] =>
    k === 0
      ? current
      : r.map((v, j) =>
          j === 0 || v === null ? null : k < rows.length - 2 ? "supplied" : "forecast"
        )
  );
  return {
    name: OUTPUT_TABLE.system,
    title: "The EHCP system: current, interventions and target",
    headers: [
      "System",
      "EHCNA requests",
      "No to assess",
      "No to issue",
      "Ceased plans",
      "Net annual growth",
      "INMSS growth reduction",
    ],
    rows,
    numberFormats: [TEXT, THOUSANDS, RATE, RATE, THOUSANDS, THOUSANDS, RATE],
    emphasisedRows: [0, rows.length - 1],
    kinds,
  };
}

function balanceOutput(ledger: Ledger, when: Periods): Unplaced {
  return {
    name: OUTPUT_TABLE.balance,
    title: "Deficit by year (£'000)",
    headers: ["Year", DEFICIT_ROWS.inYear, DEFICIT_ROWS.closing],
    rows: ledger.years.map((y, k) => [y, ledger.inYear[k], ledger.closing[k]]),
    numberFormats: [TEXT, THOUSANDS, THOUSANDS],
    kinds: ledger.years.map((_, k) => [null, when.of(k, "forecast"), when.of(k, "forecast")]),
  };
}

// ---------------------------------------------------------------- what each intervention is worth

/** The rows that close the intervention value table, below a row per intervention. */
export const INTERVENTION_VALUE_ROWS = {
  sum: "Sum of the interventions",
  whole: "All together",
  interaction: "Interaction (difference)",
} as const;

/** The note under the intervention value table: the parts need not add up to the whole. */
export const INTERACTION_NOTE =
  "Effects interact: each intervention is measured by leaving it out with the others in place, so the interventions need not add up to all of them together; the difference is the interaction.";

/**
 * A row per non-paused intervention: average plans and INMSS placements
 * avoided in the balance target year, £'000 of expenditure avoided each year
 * and in total to the target year (expenditure without it − expenditure
 * with all, mitigated scenario); then their sum, all of them together (none
 * against all) and the difference, and a note that effects interact. Without
 * values (the model was not asked for them) only the note is written.
 */
function interventionValueOutput(result: ForecastResult): Unplaced {
  const v = result.interventionValues;
  const years = v?.years ?? result.ledger.years;
  const target = v?.targetYear ?? result.settings.balanceTargetYear;
  const headers = [
    "Intervention",
    `Plans avoided in ${target}`,
    `INMSS placements avoided in ${target}`,
    ...years.map((y) => `£'000 avoided ${y}`),
    `£'000 avoided to ${target}`,
  ];
  const row = (label: string, f: ValueFigures): CellValue[] => [
    label,
    f.ehcpsAvoidedInTarget,
    f.inmssAvoidedInTarget,
    ...f.costAvoided,
    f.costAvoidedToTarget,
  ];
  const rows: CellValue[][] = v
    ? [
        ...v.interventions.map((iv) => row(iv.name, iv)),
        row(INTERVENTION_VALUE_ROWS.sum, v.sumOfParts),
        row(INTERVENTION_VALUE_ROWS.whole, v.whole),
        row(INTERVENTION_VALUE_ROWS.interaction, v.interaction),
      ]
    : [];
  rows.push([INTERACTION_NOTE, ...headers.slice(1).map(() => null)]);
  return {
    name: OUTPUT_TABLE.interventionValue,
    title: "What each intervention is worth: left out, against all of them (£'000)",
    headers,
    rows,
    numberFormats: [TEXT, COUNT, COUNT, ...headers.slice(3).map(() => THOUSANDS)],
    emphasisedRows: v ? [v.interventions.length + 1] : [],
    kinds: rows.map((r) => r.map((x, j) => (j === 0 || x === null ? null : "forecast"))),
  };
}

// ---------------------------------------------------------------- sensitivity

/** The sensitivity table's words for a balance year not reached. */
export const NOT_REACHED = "Not reached";

/**
 * SEND_OutSensitivity: a row per input moved (`sensitivity`), largest swing
 * first as the model sorts them: what was moved, by how much, the change in
 * the mitigated total deficit balance at the end of the balance target year
 * with it moved down and up (£'000), and the balance year either way.
 * Without the model's figures (it was not asked, or a moved run failed) one
 * row says so.
 */
function sensitivityOutput(result: ForecastResult): Unplaced {
  const s = result.sensitivity;
  const target = s?.targetYear ?? result.settings.balanceTargetYear;
  const pct = `${Math.round((s?.share ?? 0.1) * 1000) / 10}%`;
  // Inputs with a range in SEND_Uncertainty are moved by it: then "down" and "up" rather than a percentage.
  const ranged = s?.rows.some((r) => r.ranged) ?? false;
  const down = ranged ? ", input down" : ` at −${pct}`;
  const up = ranged ? ", input up" : ` at +${pct}`;
  const headers = [
    "Input",
    "Moved by",
    `Change in total deficit balance ${target}${down}`,
    `Change in total deficit balance ${target}${up}`,
    `Balance year${down}`,
    `Balance year${up}`,
  ];
  const rows: CellValue[][] = s
    ? s.rows.map((r) => [
        r.label,
        r.by,
        r.low,
        r.high,
        r.balanceYearLow ?? NOT_REACHED,
        r.balanceYearHigh ?? NOT_REACHED,
      ])
    : [["Sensitivity not worked out: refresh to work it out", null, null, null, null, null]];
  return {
    name: OUTPUT_TABLE.sensitivity,
    title: `Sensitivity: change in the total deficit balance at the end of ${target} with each input moved ${ranged ? `by its range in SEND_Uncertainty, else ±${pct}` : `±${pct}`}, largest swing first (£'000)`,
    headers,
    rows,
    numberFormats: [TEXT, TEXT, THOUSANDS, THOUSANDS, TEXT, TEXT],
    kinds: rows.map((r) => r.map((x, j) => (j < 2 || x === null ? null : "forecast"))),
  };
}

// ---------------------------------------------------------------- Monte Carlo

/** SEND_OutSimulation's columns of the total deficit balance, as the fan chart plots them. */
export const SIMULATION_COLUMNS = {
  low: "Total deficit balance P10",
  middle: "Total deficit balance P50",
  high: "Total deficit balance P90",
  spread: "Total deficit balance P90 − P10",
} as const;

/**
 * SEND_OutSimulation: a row per year of the deficit table, with P10, P50
 * and P90 of the EHCPs at 31 March (blank before the forecast) and of the
 * total deficit balance at the year end (£'000) over the draws, and the
 * spread P90 − P10 (the width of the fan chart's band). Outturn years are
 * the same in every draw and are marked actual, as in SEND_OutBalance.
 */
function simulationOutput(sim: SimulationResult, result: ForecastResult, when: Periods): Unplaced {
  const years = result.ledger.years;
  const rows: CellValue[][] = sim.years.map((y) => [
    y.year,
    y.ehcps?.p10 ?? null,
    y.ehcps?.p50 ?? null,
    y.ehcps?.p90 ?? null,
    y.closing.p10,
    y.closing.p50,
    y.closing.p90,
    y.closing.p90 - y.closing.p10,
  ]);
  const draws = sim.draws.toLocaleString("en-GB");
  return {
    name: OUTPUT_TABLE.simulation,
    title: `Monte Carlo: ${draws} draws, seed ${sim.seed}: EHCPs at 31 March and total deficit balance at the year end by percentile (£'000)`,
    headers: [
      "Year",
      "EHCPs P10",
      "EHCPs P50",
      "EHCPs P90",
      SIMULATION_COLUMNS.low,
      SIMULATION_COLUMNS.middle,
      SIMULATION_COLUMNS.high,
      SIMULATION_COLUMNS.spread,
    ],
    rows,
    numberFormats: [TEXT, COUNT, COUNT, COUNT, THOUSANDS, THOUSANDS, THOUSANDS, THOUSANDS],
    kinds: rows.map((r, k) => {
      const at = years.indexOf(sim.years[k].year);
      return byYear(r, 1, () => (at >= 0 ? when.of(at, "forecast") : "forecast"));
    }),
    notes: [
      `Draws: ${draws}; seed: ${sim.seed} (the same seed gives the same figures). Each draw varies each intervention's delivered share of its impact (mean: its confidence), the baseline's requests, refusal rates and ceased plans, and unit-cost inflation where SEND_Uncertainty gives a range.`,
      "P10: one draw in ten ends at or below it; P50: the middle draw; P90: one draw in ten ends at or above it. Each year's percentiles are taken on their own, so a row is not one draw.",
    ],
  };
}

/** The outcomes table's words for a Safety Valve condition without an agreement. */
export const NO_AGREEMENT = "No Safety Valve agreement";

/**
 * SEND_OutSimulationOutcomes: the share of the draws meeting each
 * condition (in-year balance by the balance target year; the total deficit
 * balance within the cap in the cap year, or "No Safety Valve agreement"),
 * then the balance year's distribution: the share of draws whose balance
 * year is each year, and the share never in balance within the forecast.
 */
function simulationOutcomesOutput(sim: SimulationResult, result: ForecastResult): Unplaced {
  const s = result.settings;
  const years = sim.years.map((y) => y.year);
  const last = years[years.length - 1];
  const rows: CellValue[][] = [
    [`In-year balance by ${sim.targetYear} (the balance target year)`, sim.inYearBalance],
    [
      s.safetyValve
        ? `Total deficit balance within the cap of ${Math.round(s.deficitCap).toLocaleString("en-GB")} in ${s.deficitCapYear}`
        : "Total deficit balance within the cap",
      sim.withinCap ?? NO_AGREEMENT,
    ],
    ...sim.balanceYears.map((b) => [
      b.year === null ? `Not in balance by ${last}` : `Balance year ${b.year}`,
      b.share,
    ]),
  ];
  return {
    name: OUTPUT_TABLE.simulationOutcomes,
    title: `Monte Carlo: how likely each outcome is, as a share of the ${sim.draws.toLocaleString("en-GB")} draws`,
    headers: ["Outcome", "Share of draws"],
    rows,
    numberFormats: [TEXT, RATE],
    kinds: rows.map((r) => [null, typeof r[1] === "number" ? "forecast" : null]),
    notes: [
      "The balance year is the first year from which every in-year position to the end of the forecast is a surplus or nil; the balance-year rows add up to 100%.",
    ],
  };
}

// ---------------------------------------------------------------- against the original plan

/**
 * SEND_OutOriginalPlan: each figure of the original plan (SEND_OriginalPlan)
 * beside the forecast's for the same measure and year, the difference, and
 * the report's sentence for it. Without the input, one row says how to give it.
 */
function originalPlanOutput(result: ForecastResult, when: Periods): Unplaced {
  const rows: CellValue[][] = (result.originalPlan?.rows ?? []).map((r) => [
    r.label,
    r.measure === "residual"
      ? `${r.year} (plan), ${r.forecastYear ?? "not reached"} (forecast)`
      : r.year,
    r.plan,
    r.forecast,
    r.difference,
    r.sentence,
  ]);
  if (rows.length === 0)
    rows.push([
      "No original plan given",
      null,
      null,
      null,
      null,
      "Give the original plan's In-year deficit and Total deficit balance by year in SEND_OriginalPlan to compare the forecast with it.",
    ]);
  const years = result.ledger.years;
  const kinds = (result.originalPlan?.rows ?? []).map((r) => {
    const k = r.forecastYear === null ? -1 : years.indexOf(r.forecastYear);
    const forecast: CellKind = k >= 0 ? when.of(k, "forecast") : "forecast";
    return [
      null,
      null,
      "supplied" as CellKind,
      r.forecast === null ? null : forecast,
      r.difference === null ? null : ("forecast" as CellKind),
      null,
    ];
  });
  return {
    name: OUTPUT_TABLE.originalPlan,
    title: "Against the original plan (£'000)",
    headers: ["Measure", "Year", "Original plan", "Forecast", "Difference", "In words"],
    rows,
    numberFormats: [TEXT, TEXT, THOUSANDS, THOUSANDS, THOUSANDS, TEXT],
    ...(kinds.length > 0 ? { kinds } : {}),
  };
}

/** Months as Excel dates, so the finance team can sort and filter them. */
function trajectoryOutput(result: ForecastResult): Unplaced {
  const s = result.scenarios;
  const months = s.mitigated.months;
  const comparison = result.comparison;
  const compared = comparison
    ? new Map(comparison.months.map((m, k) => [m, comparison.ehcps[k]]))
    : undefined;
  const headers = ["Month", "EHCPs unmitigated", "EHCPs mitigated", "EHCPs risk-adjusted"];
  if (comparison) headers.push(uniqueHeader(`EHCPs ${comparison.label}`, headers));
  headers.push("INMSS unmitigated", "INMSS mitigated", "INMSS risk-adjusted");
  const rows: CellValue[][] = months.map((m, k) => [
    serialOfMonth(m),
    s.unmitigated.ehcps[k],
    s.mitigated.ehcps[k],
    s.riskAdjusted.ehcps[k],
    ...(compared ? [compared.get(m) ?? null] : []),
    s.unmitigated.inmss[k],
    s.mitigated.inmss[k],
    s.riskAdjusted.inmss[k],
  ]);
  // Every month is a forecast month; the comparison column is the workbook's own series.
  const comparedColumn = compared ? 4 : -1;
  return {
    name: OUTPUT_TABLE.trajectory,
    title: "EHCPs and INMSS placements by month and scenario",
    headers,
    rows,
    numberFormats: [MONTH, ...headers.slice(1).map(() => COUNT)],
    kinds: rows.map((r) =>
      r.map((v, j) =>
        j === 0 || v === null ? null : j === comparedColumn ? "supplied" : "forecast"
      )
    ),
  };
}

function uniqueHeader(header: string, taken: readonly string[]): string {
  let h = header;
  for (let k = 2; taken.includes(h); k++) h = `${header} (${k})`;
  return h;
}

// ------------------------------------------------------------------ every scenario's ledger

/** The scenario table's fixed measures; each scenario's two condition rows follow them, named by their year and cap. */
export const SCENARIO_ROWS = {
  inYear: "In-year deficit (+)/surplus (-)",
  closing: "Total deficit balance",
  residual: "Residual deficit in the balance year",
  peak: "Peak deficit",
} as const;

/**
 * Every scenario's ledger side by side, laid out like a return: years as
 * columns, £'000. Each scenario has its in-year and total deficit balance
 * rows, then its outcomes, each with its result in the Result column and its
 * figure under the year it belongs to: the residual under the balance year
 * (Result: the balance year, or "Not reached"), the peak under the peak year,
 * and each Safety Valve condition ("Pass"/"Fail") under its deciding year.
 */
export function scenarioTable(
  result: ForecastResult,
  shown: Record<ScenarioId, Ledger> = result.ledgers
): {
  headers: string[];
  rows: CellValue[][];
} {
  const years = result.ledger.years;
  const at = (year: YearLabel | null, value: number | null): CellValue[] =>
    years.map((y) => (year !== null && y === year ? value : null));
  const rows: CellValue[][] = [];
  for (const id of SCENARIOS) {
    const name = SCENARIO_LABELS[id];
    const l = shown[id];
    const o = shownOutcome(result.outcomes[id], l);
    const condition = (cid: Condition["id"]) => o.conditions.find((c) => c.id === cid);
    rows.push(
      [name, SCENARIO_ROWS.inYear, null, ...l.inYear],
      [name, SCENARIO_ROWS.closing, null, ...l.closing],
      [
        name,
        SCENARIO_ROWS.residual,
        o.balanceYear ?? "Not reached",
        ...at(o.balanceYear, o.residualDeficit),
      ],
      [name, SCENARIO_ROWS.peak, o.peakYear, ...at(o.peakYear, o.peakDeficit)]
    );
    const inYear = condition("inYearBalance");
    const cap = condition("deficitCap");
    if (inYear)
      rows.push([
        name,
        `In-year balance from ${result.settings.balanceTargetYear}`,
        inYear.pass ? "Pass" : "Fail",
        ...at(inYear.year, inYear.value),
      ]);
    if (cap)
      rows.push([
        name,
        `Deficit within the cap of ${Math.round(cap.limit).toLocaleString("en-GB")} in ${result.settings.deficitCapYear}`,
        cap.pass ? "Pass" : "Fail",
        ...at(cap.year, cap.value),
      ]);
  }
  return { headers: ["Scenario", "Measure", "Result", ...years], rows };
}

function scenariosOutput(
  result: ForecastResult,
  when: Periods,
  shown: Record<ScenarioId, Ledger>
): Unplaced {
  const table = scenarioTable(result, shown);
  return {
    name: OUTPUT_TABLE.scenarios,
    title: "Every scenario's ledger: unmitigated, mitigated and risk-adjusted (£'000)",
    headers: table.headers,
    rows: table.rows,
    numberFormats: [TEXT, TEXT, TEXT, ...result.ledger.years.map(() => THOUSANDS)],
    emphasisedRows: table.rows.flatMap((r, k) => (r[1] === SCENARIO_ROWS.closing ? [k] : [])),
    kinds: table.rows.map((r) => byYear(r, 3, (k) => when.of(k, "forecast"))),
  };
}
