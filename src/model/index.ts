/** The forecast model's public surface: one entry (`runForecast`) and the pieces the custom functions use. */
export * from "./types";
export { runForecast, targetSystem, DEFAULT_SETTINGS, settingAssumptions } from "./forecast";
export {
  newPlansPerMonth,
  netMonthlyGrowth,
  netAnnualGrowth,
  derivedImpact,
  rollingAverage,
} from "./demand";
export { resolveBaseline, deriveBaseline } from "./baseline";
export {
  LEVER_INFO,
  isLever,
  isPercentLever,
  leverFromText,
  leverChange,
  type LeverInfo,
  type SystemMeasure,
} from "./levers";
export { prepareInterventions, rampShare, systemInMonth } from "./interventions";
export { projectTrajectory } from "./trajectory";
export { computeLedger, balanceYear, assessDeficit } from "./ledger";
export {
  activityCost,
  applyCostDrivers,
  changedCost,
  drivenCost,
  type PlanByDriver,
} from "./costs";
export { compareWithOriginalPlan, millions } from "./originalPlan";
export { choiceKey, describe, labelKey, matchChoice } from "./text";
export { validateInput, provisionLabels, scaleProblems, drivenScaleProblems } from "./validate";
export {
  isMonthKey,
  isYearLabel,
  monthIndex,
  monthKey,
  financialYearOf,
  firstCalendarYear,
  monthOfName,
  yearLabel,
} from "./calendar";
export {
  activityOf,
  interventionValues,
  type InterventionValue,
  type InterventionValues,
  type ValueFigures,
} from "./value";
export {
  simulate,
  type SimulationHooks,
  summarise,
  percentile,
  betaDraw,
  actualsSpread,
  UNCERTAINTY_DEFAULTS,
  type SimulationResult,
  type SimulationYear,
  type Percentiles,
  type Draw,
} from "./uncertainty";
export {
  goalSeek,
  goalFromText,
  applyGoalLever,
  leverBounds,
  meetsCondition,
  MAX_SCALE,
  type GoalCondition,
  type GoalLever,
  type GoalSeekResult,
} from "./goalSeek";
export { sensitivity, type SensitivityRow, type SensitivityResult } from "./sensitivity";
