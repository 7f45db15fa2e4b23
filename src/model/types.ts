import type { InterventionValues } from "./value";
import type { SensitivityResult } from "./sensitivity";
/**
 * The model's plain, JSON-serialisable input and result (spec: MODEL.md).
 * Money is in £'000 unless a field says otherwise; rates and percentage
 * impacts are fractions (0.12 = 12%, an impact of 0.13 on NoToAssess = +13
 * percentage points).
 */

import type { Lever } from "./levers";

/** A financial year label, April to March: "2024/25". */
export type YearLabel = string;
/** A calendar month, identified by its first day: "2025-01". */
export type MonthKey = string;

export { LEVERS, type Lever } from "./levers";

export const STATUSES = ["New", "Accelerate", "Optimise", "Pause"] as const;
export type InterventionStatus = (typeof STATUSES)[number];

/**
 * Other spellings of each status a workbook may use, matched by `choiceKey`
 * (case, spaces and separators aside); any other text is refused with the
 * list of choices.
 */
export const STATUS_ALIASES: Readonly<Record<InterventionStatus, readonly string[]>> = {
  New: [],
  Accelerate: ["Accelerated", "Accelerating"],
  Optimise: ["Optimize", "Optimised", "Optimized", "Optimising", "Optimizing"],
  Pause: ["Paused", "Pausing", "On hold"],
};

export const SCENARIOS = ["unmitigated", "mitigated", "riskAdjusted"] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** Each scenario's name for people, in the order SCENARIOS lists them. */
export const SCENARIO_LABELS: Record<ScenarioId, string> = {
  unmitigated: "Unmitigated",
  mitigated: "Mitigated",
  riskAdjusted: "Risk-adjusted",
};

export const COST_DRIVERS = ["EHCPs", "INMSS"] as const;
export type CostDriver = (typeof COST_DRIVERS)[number];

/** Other spellings of each cost driver, matched as statuses' are. */
export const COST_DRIVER_ALIASES: Readonly<Record<CostDriver, readonly string[]>> = {
  EHCPs: ["EHCP", "Plans"],
  INMSS: ["INMSS placements"],
};

/** How a cost line is priced: the whole line from its driver, or the supplied line moved by the change in activity. */
export const COST_METHODS = ["Total", "Change"] as const;
export type CostMethod = (typeof COST_METHODS)[number];

/** The demand system in one month: the four levers of MODEL.md §1. */
export interface SystemRates {
  requests: number;
  noToAssessRate: number;
  noToIssueRate: number;
  ceased: number;
}

/** The fully resolved baseline the forecast starts from. */
export interface Baseline extends SystemRates {
  transfersIn: number;
  openingEhcps: number;
  forecastStart: MonthKey;
  inmssPlacements: number;
  inmssAnnualGrowth: number;
  lagMonths: number;
}

/** One month of actuals (SEND_Monthly). */
export interface MonthlyActual {
  month: MonthKey;
  requests: number;
  noToAssess: number;
  noToIssue: number;
  plansIssued: number;
  ceased: number;
  transfersIn?: number;
  ehcps?: number;
  inmss?: number;
}

export interface Intervention {
  name: string;
  lever: Lever;
  /** Plans or requests a month; a fraction for NoToAssess, NoToIssue, RequestsPct and INMSSGrowth. */
  impact: number;
  /** First month in which it acts. */
  start: MonthKey;
  rampMonths?: number;
  status?: InterventionStatus;
  /** 0–1, default 1; scales the impact in the risk-adjusted scenario. */
  confidence?: number;
}

export interface ExpenditureLine {
  label: string;
  values: number[];
}

export interface Funding {
  highNeedsBlock?: number[];
  blockTransfer?: number[];
  otherBlocks?: number[];
  safetyValve?: number[];
}

export interface CostDriverLine {
  /** The expenditure line it drives (matched case- and punctuation-insensitively). */
  line: string;
  driver: CostDriver;
  share: number;
  /** £ per driver unit per year (not £'000). */
  unitCost: number;
  inflation: number;
  baseYear: YearLabel;
  /**
   * Total (the default): from the forecast start's year the line is driver ×
   * share × unit cost × inflation. Change: the supplied line is the plan, moved
   * by (scenario activity − plan activity) × share × unit cost × inflation.
   */
  method?: CostMethod;
}

