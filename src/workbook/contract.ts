import {
  financialYearOf,
  isMonthKey,
  labelKey,
  monthIndex,
  monthKey,
  scaleProblems,
  validateInput,
  type ForecastInput,
  type InputProblem,
  type MonthKey,
  type Warning,
  type YearLabel,
} from "../model";
import {
  OUTPUT_SHEET,
  type NameInfo,
  type OutputSheet,
  type RangeData,
  type ReadResult,
} from "./port";
import { formatProblem, type CellProblem, type CellWarning } from "./problems";
import { OUTPUT_TABLES } from "./output";
import { localRange, parseAddress } from "./address";
import { toCellValue } from "./cells";
import { rangeAddress, type Parsed, type Provenance } from "./grid";
import {
  type ExpenditureBlank,
  parseBaseline,
  parseComparison,
  parseCosts,
  parseExpenditure,
  parseFunding,
  parseInterventions,
  parseMonthly,
  parseOpeningDeficit,
  parseOriginalPlan,
  parsePlanActivity,
  parseSettings,
  parseUncertainty,
} from "./inputs";

// The per-input parsers are part of the contract: the custom functions read their range arguments with them.
export * from "./inputs";
export type { CellRef, Parsed, Provenance } from "./grid";

/**
 * The workbook contract (spec: WORKBOOK.md): the inputs the add-in reads by
 * name, how they are found, the guards on the output sheet, and how the
 * model's own problems are reported against the cells they came from.
 */
export const CONTRACT_INPUTS: readonly { name: string; required: boolean; description: string }[] =
  [
    {
      name: "SEND_Baseline",
      required: true,
      description:
        "The demand system at the forecast start: keys and values (required unless SEND_Monthly gives it)",
    },
    {
      name: "SEND_Monthly",
      required: false,
      description:
        "Monthly actuals: Month, Requests, NoToAssess, NoToIssue, PlansIssued, Ceased (TransfersIn, EHCPs, INMSS optional)",
    },
    {
      name: "SEND_Interventions",
      required: false,
      description: "Interventions: Name, Lever, Impact, Start, RampMonths, Status, Confidence",
    },
    {
      name: "SEND_Expenditure",
      required: true,
      description: "Provision lines by financial year, £'000: Provision, then year labels",
    },
    {
      name: "SEND_Funding",
      required: true,
      description:
        "High Needs Block, Block Transfer, Other DSG Blocks, Safety Valve Income by year, £'000, income negative",
    },
    {
      name: "SEND_OpeningDeficit",
      required: true,
      description: "The deficit brought forward into the first year, £'000",
    },
    {
      name: "SEND_Costs",
      required: false,
      description:
        "Driver-based lines: Line, Driver (EHCPs or INMSS), Share, UnitCost (£), Inflation, BaseYear, Method (Total or Change)",
    },
    {
      name: "SEND_PlanActivity",
      required: false,
      description:
        "The activity the plan's expenditure was built on: rows EHCPs and INMSS (yearly averages), the year columns of SEND_Expenditure",
    },
    {
      name: "SEND_Settings",
      required: false,
      description:
        "SafetyValve (Yes or No), BalanceTargetYear, DeficitCap, DeficitCapYear, Rounding: keys and values; a setting left out is assumed, with a warning",
    },
    {
      name: "SEND_OriginalPlan",
      required: false,
      description:
        "The original plan's figures to compare with, £'000: rows In-year deficit and Total deficit balance, years of SEND_Expenditure (blank: not given)",
    },
    {
      name: "SEND_Comparison",
      required: false,
      description:
        "A trajectory to compare the forecast with, e.g. the original Safety Valve plan: Month, EHCPs, one row a month",
    },
    {
      name: "SEND_Uncertainty",
      required: false,
      description:
        "How the Monte Carlo draws: Draws, Seed, Concentration, RequestsSD, NoToAssessSD, NoToIssueSD, CeasedSD, DefaultSpread, InflationRange: keys and values; each left out takes its default",
    },
  ];

