/*
 * The SEND custom functions. Each is a thin wrapper: check the arguments
 * (args.ts), call the model, shape the result. The JSDoc of each function is
 * its metadata: the build turns it into functions.json and registers each
 * function with Excel under its @customfunction id.
 *
 * The parameter types are what Excel is told (number, string, a range as
 * any[][]); at run time anything may still arrive (null for an omitted
 * argument, text where a number was hoped for), which is why every raw
 * value goes through args.ts before the model sees it. A bad argument gives
 * an Excel error value with a message; nothing is thrown into Excel.
 */
import {
  activityCost,
  balanceYear,
  computeLedger,
  derivedImpact,
  goalFromText,
  goalSeek,
  netAnnualGrowth,
  newPlansPerMonth,
  prepareInterventions,
  projectTrajectory,
  rollingAverage,
  SCENARIOS,
  simulate,
  targetSystem,
  type ForecastInput,
  type InputProblem,
} from "../model";
import { serialOfMonth } from "../workbook/cells";
import { documentSettings } from "../workbook/office/settings";
import { deficitTable } from "../workbook/output";
import * as check from "./args";
import { evaluate } from "./args";
import { asStreamingResult, excelError, type ExcelErrorValue } from "./excelError";
import { forecastFigure } from "./forecastFigure";
import { missingYear, simulationFigure, SIMULATE_MEASURES } from "./simulationFigure";
import { FORECAST_SETTING } from "../common/figures";
import {
  expectSavedForecast,
  forecastState,
  onForecast,
  restoreForecast,
} from "../common/forecastChannel";
import { readDemandInputs, readLedgerInputs } from "./ranges";
import { rangeFromValues, readInputs } from "../workbook/contract";
import { formatProblem } from "../workbook/problems";
import type { CellValue, RangeData } from "../workbook/port";

/** Scenario names as typed in a cell; "risk-adjusted" and any case also match. */
const scenarioName = check.oneOf(SCENARIOS);

/**
 * Annual net growth in EHCPs: 12 × (requests × (1 − no to assess) × (1 − no to issue) + transfers in − ceased).
 * @customfunction NETGROWTH
 * @param requests EHC needs assessment requests a month.
 * @param noToAssessRate Share of requests refused assessment, e.g. 12%.
 * @param noToIssueRate Share of assessed cases where no plan is issued, e.g. 3.9%.
 * @param ceased EHCPs ceased a month.
 * @param [transfersIn] Plans transferred in from other councils a month (default 0).
 * @returns {number} Net growth in plans a year.
 */
export function netGrowth(
  requests: number,
  noToAssessRate: number,
  noToIssueRate: number,
  ceased: number,
  transfersIn?: number
) {
  return evaluate(
    {
      requests: [requests, check.count],
      noToAssessRate: [noToAssessRate, check.rate],
      noToIssueRate: [noToIssueRate, check.rate],
      ceased: [ceased, check.count],
      transfersIn: [transfersIn, check.optional(check.count, 0)],
    },
    (a) => netAnnualGrowth(a, a.transfersIn)
  );
}

/**
 * New EHCPs issued a month: requests × (1 − no to assess) × (1 − no to issue).
 * @customfunction NEWPLANS
 * @param requests EHC needs assessment requests a month.
 * @param noToAssessRate Share of requests refused assessment, e.g. 12%.
 * @param noToIssueRate Share of assessed cases where no plan is issued, e.g. 3.9%.
 * @returns {number} New plans a month.
 */
export function newPlans(requests: number, noToAssessRate: number, noToIssueRate: number) {
  return evaluate(
    {
      requests: [requests, check.count],
      noToAssessRate: [noToAssessRate, check.rate],
      noToIssueRate: [noToIssueRate, check.rate],
    },
    (a) => newPlansPerMonth(a)
  );
}

/**
 * An intervention's derived impact: base × share × targeted × success (Pre-DaD1: 97 × 32% × 50% × 50% = 7.76).
 * @customfunction IMPACT
 * @param base The figure the intervention acts on, e.g. requests a month.
 * @param share Share of the base in the intervention's group, e.g. 32%.
 * @param targeted Share of that group the intervention reaches.
 * @param success Share of those reached for whom it succeeds.
 * @returns {number} The impact, in the base's units.
 */
