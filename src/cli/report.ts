/** What the headless refresh prints: the report's deficit table as text, or the documented JSON object. */
import {
  financialYearOf,
  monthIndex,
  NO_SAFETY_VALVE,
  SCENARIOS,
  type Condition,
  type DeficitOutcome,
  type ForecastResult,
  type InterventionValues,
  type Ledger,
  type OriginalPlanComparison,
  type ScenarioId,
  type SensitivityResult,
  type SimulationResult,
  type SystemRates,
  type ValueFigures,
  type YearSummary,
} from "../model";
import {
  INTERACTION_NOTE,
  INTERVENTION_VALUE_ROWS,
  ROUNDING_NOTES,
  deficitTable,
  presentedLedgers,
  roundingOf,
} from "../workbook/output";
import type { CellProblem, CellWarning, WarningCode } from "../workbook/problems";

/** A problem with the input as `--json` gives it: field is the input's name as the workbook spells it; sheet and cell are "" when unknown. */
export interface ProblemJson {
  field: string;
  sheet: string;
  cell: string;
  message: string;
}

/** A warning as `--json` gives it: a stable code, then where it is ("" when it belongs to no input or cell) and what it says. */
export interface WarningJson extends ProblemJson {
  code: WarningCode;
}

/** What `--json` prints when the input is invalid (exit 2): every problem, nothing written. */
export interface InvalidInputJson {
  ok: false;
  problems: ProblemJson[];
  /** The warnings of the inputs that were read, as a successful run gives them. */
  warnings: WarningJson[];
}

/** What `--json` prints for any other failure (exit 1): the message also shown on stderr. */
export interface ErrorJson {
  ok: false;
  error: string;
}

/** A Safety Valve condition as `--json` gives it. */
export interface ConditionJson {
  id: string;
  pass: boolean;
  year: string;
  value: number;
}

/** A scenario's outcome in `--json`: its balance year, residual, peak and both conditions. */
export interface OutcomeJson {
  balanceYear: string | null;
  residualDeficit: number | null;
  peakYear: string;
  peakDeficit: number;
  /** Both Safety Valve conditions; null without an agreement (`conditionsAbsent` at the top level says why). */
  conditions: ConditionJson[] | null;
}

/** The system's monthly rates in `--json`, with the net annual growth they give. */
export type RatesJson = SystemRates & { netAnnualGrowth: number };

/** One scenario's ledger in `--json`: its lines and yearly rows, balance year, residual, peak and both conditions. */
export interface ScenarioLedgerJson extends OutcomeJson {
  lines: Record<string, number[]>;
  expenditure: number[];
  inYear: number[];
  opening: number[];
  closing: number[];
  /** The scenario's EHCPs and INMSS placements by forecast year (from the forecast start's year). */
  yearly: YearSummaryJson[];
}

/** One forecast year of a scenario in `--json`: EHCPs and INMSS placements at 31 March and on average, new plans and ceased plans (the model's own summary). */
export type YearSummaryJson = YearSummary;

/** Average EHCPs and INMSS placements avoided and £'000 avoided, by year and to the balance target year (the model's own figures). */
export type ValueFiguresJson = ValueFigures;

/** `interventionValues` in `--json`: a row per non-paused intervention (as listed), their sum, all together, the interaction and the note. */
export interface InterventionValuesJson {
  years: string[];
  targetYear: string;
  interventions: (ValueFiguresJson & { name: string })[];
  sumOfParts: ValueFiguresJson;
  whole: ValueFiguresJson;
  interaction: ValueFiguresJson;
  note: string;
}

/** The `--json` object on success: the README's keys, numbers unrounded. */
export interface ForecastJson extends OutcomeJson {
  ok: true;
  years: string[];
  lines: Record<string, number[]>;
  ledger: Pick<
    Ledger,
    | "expenditure"
    | "highNeedsBlock"
    | "blockTransfer"
    | "inYear"
    | "otherBlocks"
    | "safetyValve"
    | "opening"
    | "closing"
  >;
  /** Why `conditions` is null (no Safety Valve agreement); null when there are conditions. */
  conditionsAbsent: string | null;
  /** The settings the conditions and values were assessed with, and which of them were assumed (not given in SEND_Settings). */
  settings: {
    safetyValve: boolean;
    balanceTargetYear: string;
    deficitCap: number;
    deficitCapYear: string;
    assumptions: string[];
  };
  /** Every scenario's ledger (the mitigated one is `ledger`), each with its own outcome. */
  ledgers: Record<ScenarioId, ScenarioLedgerJson>;
  baseline: RatesJson;
  target: RatesJson & { month: string };
  scenarios: Record<ScenarioId, { months: string[]; ehcps: number[]; inmss: number[] }>;
  /** What each intervention is worth (null when it could not be measured). */
  interventionValues: InterventionValuesJson | null;
  /** The forecast against SEND_OriginalPlan: each figure's row and the report's sentences; null without the input. */
  originalPlan: OriginalPlanComparison | null;
  warnings: WarningJson[];
  /** The copy's absolute path; null with --no-write. */
  written: string | null;
}

export function problemJson(p: CellProblem): ProblemJson {
  return { field: p.input, sheet: p.sheet, cell: p.cell, message: p.message };
}

export function invalidInputJson(
  problems: readonly CellProblem[],
  warnings: readonly CellWarning[] = []
): InvalidInputJson {
  return {
    ok: false,
    problems: problems.map(problemJson),
    warnings: warnings.map((w) => ({ code: w.code, ...problemJson(w) })),
  };
}

export function errorJson(message: string): ErrorJson {
  return { ok: false, error: message };
}

export function forecastJson(
  result: ForecastResult,
  warnings: readonly CellWarning[],
  written: string | null
): ForecastJson {
  const l = result.ledger;
  return {
    ok: true,
    years: [...l.years],
    lines: linesJson(l.lines),
    ledger: {
      expenditure: [...l.expenditure],
      highNeedsBlock: [...l.highNeedsBlock],
      blockTransfer: [...l.blockTransfer],
      inYear: [...l.inYear],
      otherBlocks: [...l.otherBlocks],
      safetyValve: [...l.safetyValve],
      opening: [...l.opening],
      closing: [...l.closing],
    },
    ...outcomeJson(result, result.settings.safetyValve),
    conditionsAbsent: result.settings.safetyValve ? null : NO_SAFETY_VALVE,
    settings: {
      safetyValve: result.settings.safetyValve,
      balanceTargetYear: result.settings.balanceTargetYear,
      deficitCap: result.settings.deficitCap,
      deficitCapYear: result.settings.deficitCapYear,
      assumptions: [...(result.assumptions ?? [])],
    },
    ledgers: Object.fromEntries(
      SCENARIOS.map((id) => {
        const sl = result.ledgers[id];
        const json: ScenarioLedgerJson = {
          lines: linesJson(sl.lines),
          expenditure: [...sl.expenditure],
          inYear: [...sl.inYear],
          opening: [...sl.opening],
          closing: [...sl.closing],
          ...outcomeJson(result.outcomes[id], result.settings.safetyValve),
          yearly: result.scenarios[id].years.map((y) => ({
            year: y.year,
            closingEhcps: y.closingEhcps,
            averageEhcps: y.averageEhcps,
            newPlans: y.newPlans,
            ceased: y.ceased,
            closingInmss: y.closingInmss,
            averageInmss: y.averageInmss,
          })),
        };
        return [id, json];
      })
    ) as ForecastJson["ledgers"],
    baseline: ratesJson(result.baseline),
    target: { month: result.target.month, ...ratesJson(result.target) },
    scenarios: Object.fromEntries(
      SCENARIOS.map((id) => [
        id,
        {
          months: [...result.scenarios[id].months],
          ehcps: [...result.scenarios[id].ehcps],
          inmss: [...result.scenarios[id].inmss],
        },
      ])
    ) as ForecastJson["scenarios"],
    interventionValues: result.interventionValues
      ? interventionValuesJson(result.interventionValues)
      : null,
    originalPlan: result.originalPlan
      ? {
          rows: result.originalPlan.rows.map((r) => ({ ...r })),
          sentences: [...result.originalPlan.sentences],
        }
      : null,
    warnings: warnings.map((w) => ({ code: w.code, ...problemJson(w) })),
    written,
  };
}