// What each input holds, as the missing-input message says it.
const HOLDS: Record<string, string> = {
  SEND_Baseline: "the demand baseline as keys and values (or give monthly actuals in SEND_Monthly)",
  SEND_Expenditure: "the provision lines by year (£'000)",
  SEND_Funding: "the funding rows by year (£'000, income negative)",
  SEND_OpeningDeficit: "the deficit brought forward into the first year (£'000)",
};

/** The names to ask the workbook for: each input's bound name where the user bound one, else the contract's name. */
export function requestedNames(bindings: Record<string, string>): string[] {
  return CONTRACT_INPUTS.map((c) => boundName(bindings, c.name));
}

/** The name an input is read from: the user's bound name or table, else the contract's name. */
export function boundName(bindings: Record<string, string>, input: string): string {
  const key = Object.keys(bindings).find((k) => labelKey(k) === labelKey(input));
  const bound = key === undefined ? undefined : bindings[key]?.trim();
  return bound ? bound : input;
}

/**
 * The range read for an input: by its requested spelling, then any read
 * range whose name matches punctuation-insensitively (the refresh reads such
 * a name again under the workbook's own spelling).
 */
export function findRange(read: ReadResult, name: string): RangeData | undefined {
  const exact = read.ranges[name];
  if (exact) return exact;
  const key = labelKey(name);
  for (const [requested, range] of Object.entries(read.ranges))
    if (range && (labelKey(requested) === key || labelKey(range.name) === key)) return range;
  return undefined;
}

/**
 * Names in the workbook that match `name` only when punctuation is ignored
 * ("SEND Baseline" for "SEND_Baseline"): workbook-scoped names first.
 */
export function looseMatches(names: readonly NameInfo[], name: string): NameInfo[] {
  const key = labelKey(name);
  return names
    .filter((n) => labelKey(n.name) === key)
    .sort((a, b) => Number(a.scope !== undefined) - Number(b.scope !== undefined));
}

/** Where one input is: the name it is read from and its range; when none was read, the names the workbook spells like it. */
export interface InputLocation {
  /** The contract's name (SEND_Baseline). */
  input: string;
  required: boolean;
  /** The name it is read from: the user's bound name or table, else the contract's name. */
  label: string;
  range: RangeData | undefined;
  /** Without a range: names that match the label once punctuation is ignored, workbook-scoped first. */
  listed: NameInfo[];
}

/** Every input looked up in what was read, once: by its bound name, then punctuation-insensitively. */
export function locateInputs(read: ReadResult): InputLocation[] {
  return CONTRACT_INPUTS.map(({ name: input, required }) => {
    const label = boundName(read.bindings ?? {}, input);
    const range = findRange(read, label);
    return {
      input,
      required,
      label,
      range,
      listed: range ? [] : looseMatches(read.names ?? [], label),
    };
  });
}

export type ReadInputsOutcome =
  | {
      ok: true;
      input: ForecastInput;
      warnings: string[];
      /** The same warnings with their codes and cells. */
      warningDetails: CellWarning[];
      /** Input → the address it was read from ("'SEND Inputs'!B3:C12"). */
      found: Record<string, string>;
      /** Model field path → its cell; each input's own name → the whole input. */
      where: Provenance;
      /** Input → how a formula refers to it in this workbook ("SEND_Expenditure", "Costs2025[#All]"). */
      names: Record<string, string>;
    }
  | {
      ok: false;
      problems: CellProblem[];
      /** What the inputs read were warned of, kept for the failed run's report. */
      warnings: string[];
      warningDetails: CellWarning[];
    };

/**
 * Every input read, checked and assembled into the model's input; every
 * problem collected, each with the input name and cell (the model's own
 * checks included, mapped back to the cells their values came from).
 * `located` is where the inputs were found in `read`, when the caller has
 * looked them up already.
 */