export function impact(base: number, share: number, targeted: number, success: number) {
  return evaluate(
    {
      base: [base, check.number],
      share: [share, check.rate],
      targeted: [targeted, check.rate],
      success: [success, check.rate],
    },
    (a) => derivedImpact(a.base, a.share, a.targeted, a.success)
  );
}

/**
 * The cost in £'000 of a change in activity, as a Change cost line prices it: activityChange × share × unitCost × (1 + inflation)^years / 1000 (10 more INMSS placements at £35,560, 3% a year, 2 years on: 377.26).
 * @customfunction COSTCHANGE
 * @param activityChange More (or, negative, fewer) average EHCPs or placements a year than the plan's.
 * @param share Share of them the line pays for, e.g. 30%.
 * @param unitCost Cost per plan or placement a year, £ (not £'000).
 * @param inflation Annual inflation of the unit cost, e.g. 3%.
 * @param years Years after the year the unit cost is priced in, e.g. 2 for 2026/27 at 2024/25 prices.
 * @returns {number} The change in the line, £'000.
 */
export function costChange(
  activityChange: number,
  share: number,
  unitCost: number,
  inflation: number,
  years: number
) {
  return evaluate(
    {
      activityChange: [activityChange, check.number],
      share: [share, check.rate],
      unitCost: [unitCost, check.count],
      inflation: [inflation, check.inflation],
      years: [years, check.wholeYears],
    },
    (a) => activityCost(a.activityChange, a.share, a.unitCost, a.inflation, a.years)
  );
}

/** The header row TARGET spills above its figures. */
export const TARGET_HEADERS = [
  "Requests",
  "No to assess",
  "No to issue",
  "Ceased",
  "Net annual growth",
] as const;

/**
 * The demand system once every intervention is fully in effect (or as at a given month):
 * requests a month, the two rates, ceased plans a month and the net growth a year.
 * @customfunction TARGET
 * @param baselineRange A range laid out as SEND_Baseline: keys and values.
 * @param interventionsRange A range laid out as SEND_Interventions: a header row, then one row an intervention.
 * @param [asOfMonth] The month to take the system at (a date); default: once the last intervention is fully in.
 * @returns {any[][]} A header row, then the figures.
 */
export function target(baselineRange: any[][], interventionsRange: any[][], asOfMonth?: number) {
  return evaluate(
    {
      baselineRange: [baselineRange, check.range],
      interventionsRange: [interventionsRange, check.range],
      asOfMonth: [asOfMonth, check.optional(check.month, undefined)],
    },
    (a) => {
      const inputs = readDemandInputs(a);
      if (!inputs.value) return check.invalid(inputs.problems.join("; "));
      const t = targetSystem(inputs.value.baseline, inputs.value.interventions, a.asOfMonth);
      return [
        [...TARGET_HEADERS],
        [t.requests, t.noToAssessRate, t.noToIssueRate, t.ceased, t.netAnnualGrowth],
      ];
    }
  );
}

/**
 * Month-end EHCPs for one scenario, month by month from the forecast start.
 * @customfunction TRAJECTORY
 * @param baselineRange A range laid out as SEND_Baseline: keys and values.
 * @param interventionsRange A range laid out as SEND_Interventions: a header row, then one row an intervention.
 * @param months How many months to forecast.
 * @param [scenario] unmitigated, mitigated (default) or riskAdjusted.
 * @returns {number[][]} One row a month: the month (a date) and the EHCPs at its end.
 */
export function trajectory(
  baselineRange: any[][],
  interventionsRange: any[][],
  months: number,
  scenario?: string
) {
  return evaluate(
    {
      baselineRange: [baselineRange, check.range],
      interventionsRange: [interventionsRange, check.range],
      months: [months, check.months],
      scenario: [scenario, check.optional(scenarioName, "mitigated" as const)],
    },
    (a) => {
      const inputs = readDemandInputs(a);
      if (!inputs.value) return check.invalid(inputs.problems.join("; "));
      const t = projectTrajectory(
        inputs.value.baseline,
        prepareInterventions(inputs.value.interventions),
        a.months,
        a.scenario
      );
      return t.months.map((m, k) => [serialOfMonth(m), t.ehcps[k]]);
    }
  );
}