function interventionValuesJson(v: InterventionValues): InterventionValuesJson {
  const figures = (f: ValueFiguresJson): ValueFiguresJson => ({
    ehcpsAvoided: [...f.ehcpsAvoided],
    inmssAvoided: [...f.inmssAvoided],
    costAvoided: [...f.costAvoided],
    ehcpsAvoidedInTarget: f.ehcpsAvoidedInTarget,
    inmssAvoidedInTarget: f.inmssAvoidedInTarget,
    costAvoidedToTarget: f.costAvoidedToTarget,
  });
  return {
    years: [...v.years],
    targetYear: v.targetYear,
    interventions: v.interventions.map((iv) => ({ name: iv.name, ...figures(iv) })),
    sumOfParts: figures(v.sumOfParts),
    whole: figures(v.whole),
    interaction: figures(v.interaction),
    note: INTERACTION_NOTE,
  };
}

function linesJson(lines: Ledger["lines"]): Record<string, number[]> {
  return Object.fromEntries(lines.map((line) => [line.label, [...line.values]]));
}

function outcomeJson(o: DeficitOutcome, safetyValve: boolean): OutcomeJson {
  const { balanceYear, residualDeficit, peakYear, peakDeficit } = o;
  return {
    balanceYear,
    residualDeficit,
    peakYear,
    peakDeficit,
    conditions: safetyValve ? o.conditions.map(conditionJson) : null,
  };
}

function ratesJson(r: RatesJson): RatesJson {
  const { requests, noToAssessRate, noToIssueRate, ceased, netAnnualGrowth } = r;
  return { requests, noToAssessRate, noToIssueRate, ceased, netAnnualGrowth };
}

function conditionJson(c: Condition): ConditionJson {
  return { id: c.id, pass: c.pass, year: c.year, value: c.value };
}

const thousands = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** £'000 as the report prints it: whole thousands, separators, a minus for income. */
export function money(v: number): string {
  const s = thousands.format(Math.round(v));
  return s === "-0" ? "0" : s;
}

/** The revised deficit table laid out like the report: years as columns, £'000. */
export function deficitTableText(result: ForecastResult): string {
  // As the output sheet shows it: rounded as the Rounding setting says, nil income blank.
  const table = deficitTable(
    presentedLedgers(result).mitigated,
    financialYearOf(monthIndex(result.baseline.forecastStart)),
    { nilIncomeBlank: true }
  );
  const cells = table.rows.map((row, r) =>
    row.map((v, c) =>
      c === 0
        ? String(v ?? "")
        : v === null
          ? ""
          : typeof v === "number"
            ? r === 0
              ? String(v)
              : money(v)
            : String(v)
    )
  );
  const header = ["£'000", ...table.headers.slice(1)];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]): string =>
    row
      .map((v, c) => (c === 0 ? v.padEnd(widths[0]) : v.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), ...cells.map(line), "", ROUNDING_NOTES[roundingOf(result)]].join("\n");
}

/** The scenarios' names in the text report. */
const SCENARIO_NAMES: Record<ScenarioId, string> = {
  unmitigated: "Unmitigated",
  mitigated: "Mitigated",
  riskAdjusted: "Risk-adjusted",
};

/**
 * Every scenario in a line: its total deficit balance in the last year, its
 * balance year and residual, its peak, and both Safety Valve conditions.
 */
export function scenarioSummaryText(result: ForecastResult): string[] {
  const last = result.ledger.years.length - 1;
  const lastYear = result.ledger.years[last];
  const width = Math.max(...SCENARIOS.map((id) => SCENARIO_NAMES[id].length));
  const lines = [`Scenarios (£'000; total deficit balance in ${lastYear}):`];
  for (const id of SCENARIOS) {
    const o = result.outcomes[id];
    const balance =
      o.balanceYear === null || o.residualDeficit === null
        ? "no balance year"
        : `balances ${o.balanceYear}, residual ${money(o.residualDeficit)}`;
    const conditions = o.conditions
      .map((c) => `${c.id === "inYearBalance" ? "in-year" : "cap"} ${c.pass ? "PASS" : "FAIL"}`)
      .join(", ");
    lines.push(
      `  ${SCENARIO_NAMES[id].padEnd(width)}  ${money(result.ledgers[id].closing[last])}; ${balance}; peak ${money(o.peakDeficit)} in ${o.peakYear}${conditions === "" ? "" : `; ${conditions}`}`
    );
  }
  const same = SCENARIOS.every((id) =>
    result.ledgers[id].closing.every((v, k) => v === result.ledger.closing[k])
  );
  if (same)
    lines.push("  The three ledgers are the same: no cost line prices a scenario's activity.");
  return lines;
}

function conditionText(c: Condition, result: ForecastResult): string {
  const verdict = c.pass ? "PASS" : "FAIL";
  if (c.id === "inYearBalance")
    return c.pass
      ? `In-year balance from ${result.settings.balanceTargetYear}: ${verdict} (${c.year} in-year ${money(c.value)})`
      : `In-year balance from ${result.settings.balanceTargetYear}: ${verdict} (${c.year} in-year deficit ${money(c.value)})`;
  return `Deficit within the cap of ${money(c.limit)} in ${c.year}: ${verdict} (deficit ${money(c.value)})`;
}

/**
 * The whole text report: the deficit table, a line per scenario, the balance year, residual and
 * peak deficit, each Safety Valve condition, the warnings, and where the copy
 * was written (null: nothing was, with --no-write).
 */
export function textReport(
  result: ForecastResult,
  warnings: readonly string[],
  written: string | null
): string {
  const out: string[] = [];
  out.push("Revised Forecast: DSG High Needs Block (£'000)", "");
  out.push(deficitTableText(result), "");
  out.push(...scenarioSummaryText(result), "");
  out.push(
    result.balanceYear === null
      ? "Balance year: none (the in-year position is not in surplus by the last year)"
      : `Balance year: ${result.balanceYear} (in-year surplus from then on)`
  );
  if (result.residualDeficit !== null)
    out.push(`Residual deficit: ${money(result.residualDeficit)} in ${result.balanceYear}`);
  out.push(`Peak deficit: ${money(result.peakDeficit)} in ${result.peakYear}`, "");
  if (result.settings.safetyValve) {
    out.push("Safety Valve conditions:");
    for (const c of result.conditions) out.push(`  ${conditionText(c, result)}`);
  } else out.push(`Safety Valve conditions: none — ${NO_SAFETY_VALVE}`);
  // Settings not given are another council's terms: stated beside what they decide.
  for (const a of result.assumptions ?? []) out.push(`  ${a}`);
  if (result.originalPlan && result.originalPlan.sentences.length > 0) {
    out.push("", "Against the original plan:");
    for (const line of result.originalPlan.sentences) out.push(`  ${line}`);
  }
  if (result.interventionValues && result.interventionValues.interventions.length > 0)
    out.push("", ...interventionValuesText(result.interventionValues));
  if (warnings.length > 0) {
    out.push("", "Warnings:");
    for (const w of warnings) out.push(`  ${w}`);
  }
  out.push(
    "",
    written === null
      ? "Nothing written (--no-write)."
      : `Written to ${written} (sheet 'SEND Forecast').`
  );
  return out.join("\n") + "\n";
}

/**
 * What each intervention is worth, largest first by £ avoided to the balance
 * target year, then the sum, all together and the interaction, and the note
 * that effects interact: the sheet's SEND_OutInterventionValue in brief.
 */