export function readInputs(
  read: ReadResult,
  located: readonly InputLocation[] = locateInputs(read)
): ReadInputsOutcome {
  const problems: CellProblem[] = [];
  const warnings: string[] = [];
  const warningDetails: CellWarning[] = [];
  const where: Provenance = {};
  const found: Record<string, string> = {};
  const names: Record<string, string> = {};

  // Every input found first: SEND_Baseline may be left out only when SEND_Monthly is there.
  const at: Partial<Record<string, { range: RangeData; label: string }>> = {};
  for (const { input, label, range } of located) {
    if (!range) continue;
    at[input] = { range, label };
    found[input] = rangeAddress(range);
    // A problem with the input as a whole points at its key column for the two-column inputs
    // (a key that is missing), else at every cell of the range.
    const keyed = input === "SEND_Baseline" || input === "SEND_Settings";
    const width = range.values.reduce((w, row) => Math.max(w, row.length), 0);
    where[input] = {
      input: label,
      sheet: range.sheet,
      cell: localRange(
        range.row,
        range.column,
        Math.max(1, range.values.length),
        keyed ? 1 : Math.max(1, width)
      ),
    };
    names[input] = range.kind === "table" ? `${range.name}[#All]` : range.name;
  }
  for (const { input, label, required, range, listed } of located) {
    if (range) continue;
    if (listed.length > 0 && listed[0].address === null)
      problems.push({
        input: label,
        sheet: "",
        cell: "",
        message: `expected a range or table; the name ${listed[0].name} does not refer to cells of this workbook (its reference is broken: #REF!, or a sheet that is not there); point it at the cells in Name Manager`,
      });
    else if (required && !(input === "SEND_Baseline" && at.SEND_Monthly))
      problems.push({
        input: label,
        sheet: "",
        cell: "",
        message:
          label === input
            ? `expected a named range or table called ${input}, holding ${HOLDS[input]}; none found`
            : `expected the name or table ${label}, bound to ${input}; none found`,
      });
  }

  // A located input through its parser, its problems, warnings and cells kept; undefined when the input is absent.
  const take = <T>(
    input: string,
    parse: (range: RangeData, label: string) => Parsed<T>
  ): T | undefined => {
    const place = at[input];
    if (!place) return undefined;
    const parsed = parse(place.range, place.label);
    problems.push(...parsed.problems);
    warnings.push(...parsed.warnings);
    warningDetails.push(...parsed.warningDetails);
    Object.assign(where, parsed.where);
    return parsed.value;
  };
  const input: ForecastInput = { years: [], expenditure: [], funding: {}, openingDeficit: 0 };
  const set = <K extends keyof ForecastInput>(
    key: K,
    value: ForecastInput[K] | undefined
  ): void => {
    if (value !== undefined) input[key] = value;
  };

  // An input given by the expenditure's years: without those years its columns cannot be checked against them.
  const byYear = <T>(
    name: string,
    parse: (r: RangeData, years: YearLabel[], label: string, expenditure: string) => Parsed<T>
  ): T | undefined =>
    input.years.length > 0
      ? take(name, (r, label) => parse(r, input.years, label, at.SEND_Expenditure!.label))
      : undefined;

  set("baseline", take("SEND_Baseline", parseBaseline));
  set("monthly", take("SEND_Monthly", parseMonthly));
  set("interventions", take("SEND_Interventions", parseInterventions));
  const expenditure = take("SEND_Expenditure", (r, label) =>
    parseExpenditure(r, label, { deferBlanks: true })
  );
  if (expenditure) {
    input.years = expenditure.years;
    input.expenditure = expenditure.lines;
    if (expenditure.suppliedTotal)
      input.suppliedTotals = { expenditure: expenditure.suppliedTotal };
  }
  set("funding", byYear("SEND_Funding", parseFunding));
  set("openingDeficit", take("SEND_OpeningDeficit", parseOpeningDeficit));
  set(
    "costs",
    take("SEND_Costs", (r, label) => parseCosts(r, label, input.years))
  );
  set("planActivity", byYear("SEND_PlanActivity", parsePlanActivity));
  set("originalPlan", byYear("SEND_OriginalPlan", parseOriginalPlan));
  set("settings", take("SEND_Settings", parseSettings));
  set("comparison", take("SEND_Comparison", parseComparison));
  set("uncertainty", take("SEND_Uncertainty", parseUncertainty));

  if (expenditure?.blanks) problems.push(...unreplacedBlanks(expenditure.blanks, input));

  // The model's own checks too, so every problem comes back in one pass; where a cell was already
  // refused (its figure read as 0), or an input could not be read at all, what the model says of
  // it would only follow from that, and is left out. The scale checks (figures in pounds among
  // figures in £'000) are about how a workbook is typed, so they are made here, not in the model.
  const model = [...validateInput(input), ...scaleProblems(input)];
  if (problems.length > 0) {
    const refused = new Set(problems.map(cellKey));
    const atCells = model.filter((p) => !isWholeInput(p, where));
    problems.push(
      ...locateProblems(atCells, where).filter((p) => p.cell !== "" && !refused.has(cellKey(p)))
    );
    return { ok: false, problems, warnings, warningDetails };
  }
  const modelProblems = locateProblems(model, where);
  if (modelProblems.length > 0)
    return { ok: false, problems: modelProblems, warnings, warningDetails };
  return { ok: true, input, warnings, warningDetails, found, where, names };
}