/**
 * The revised forecast deficit table (the DSG ledger), laid out as the output sheet's:
 * a header row (Provision, then the years), then Plan Year, each expenditure line, Total
 * Expenditure, High Needs Block, Block Transfer, in-year position, other DSG blocks,
 * Safety Valve Income, brought forward and Total Deficit Balance; £'000.
 * @customfunction DEFICIT
 * @param expenditureRange A range laid out as SEND_Expenditure: Provision, then year columns.
 * @param fundingRange A range laid out as SEND_Funding: a label column, then the same years.
 * @param openingDeficit The deficit brought forward into the first year, £'000.
 * @returns {any[][]} The table, header row first.
 */
export function deficit(expenditureRange: any[][], fundingRange: any[][], openingDeficit: number) {
  return evaluate(
    {
      expenditureRange: [expenditureRange, check.range],
      fundingRange: [fundingRange, check.range],
      openingDeficit: [openingDeficit, check.number],
    },
    (a) => {
      const inputs = readLedgerInputs(
        "expenditureRange",
        a.expenditureRange,
        "fundingRange",
        a.fundingRange
      );
      if (inputs.problems.length > 0) return check.invalid(inputs.problems.join("; "));
      const { years, lines, funding } = inputs.value;
      const table = deficitTable(computeLedger(years, lines, funding, a.openingDeficit));
      return [table.headers, ...table.rows];
    }
  );
}

/**
 * The first year from which the in-year figure is a surplus or nil in that and every later year.
 * Returns #N/A ("no year balances") when the last year is still in deficit.
 * @customfunction BALANCEYEAR
 * @param yearsRange Financial year labels (2024/25 …), one row or column.
 * @param inYearRange The in-year surplus(−)/deficit(+) for each year, same length.
 * @returns {string} The balance year's label.
 */
export function balanceYearOf(yearsRange: any[][], inYearRange: any[][]) {
  return evaluate(
    { yearsRange: [yearsRange, check.yearSeries], inYearRange: [inYearRange, check.numberSeries] },
    ({ yearsRange: years, inYearRange: inYear }) => {
      if (years.length !== inYear.length)
        return check.invalid(
          `inYearRange: expected one figure for each of the ${years.length} years, found ${inYear.length}`
        );
      return (
        balanceYear(years, inYear) ??
        excelError(
          "notAvailable",
          `no year balances: ${years[years.length - 1]} is still in deficit`
        )
      );
    }
  );
}

/**
 * Trailing averages of a monthly series (the report's "12 month rolling average"); the first
 * window − 1 months average what there is. Spills the same way round as the series.
 * @customfunction ROLLINGAVG
 * @param values The series, one row or column; blank cells at its end (months to come) are skipped.
 * @param [window] Months in each average (default 12).
 * @returns {number[][]} The averages, one for each month given.
 */
export function rollingAvg(values: any[][], window?: number) {
  return evaluate(
    {
      values: [values, check.numberSeries],
      window: [window, check.optional(check.positiveWhole, 12)],
    },
    (a) => {
      const averages = rollingAverage(a.values, a.window);
      const asRow = Array.isArray(values) && values.length === 1;
      return asRow ? [averages] : averages.map((x) => [x]);
    }
  );
}

/**
 * A figure from the latest refresh in the task pane; updates on every refresh. When the
 * workbook is opened, the figures of the last refresh saved in it are served until the
 * next refresh (#N/A when none was saved).
 * Measures: closing, opening, inYear, expenditure, highNeedsBlock, blockTransfer, otherBlocks,
 * safetyValve (£'000); ehcps (stock at 31 March), averageEhcps, newPlans, ceased, inmss,
 * averageInmss; an expenditure line's label; and, for the whole forecast, balanceYear,
 * residualDeficit, peakDeficit, peakYear, and the Safety Valve conditions inYearBalance and
 * deficitCap (Pass or Fail; #N/A saying why when there is no Safety Valve agreement).
 * @customfunction FORECAST
 * @param measure What to return, e.g. "closing" or "ehcps".
 * @param year Financial year label, e.g. "2027/28" (ignored for balanceYear and the other whole-forecast measures).
 * @param [scenario] unmitigated, mitigated (default) or riskAdjusted.
 * @param invocation Excel's handle for updating the cell.
 */
export function forecast(
  measure: string,
  year: string,
  scenario: string,
  invocation: CustomFunctions.StreamingInvocation<number | string>
): void {
  const update = (): void => {
    const state = forecastState();
    // While the saved figures are being read at start, the cell waits (Excel shows #BUSY!) instead of flashing #N/A.
    if (state.kind === "restoring") return;
    invocation.setResult(
      asStreamingResult(
        evaluate(
          {
            measure: [measure, check.text],
            year: [year, check.optional(check.year, null)],
            scenario: [scenario, check.optional(scenarioName, "mitigated" as const)],
          },
          (a) =>
            state.kind === "figures"
              ? forecastFigure(state.figures, a.measure, a.year, a.scenario)
              : excelError("notAvailable", state.message)
        )
      )
    );
  };
  invocation.onCanceled = onForecast(update);
  update();
}

// ------------------------------------------------------------------ the contract's inputs as ranges

/**
 * The argument checks of the contract's input ranges, in the order GOALSEEK
 * and SIMULATE take them; spread into a function's `evaluate` spec.
 */
function inputRangeArgs(
  baselineRange: unknown,
  interventionsRange: unknown,
  expenditureRange: unknown,
  fundingRange: unknown,
  openingDeficit: unknown,
  settingsRange: unknown,
  costsRange: unknown,
  planActivityRange: unknown,
  uncertaintyRange: unknown = null
) {
  return {
    baselineRange: [baselineRange, check.range],
    interventionsRange: [interventionsRange, check.range],
    expenditureRange: [expenditureRange, check.range],
    fundingRange: [fundingRange, check.range],
    openingDeficit: [openingDeficit, check.number],
    settingsRange: [settingsRange, check.optional(check.range, null)],
    costsRange: [costsRange, check.optional(check.range, null)],
    planActivityRange: [planActivityRange, check.optional(check.range, null)],
    uncertaintyRange: [uncertaintyRange, check.optional(check.range, null)],
  } as const;
}

/** The checked input ranges (optional ones null when omitted). */
interface InputRanges {
  baselineRange: CellValue[][];
  interventionsRange: CellValue[][];
  expenditureRange: CellValue[][];
  fundingRange: CellValue[][];
  openingDeficit: number;
  settingsRange: CellValue[][] | null;
  costsRange: CellValue[][] | null;
  planActivityRange: CellValue[][] | null;
  uncertaintyRange: CellValue[][] | null;
}

/**
 * The model's input from ranges passed to a function, read exactly as the
 * contract reads the named inputs (each range stands for its SEND_ name);
 * the contract's problems, each naming the argument and its cell, as one #VALUE!.
 */
function modelInput(
  a: InputRanges
): { ok: true; input: ForecastInput } | { ok: false; error: ExcelErrorValue } {
  const given: [input: string, argument: string, values: CellValue[][] | null][] = [
    ["SEND_Baseline", "baselineRange", a.baselineRange],
    ["SEND_Interventions", "interventionsRange", a.interventionsRange],
    ["SEND_Expenditure", "expenditureRange", a.expenditureRange],
    ["SEND_Funding", "fundingRange", a.fundingRange],
    ["SEND_OpeningDeficit", "openingDeficit", [[a.openingDeficit]]],
    ["SEND_Settings", "settingsRange", a.settingsRange],
    ["SEND_Costs", "costsRange", a.costsRange],
    ["SEND_PlanActivity", "planActivityRange", a.planActivityRange],
    ["SEND_Uncertainty", "uncertaintyRange", a.uncertaintyRange],
  ];
  const ranges: Record<string, RangeData> = {};
  for (const [name, , values] of given)
    if (values !== null) ranges[name] = rangeFromValues(name, values);
  const inputs = readInputs({ ranges, names: [], outputSheet: "absent", bindings: {} });
  if (inputs.ok) return { ok: true, input: inputs.input };
  // A problem names the argument and the cell within it, "baselineRange!B1: …", as TARGET's do.
  const argument = new Map(given.map(([name, arg]) => [name, arg]));
  const problems = inputs.problems.map((p) =>
    formatProblem({ ...p, input: argument.get(p.input) ?? p.input })
  );
  return { ok: false, error: check.invalid(problems.join("; ")) };
}