function interventionValuesText(v: InterventionValues): string[] {
  const rows: [string, ValueFigures][] = [
    ...[...v.interventions]
      .sort((a, b) => b.costAvoidedToTarget - a.costAvoidedToTarget)
      .map((iv): [string, ValueFigures] => [iv.name, iv]),
    [INTERVENTION_VALUE_ROWS.sum, v.sumOfParts],
    [INTERVENTION_VALUE_ROWS.whole, v.whole],
    [INTERVENTION_VALUE_ROWS.interaction, v.interaction],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const avoided = money(1e9).length;
  return [
    `What each intervention is worth (£'000 avoided to ${v.targetYear}; plans and INMSS placements avoided in ${v.targetYear}):`,
    ...rows.map(
      ([name, f]) =>
        `  ${name.padEnd(width)}  ${money(f.costAvoidedToTarget).padStart(avoided)}  ${money(f.ehcpsAvoidedInTarget).padStart(7)}  ${money(f.inmssAvoidedInTarget).padStart(5)}`
    ),
    `  ${INTERACTION_NOTE}`,
  ];
}

/** The Monte Carlo's summary as JSON: the figures without the raw draws. */
export function simulationJson(sim: SimulationResult): SimulationResult {
  return {
    draws: sim.draws,
    seed: sim.seed,
    years: sim.years,
    targetYear: sim.targetYear,
    inYearBalance: sim.inYearBalance,
    withinCap: sim.withinCap,
    balanceYears: sim.balanceYears,
    spreads: sim.spreads,
  };
}

/** A share of the draws to one decimal, with its count: "0.1% (9 of 10,000)"; a share under 0.05% is not shown as 0%. */
const shareOf = (x: number, draws: number): string => {
  const count = Math.round(x * draws);
  const pct = count > 0 && x < 0.0005 ? "<0.1%" : `${(x * 100).toFixed(1)}%`;
  return `${pct} (${thousands.format(count)} of ${thousands.format(draws)})`;
};

/** The Monte Carlo as text: a table of P10/P50/P90 by year, then the chances in words. */
export function simulationText(sim: SimulationResult, safetyValve: boolean): string {
  const rows = sim.years.map((y) => {
    const e = y.ehcps;
    const plans = e
      ? [e.p10, e.p50, e.p90].map((v) => thousands.format(Math.round(v)).padStart(8)).join("")
      : "       –       –       –";
    const c = y.closing;
    const money3 = [c.p10, c.p50, c.p90].map((v) => money(v).padStart(10)).join("");
    return `${y.year.padEnd(9)}${plans}  ${money3}`;
  });
  const last = sim.years[sim.years.length - 1]?.year;
  const balance = sim.balanceYears
    .map((b) => `${b.year ?? `not by ${last}`} ${shareOf(b.share, sim.draws)}`)
    .join(", ");
  return [
    "",
    `Monte Carlo: ${thousands.format(sim.draws)} draws, seed ${sim.seed}`,
    `Year     EHCPs at 31 March        Total deficit balance £'000`,
    `            P10     P50     P90         P10       P50       P90`,
    ...rows,
    `Chance of in-year balance by ${sim.targetYear}: ${shareOf(sim.inYearBalance, sim.draws)}`,
    sim.withinCap === null || !safetyValve
      ? `Chance of staying within the cap: none assessed (${NO_SAFETY_VALVE})`
      : `Chance of staying within the cap: ${shareOf(sim.withinCap, sim.draws)}`,
    `Balance year: ${balance}`,
    "",
  ].join("\n");
}

const signedMoney = (v: number): string => `${Math.round(v) > 0 ? "+" : ""}${money(v)}`;

/** Sensitivity as text: each input's change in the target year's balance at −10% and +10%, largest first. */
export function sensitivityText(s: SensitivityResult): string {
  const pct = Math.round(s.share * 100);
  const width = Math.max(...s.rows.map((r) => r.label.length), 5);
  return [
    "",
    `Sensitivity: total deficit balance at the end of ${s.targetYear} (${money(s.closing)}), change with each input −${pct}% / +${pct}%${s.rows.some((r) => r.ranged) ? " (or down / up by its range in SEND_Uncertainty, as shown)" : ""}`,
    ...s.rows.map(
      (r) =>
        `  ${r.label.padEnd(width)}  ${signedMoney(r.low).padStart(9)}  ${signedMoney(r.high).padStart(9)}${r.ranged ? `  ${r.by}` : ""}`
    ),
    "",
  ].join("\n");
}