function cellKey(p: CellProblem): string {
  return `${p.sheet}!${p.cell}`;
}

/**
 * The empty figures of provision lines that are still problems: all but
 * those of a line a Total cost line drives, in the years its figure is
 * replaced (from the financial year of the forecast start on, when the
 * forecast runs to the end of the table). Those read as 0 and are never used.
 */
function unreplacedBlanks(
  blanks: readonly ExpenditureBlank[],
  input: ForecastInput
): CellProblem[] {
  const start = forecastStartOf(input);
  const driven = new Set(
    (input.costs ?? [])
      .filter((c) => (c.method ?? "Total") === "Total")
      .map((c) => labelKey(String(c.line)))
  );
  const from =
    start === undefined || input.horizonMonths !== undefined
      ? undefined
      : financialYearOf(monthIndex(start));
  return blanks
    .filter((b) => {
      const line = input.expenditure[b.line];
      const year = input.years[b.year];
      return !(from !== undefined && line && driven.has(labelKey(line.label)) && year >= from);
    })
    .map((b) => b.problem);
}

/** The forecast's first month as the model will take it: the baseline's, else the month after the last monthly actual. */
function forecastStartOf(input: ForecastInput): MonthKey | undefined {
  const given = input.baseline?.forecastStart;
  if (given !== undefined) return isMonthKey(given) ? given : undefined;
  const months = (input.monthly ?? []).map((m) => m.month).filter(isMonthKey);
  if (months.length === 0) return undefined;
  const last = Math.max(...months.map(monthIndex));
  return monthKey(last + 1);
}

/**
 * The guards on the output: what a write may not do to the workbook the
 * read saw. A sheet called SEND Forecast that is not marked as the add-in's
 * is the user's; and the output tables' names are the add-in's too, so a
 * name or table of the user's that already carries one, anywhere but on the
 * add-in's own sheet, would collide with the write. A refresh reports these
 * with the input problems, before anything is computed; each adapter's write
 * refuses the same (`refuseUnsafeWrite`).
 */
export function outputGuards(
  read: ReadResult,
  tables: readonly string[] = OUTPUT_TABLES
): CellProblem[] {
  const problems: CellProblem[] = [];
  if (read.outputSheet === "foreign")
    problems.push({
      input: OUTPUT_SHEET,
      sheet: "",
      cell: "",
      message: "a sheet of this name exists and is not the add-in's; rename it or delete it",
    });
  const ours = new Set(tables.map((t) => t.toLowerCase()));
  for (const n of read.names ?? []) {
    if (!ours.has(n.name.toLowerCase())) continue;
    const at = n.address === null ? null : parseAddress(n.address);
    if (
      read.outputSheet === "ours" &&
      at !== null &&
      at.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase()
    )
      continue;
    problems.push({
      input: n.name,
      sheet: at?.sheet ?? "",
      cell: "",
      message: `the workbook already has a ${n.kind === "table" ? "table" : "name"} of this name${at ? ` (${n.address})` : ""}, which the add-in uses for its output on '${OUTPUT_SHEET}'; rename yours, then refresh`,
    });
  }
  return problems;
}