/**
 * The activity the council's plan (the supplied expenditure lines) was built
 * on: yearly average EHCPs and INMSS placements, one value a year (null: not
 * given). A row left out is not given for any year.
 */
export interface PlanActivity {
  ehcps?: (number | null)[];
  inmss?: (number | null)[];
}

/**
 * The original plan's figures (SEND_OriginalPlan), £'000 by year of the
 * table, deficit positive; null: not given for that year. The last year
 * with a total deficit balance is the original plan's balance year, and
 * that figure its residual deficit.
 */
export interface OriginalPlan {
  inYear?: (number | null)[];
  closing?: (number | null)[];
}

/** One figure of the original plan against the forecast's, £'000. */
export interface OriginalPlanRow {
  /** In-year deficit, total deficit balance, or the residual deficit in each one's balance year. */
  measure: "inYear" | "closing" | "residual";
  /** How the report words the measure: "In-year deficit", "Total deficit balance", "Residual deficit". */
  label: string;
  /** The original plan's year for the figure (for the residual, its balance year). */
  year: YearLabel;
  /** The forecast's year for the figure: the same year, or for the residual the forecast's balance year (null: not reached). */
  forecastYear: YearLabel | null;
  plan: number;
  /** The mitigated forecast's figure; null for a residual when the forecast never reaches in-year balance. */
  forecast: number | null;
  /** Forecast − plan; positive when the forecast is worse. */
  difference: number | null;
  /** The report's sentence for it: "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan". */
  sentence: string;
}

export interface OriginalPlanComparison {
  rows: OriginalPlanRow[];
  /** Each row's sentence, in the rows' order. */
  sentences: string[];
}

export interface Settings {
  balanceTargetYear: YearLabel;
  deficitCap: number;
  deficitCapYear: YearLabel;
  /**
   * How the output tables show £'000 (presentation only; the model's figures
   * are never rounded): Exact (the default) or Published, each line rounded
   * to whole £'000 and totals of the rounded lines.
   */
  rounding?: "Exact" | "Published";
  /**
   * Whether the council has a Safety Valve agreement. Without one (false)
   * no Safety Valve condition is assessed: the ledger, balance year,
   * residual and peak are the same, the conditions are none.
   */
  safetyValve: boolean;
}

export interface ComparisonSeries {
  label: string;
  months: MonthKey[];
  ehcps: number[];
}

/** Totals the user supplied alongside the lines, reconciled against the computed sums. */
export interface SuppliedTotals {
  expenditure?: (number | null)[];
  inYear?: (number | null)[];
  closing?: (number | null)[];
}

/** The Monte Carlo's settings (SEND_Uncertainty); each left out takes its default (UNCERTAINTY_DEFAULTS). */
export interface UncertaintyOptions {
  /** Number of draws (default 1,000). */
  draws?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Concentration κ of each intervention's Beta (default 10: a confidence of 0.6 gives a standard deviation of 0.15). */
  concentration?: number;
  /** Standard deviation of baseline requests a month; default from the actuals, else DefaultSpread of the value. */
  requestsSd?: number;
  /** Standard deviation of the no-to-assess rate (a fraction). */
  noToAssessSd?: number;
  /** Standard deviation of the no-to-issue rate (a fraction). */
  noToIssueSd?: number;
  /** Standard deviation of ceased plans a month. */
  ceasedSd?: number;
  /** Relative spread used where neither a standard deviation nor actuals give one (default 0.05). */
  defaultSpread?: number;
  /** ± range of each cost line's inflation (a fraction: 0.01 = ±1 point); none by default. */
  inflationRange?: number;
}

export interface ForecastInput {
  /** Explicit baseline values; each overrides the one derived from `monthly`. */
  baseline?: Partial<Baseline>;
  monthly?: MonthlyActual[];
  interventions?: Intervention[];
  years: YearLabel[];
  expenditure: ExpenditureLine[];
  funding: Funding;
  openingDeficit: number;
  costs?: CostDriverLine[];
  /** What the plan's lines were built on; without it, Change lines are priced against the mitigated scenario. */
  planActivity?: PlanActivity;
  settings?: Partial<Settings>;
  comparison?: ComparisonSeries;
  /** How the Monte Carlo draws (SEND_Uncertainty); the forecast itself does not use it. */
  uncertainty?: UncertaintyOptions;
  /** The original plan's in-year deficit and total deficit balance, compared with the forecast's. */
  originalPlan?: OriginalPlan;
  suppliedTotals?: SuppliedTotals;
  /** Months to forecast; default: through March of the last year. */
  horizonMonths?: number;
}