/** The model's own input problems (found when it runs) as one #VALUE!. */
function modelProblems(problems: readonly InputProblem[]): ExcelErrorValue {
  return check.invalid(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
}

/**
 * The smallest change that meets a condition, by goal seek on the forecast (README, "Goal seek"):
 * the number of requests a month fewer, plans ceased a month more, percentage points (as a
 * fraction) or scale on all interventions' impacts; #N/A saying so when no value within the
 * lever's bounds reaches it.
 * @customfunction GOALSEEK
 * @param condition balance (in-year balance by the target year), cap (within the cap in the cap year), or YEAR<=LIMIT, e.g. "2028/29<=100000".
 * @param change scale (all interventions' impacts), or LEVER@MONTH, e.g. "Requests@2026-04".
 * @param baselineRange A range laid out as SEND_Baseline: keys and values.
 * @param interventionsRange A range laid out as SEND_Interventions, header row first.
 * @param expenditureRange A range laid out as SEND_Expenditure: Provision, then year columns.
 * @param fundingRange A range laid out as SEND_Funding: a label column, then the same years.
 * @param openingDeficit The deficit brought forward into the first year, £'000.
 * @param [settingsRange] A range laid out as SEND_Settings (defaults as the forecast's).
 * @param [costsRange] A range laid out as SEND_Costs (without it the lines are as supplied and demand moves no money).
 * @param [planActivityRange] A range laid out as SEND_PlanActivity, for Change cost lines.
 * @returns {number} The change (or scale) that meets the condition.
 */
export function goalSeekFunction(
  condition: string,
  change: string,
  baselineRange: any[][],
  interventionsRange: any[][],
  expenditureRange: any[][],
  fundingRange: any[][],
  openingDeficit: number,
  settingsRange?: any[][],
  costsRange?: any[][],
  planActivityRange?: any[][]
) {
  return evaluate(
    {
      condition: [condition, check.text],
      change: [change, check.text],
      ...inputRangeArgs(
        baselineRange,
        interventionsRange,
        expenditureRange,
        fundingRange,
        openingDeficit,
        settingsRange,
        costsRange,
        planActivityRange
      ),
    },
    (a) => {
      const goal = goalFromText(a.condition, a.change);
      if (typeof goal === "string") return check.invalid(goal);
      const read = modelInput(a);
      if (!read.ok) return read.error;
      const found = goalSeek(read.input, goal.condition, goal.lever);
      if (!found.ok) return modelProblems(found.problems);
      return found.value.value === null
        ? excelError("notAvailable", found.value.sentence)
        : found.value.value;
    }
  );
}

/** The most draws a cell makes: 100,000 draws of the example take a little over a second. */
export const MAX_CELL_DRAWS = 100_000;
/** Draws when neither the argument nor the uncertainty range gives them: a cell stays fast. */
export const DEFAULT_CELL_DRAWS = 1_000;

/**
 * A figure of the Monte Carlo over the forecast (README, "Uncertainty"): seeded draws of each
 * intervention's delivered share and of the baseline, each run through the model's mitigated
 * scenario. Measures: closingP10, closingP50, closingP90 (the year's total deficit balance,
 * £'000) and ehcpsP10, ehcpsP50, ehcpsP90 (EHCPs at 31 March; #N/A for a year before the
 * forecast); inYearBalance (the share of draws in in-year balance by the target year) and
 * withinCap (the share within the cap in the cap year; #N/A without a Safety Valve agreement),
 * from 0 to 1; balanceYear, the share of draws whose balance year is the given year.
 * @customfunction SIMULATE
 * @param measure What to return, e.g. "closingP50", "ehcpsP90", "inYearBalance", "withinCap" or "balanceYear".
 * @param year Financial year label, e.g. "2028/29" (leave empty for inYearBalance and withinCap).
 * @param draws How many draws, up to 100,000 (leave empty for Draws in uncertaintyRange, else 1,000).
 * @param seed The generator's seed, a whole number (leave empty for Seed in uncertaintyRange, else 1).
 * @param baselineRange A range laid out as SEND_Baseline: keys and values.
 * @param interventionsRange A range laid out as SEND_Interventions, header row first.
 * @param expenditureRange A range laid out as SEND_Expenditure: Provision, then year columns.
 * @param fundingRange A range laid out as SEND_Funding: a label column, then the same years.
 * @param openingDeficit The deficit brought forward into the first year, £'000.
 * @param [settingsRange] A range laid out as SEND_Settings (defaults as the forecast's).
 * @param [costsRange] A range laid out as SEND_Costs (without it the lines are as supplied and demand moves no money).
 * @param [planActivityRange] A range laid out as SEND_PlanActivity, for Change cost lines.
 * @param [uncertaintyRange] A range laid out as SEND_Uncertainty: how the draws vary (keys and values).
 * @returns {number} The percentile, or the share of draws from 0 to 1.
 */
export function simulateFunction(
  measure: string,
  year: string,
  draws: number,
  seed: number,
  baselineRange: any[][],
  interventionsRange: any[][],
  expenditureRange: any[][],
  fundingRange: any[][],
  openingDeficit: number,
  settingsRange?: any[][],
  costsRange?: any[][],
  planActivityRange?: any[][],
  uncertaintyRange?: any[][]
) {
  return evaluate(
    {
      measure: [measure, check.oneOf(SIMULATE_MEASURES)],
      year: [year, check.optional(check.year, null)],
      draws: [
        draws,
        check.optional(check.wholeNumber("the number of draws", 1, MAX_CELL_DRAWS), undefined),
      ],
      seed: [seed, check.optional(check.wholeNumber("the seed", 0), undefined)],
      ...inputRangeArgs(
        baselineRange,
        interventionsRange,
        expenditureRange,
        fundingRange,
        openingDeficit,
        settingsRange,
        costsRange,
        planActivityRange,
        uncertaintyRange
      ),
    },
    (a) => {
      const noYear = missingYear(a.measure, a.year);
      if (noYear) return check.invalid(noYear);
      const read = modelInput(a);
      if (!read.ok) return read.error;
      const given = a.draws ?? read.input.uncertainty?.draws ?? DEFAULT_CELL_DRAWS;
      if (given > MAX_CELL_DRAWS)
        return check.invalid(
          `uncertaintyRange: Draws is ${given.toLocaleString("en-GB")}; a cell makes at most ${MAX_CELL_DRAWS.toLocaleString("en-GB")} draws: give fewer as the draws argument`
        );
      const sim = simulate(read.input, { draws: given, seed: a.seed });
      if (!sim.ok) return modelProblems(sim.problems);
      return simulationFigure(sim.value, a.measure, a.year);
    }
  );
}

// ------------------------------------------------------------------ figures kept in the workbook

/**
 * How long FORECAST cells wait for Office before answering #N/A (refresh
 * first); should Office become ready later, the saved figures still follow.
 */
const RESTORE_TIMEOUT_MS = 10_000;

/**
 * When the runtime starts (this bundle is loaded by the shared runtime's
 * page when the workbook opens, with or without the task pane shown), FORECAST
 * serves the figures the last refresh saved in the workbook. Document
 * settings are readable without Excel.run, but only once Office is ready;
 * Excel may call FORECAST before that, and those cells are updated when the
 * figures have been read. Outside Office (tests, the command line) there is
 * nothing to read and FORECAST asks for a refresh as before.
 */
function restoreSavedFigures(): void {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") return;
  expectSavedForecast();
  const timer = setTimeout(() => restoreForecast(undefined), RESTORE_TIMEOUT_MS);
  const restore = (saved: unknown) => {
    clearTimeout(timer);
    restoreForecast(saved);
  };
  Promise.resolve()
    .then(() => Office.onReady())
    .then(() => restore(documentSettings()?.get(FORECAST_SETTING)))
    .catch(() => restore(undefined));
}

restoreSavedFigures();