/** For an adapter's write: throws, before anything is written, when the output guards refuse the write for the read it follows. */
export function refuseUnsafeWrite(read: ReadResult, output: OutputSheet): void {
  if (output.name !== OUTPUT_SHEET)
    throw new Error(
      `The add-in writes only to its own sheet '${OUTPUT_SHEET}', not '${output.name}'.`
    );
  const problems = outputGuards(read, [...OUTPUT_TABLES, ...output.tables.map((t) => t.name)]);
  if (problems.length > 0)
    throw new Error(`${problems.map(formatProblem).join("\n")}\nNothing was written.`);
}

// Which input each top-level field of the model's input is read from.
const SECTION_INPUT: Record<string, string> = {
  baseline: "SEND_Baseline",
  monthly: "SEND_Monthly",
  interventions: "SEND_Interventions",
  years: "SEND_Expenditure",
  expenditure: "SEND_Expenditure",
  suppliedTotals: "SEND_Expenditure",
  funding: "SEND_Funding",
  openingDeficit: "SEND_OpeningDeficit",
  costs: "SEND_Costs",
  planActivity: "SEND_PlanActivity",
  originalPlan: "SEND_OriginalPlan",
  settings: "SEND_Settings",
  horizonMonths: "SEND_Settings",
  comparison: "SEND_Comparison",
  uncertainty: "SEND_Uncertainty",
};

/**
 * The model's problems (field paths such as "expenditure[1].values[3]")
 * against the cells their values came from: the exact path, else its
 * nearest recorded parent, else the whole input (recorded under the
 * input's contract name).
 */
export function locateProblems(
  problems: readonly InputProblem[],
  where: Provenance
): CellProblem[] {
  return problems.map((p) => {
    let path = p.field;
    for (;;) {
      const ref = where[path];
      if (ref) return { ...ref, message: p.message };
      const parent = path.replace(/(\[\d+\]|\.[A-Za-z]+)$/, "");
      if (parent === path) break;
      path = parent;
    }
    const input = inputOf(p);
    const whole = where[input] ?? { input, sheet: "", cell: "" };
    return { ...whole, message: p.message };
  });
}

/** The contract input a model field path belongs to: "SEND_Baseline" for "baseline.requests". */
function inputOf(p: InputProblem): string {
  const section = /^[A-Za-z]+/.exec(p.field)?.[0] ?? "";
  return SECTION_INPUT[section] ?? section;
}

/** Whether locateProblems puts the model's problem at its whole input (no cell of its own is recorded). */
function isWholeInput(p: InputProblem, where: Provenance): boolean {
  for (let path = p.field; ;) {
    if (where[path] && path !== inputOf(p)) return false;
    const parent = path.replace(/(\[\d+\]|\.[A-Za-z]+)$/, "");
    if (parent === path) return true;
    path = parent;
  }
}

/** The model's warnings against their cells, as its problems are; one about no input in particular has none. */
export function locateWarnings(warnings: readonly Warning[], where: Provenance): CellWarning[] {
  return warnings.map((w) =>
    w.field === undefined
      ? { code: w.code, input: "", sheet: "", cell: "", message: w.message }
      : { code: w.code, ...locateProblems([{ field: w.field, message: w.message }], where)[0] }
  );
}

/**
 * A bare 2-D array (a custom function's argument) as a range at A1 with
 * General formats, so the same parsers read it (its values read as cells
 * are read: see toCellValue).
 */
export function rangeFromValues(name: string, values: unknown[][]): RangeData {
  const rows = Array.isArray(values)
    ? values.map((row) => (Array.isArray(row) ? row : [row]))
    : [[values]];
  return {
    name,
    kind: "name",
    sheet: "",
    row: 0,
    column: 0,
    values: rows.map((row) => row.map(toCellValue)),
    numberFormats: rows.map((row) => row.map(() => "General")),
  };
}