/** A problem with the input: which field (a path such as `interventions[2].impact`) and why. */
export interface InputProblem {
  field: string;
  message: string;
}

export interface Warning {
  code:
    | "shortActuals"
    | "reconciliation"
    | "horizon"
    | "comparison"
    | "planActivityMissing"
    /** A setting not given, for which the default (Wiltshire's agreement) was used. */
    | "assumedSetting";
  message: string;
  field?: string;
}

export interface YearSummary {
  year: YearLabel;
  /** Stock at 31 March (the last forecast month of the year if the horizon ends earlier). */
  closingEhcps: number;
  averageEhcps: number;
  newPlans: number;
  ceased: number;
  closingInmss: number;
  averageInmss: number;
}

export interface Trajectory {
  months: MonthKey[];
  ehcps: number[];
  inmss: number[];
  newPlans: number[];
  ceased: number[];
  rates: SystemRates[];
  years: YearSummary[];
}

export interface Ledger {
  years: YearLabel[];
  lines: ExpenditureLine[];
  expenditure: number[];
  highNeedsBlock: number[];
  blockTransfer: number[];
  inYear: number[];
  otherBlocks: number[];
  safetyValve: number[];
  opening: number[];
  closing: number[];
}

export type ConditionId = "inYearBalance" | "deficitCap";

export interface Condition {
  id: ConditionId;
  pass: boolean;
  /** The deciding year: the first failing year, or the target/cap year when it passes. */
  year: YearLabel;
  value: number;
  /** The threshold: 0 for in-year balance, the cap for the deficit cap. */
  limit: number;
}

/** Why there are no Safety Valve conditions, wherever they would be shown. */
export const NO_SAFETY_VALVE =
  "no Safety Valve agreement (SafetyValve is No in SEND_Settings), so no Safety Valve conditions apply";

export interface DeficitOutcome {
  balanceYear: YearLabel | null;
  residualDeficit: number | null;
  peakYear: YearLabel;
  peakDeficit: number;
  /** Both Safety Valve conditions; none without an agreement (settings.safetyValve false). */
  conditions: Condition[];
}

export interface TargetSystem extends SystemRates {
  month: MonthKey;
  transfersIn: number;
  netAnnualGrowth: number;
  inmssGrowthReduction: number;
}

export interface ForecastResult extends DeficitOutcome {
  baseline: Baseline & { netAnnualGrowth: number };
  target: TargetSystem;
  scenarios: Record<ScenarioId, Trajectory>;
  /** The deficit table: the mitigated scenario's ledger (MODEL.md §5). */
  ledger: Ledger;
  /** Every scenario's ledger; `ledgers.mitigated` is `ledger`. */
  ledgers: Record<ScenarioId, Ledger>;
  /** Each scenario's balance year, residual, peak and both conditions; `outcomes.mitigated` is the top-level outcome. */
  outcomes: Record<ScenarioId, DeficitOutcome>;
  comparison?: ComparisonSeries;
  /** The actual EHCPs at each month's end before the forecast start, in month order, where SEND_Monthly gives them. */
  actualEhcps?: { months: MonthKey[]; ehcps: number[] };
  /** The forecast against the original plan's figures, when SEND_OriginalPlan gives them. */
  originalPlan?: OriginalPlanComparison;
  settings: Settings;
  /**
   * Each setting the input did not give and the default was used for, in
   * words ("assumed: cap 84,500 in 2024/25 — set DeficitCap and
   * DeficitCapYear in SEND_Settings"); also among the warnings.
   */
  assumptions: string[];
  warnings: Warning[];
  /** What each intervention is worth (`interventionValues`): added by the refresh, not by runForecast. */
  interventionValues?: InterventionValues;
  /** Each input moved ±10% (`sensitivity`): added by the refresh, not by runForecast. */
  sensitivity?: SensitivityResult;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };
