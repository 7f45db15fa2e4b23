/**
 * Goal seek (README, "Goal seek"): the smallest change on one lever from a
 * chosen month, or the smallest scale on every intervention's impact, for
 * which the mitigated forecast meets a condition. Bisection on the kernel's
 * mitigated run, compiled once; the answer is re-checked by a full run.
 * Pure.
 */
import { isMonthKey, isYearLabel, monthIndex } from "./calendar";
import { resolveBaseline } from "./baseline";
import { runForecast } from "./forecast";
import { LEVER_INFO, LEVERS, leverFromText } from "./levers";
import { compileKernel, kernelRun, kernelValues, runScenario, SCENARIO_CODE } from "./kernel";
import { drawOf, leanFrame, type Draw } from "./uncertainty";
import type {
  Baseline,
  ForecastInput,
  ForecastResult,
  Intervention,
  Lever,
  MonthKey,
  Outcome,
  YearLabel,
} from "./types";

/** What the forecast must meet. */
export type GoalCondition =
  /** In-year balance (≤ 0) in every year from the target year on (SEND_Settings BalanceTargetYear). */
  | { kind: "inYearBalance" }
  /** The total deficit balance within the Safety Valve cap in the cap year. */
  | { kind: "deficitCap" }
  /** The total deficit balance at or below `limit` (£'000) at the end of `year`. */
  | { kind: "ceiling"; year: YearLabel; limit: number };

/** What may change. */
export type GoalLever =
  /** One lever, from `from` on, in full at once: an added intervention of the found impact. */
  | { kind: "lever"; lever: Lever; from: MonthKey }
  /** Every non-paused intervention's impact times the found scale. */
  | { kind: "scale" };

export interface GoalSeekResult {
  /** The smallest value that meets the condition; null when none within the bounds does. */
  value: number | null;
  /** Already met with no change (value 0 for a lever; for the scale, the smallest scale is still given). */
  alreadyMet: boolean;
  /** The bounds searched. */
  bounds: [number, number];
  /** The answer in words. */
  sentence: string;
  /** The full run at the answer (at the upper bound when none reaches it). */
  check: ForecastResult;
}

/** Upper bound of the scale on all interventions' impacts. */
export const MAX_SCALE = 10;

/** The largest scale within MAX_SCALE that keeps every fraction impact within −1 to 1. */
export function maxScale(input: ForecastInput): number {
  let most = MAX_SCALE;
  for (const iv of input.interventions ?? [])
    if (LEVER_INFO[iv.lever].unit === "fraction" && iv.impact !== 0)
      most = Math.min(most, 1 / Math.abs(iv.impact));
  return most;
}

/** The input with the change applied. */
export function applyGoalLever(input: ForecastInput, lever: GoalLever, x: number): ForecastInput {
  const interventions = input.interventions ?? [];
  if (lever.kind === "scale")
    return {
      ...input,
      interventions: interventions.map((iv) => ({ ...iv, impact: iv.impact * x })),
    };
  const added: Intervention = {
    name: "Goal seek",
    lever: lever.lever,
    impact: x,
    start: lever.from,
    rampMonths: 0,
    status: "New",
    confidence: 1,
  };
  return { ...input, interventions: [...interventions, added] };
}

/** The range a lever's change may take: up to all of what it moves. */
export function leverBounds(lever: Lever, baseline: Baseline): [number, number] {
  switch (lever) {
    case "Requests":
      return [0, baseline.requests];
    case "NoToAssess":
      return [0, 1 - baseline.noToAssessRate];
    case "NoToIssue":
      return [0, 1 - baseline.noToIssueRate];
    case "Ceased":
      // At most every plan held at the start ceased within a year.
      return [0, baseline.openingEhcps / 12];
    default:
      return [0, 1];
  }
}

function meets(
  condition: GoalCondition,
  draw: Draw,
  years: readonly YearLabel[],
  target: YearLabel
): boolean {
  if (condition.kind === "inYearBalance")
    return draw.balanceYear !== null && years.indexOf(draw.balanceYear) <= years.indexOf(target);
  if (condition.kind === "deficitCap") return draw.withinCap === true;
  return draw.closing[years.indexOf(condition.year)] <= condition.limit;
}

/** Whether a full run meets the condition. */
export function meetsCondition(condition: GoalCondition, r: ForecastResult): boolean {
  const years = r.ledger.years;
  const k = years.indexOf(r.settings.deficitCapYear);
  return meets(
    condition,
    {
      ehcps: [],
      closing: r.ledger.closing,
      balanceYear: r.balanceYear,
      withinCap: r.settings.safetyValve ? r.ledger.closing[k] <= r.settings.deficitCap : null,
    },
    years,
    r.settings.balanceTargetYear
  );
}

const fmt = (x: number, digits: number): string =>
  x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function conditionWords(c: GoalCondition, r: ForecastResult): string {
  if (c.kind === "inYearBalance") return `in-year balance by ${r.settings.balanceTargetYear}`;
  if (c.kind === "deficitCap")
    return `a total deficit balance within the cap of ${fmt(r.settings.deficitCap, 0)} in ${r.settings.deficitCapYear}`;
  return `a total deficit balance of at most ${fmt(c.limit, 0)} at the end of ${c.year}`;
}

function changeWords(lever: GoalLever, x: number): string {
  if (lever.kind === "scale") return `interventions at ${fmt(x, 2)}× their planned impact`;
  const info = LEVER_INFO[lever.lever];
  const amount = info.unit === "fraction" ? `${fmt(x * 100, 1)}` : fmt(x, 1);
  const gap = info.label.startsWith("%") ? "" : " ";
  return `${amount}${gap}${info.label} from ${lever.from}`;
}

/**
 * The smallest change meeting the condition, by bisection to a relative
 * precision of 1e-9 of the bounds; the condition is taken to improve as the
 * change grows. Invalid input, a year not in the table, or a cap condition
 * without a Safety Valve agreement are problems.
 */
export function goalSeek(
  input: ForecastInput,
  condition: GoalCondition,
  lever: GoalLever
): Outcome<GoalSeekResult> {
  const { uncertainty: _ignored, ...plain } = input;
  void _ignored;
  const base = runForecast(plain);
  if (!base.ok) return base;
  const result = base.value;
  const years = result.ledger.years;
  if (condition.kind === "deficitCap" && !result.settings.safetyValve)
    return {
      ok: false,
      problems: [
        {
          field: "settings.safetyValve",
          message: `expected a Safety Valve agreement for a cap condition; found ${NO_AGREEMENT}`,
        },
      ],
    };
  if (condition.kind === "ceiling" && !years.includes(condition.year))
    return {
      ok: false,
      problems: [
        {
          field: "goal.year",
          message: `expected a year of the table (${years[0]} to ${years[years.length - 1]}); found ${condition.year}`,
        },
      ],
    };
  if (condition.kind === "ceiling" && !Number.isFinite(condition.limit))
    return {
      ok: false,
      problems: [
        {
          field: "goal.limit",
          message: `expected a number in thousands of pounds; found ${condition.limit}`,
        },
      ],
    };
  const resolved = resolveBaseline(plain.baseline ?? {}, plain.monthly ?? []);
  if (!resolved.ok) return resolved;
  const baseline = resolved.value.baseline;
  if (lever.kind === "lever" && monthIndex(lever.from) < monthIndex(baseline.forecastStart))
    return {
      ok: false,
      problems: [
        {
          field: "goal.month",
          message: `expected a month from the forecast start ${baseline.forecastStart} on; found ${lever.from}`,
        },
      ],
    };
  const bounds: [number, number] =
    lever.kind === "scale" ? [0, maxScale(plain)] : leverBounds(lever.lever, baseline);

  // Compiled once, with the added intervention (its impact the value sought) or the impacts to scale.
  const months = result.scenarios.mitigated.months.length;
  const plan = compileKernel(
    lever.kind === "scale" ? plain : applyGoalLever(plain, lever, 0),
    baseline,
    months
  );
  const frame = leanFrame(plan, result);
  const values = kernelValues(plan);
  const planned = plan.defaults.impact;
  const run = kernelRun(plan);
  const target = result.settings.balanceTargetYear;
  const ok = (x: number): boolean => {
    if (lever.kind === "scale")
      for (let i = 0; i < plan.interventions; i++) values.impact[i] = planned[i] * x;
    else values.impact[plan.interventions - 1] = x;
    runScenario(plan, values, SCENARIO_CODE.mitigated, run);
    return meets(condition, drawOf(frame, run), years, target);
  };
  const full = (x: number): Outcome<ForecastResult> => runForecast(applyGoalLever(plain, lever, x));
  const what = conditionWords(condition, result);

  let [lo, hi] = bounds;
  if (!ok(hi)) {
    const at = full(hi);
    if (!at.ok) return at;
    return {
      ok: true,
      value: {
        value: null,
        alreadyMet: false,
        bounds,
        sentence: `No value reaches ${what}: even ${changeWords(lever, hi)} (the most the lever allows) does not.`,
        check: at.value,
      },
    };
  }
  const alreadyMet = lever.kind === "lever" && ok(lo);
  if (alreadyMet) hi = lo;
  else if (ok(lo)) hi = lo;
  else
    while (hi - lo > 1e-9 * Math.max(1, bounds[1] - bounds[0])) {
      const mid = (lo + hi) / 2;
      if (ok(mid)) hi = mid;
      else lo = mid;
    }
  const at = full(hi);
  if (!at.ok) return at;
  if (!meetsCondition(condition, at.value))
    return {
      ok: false,
      problems: [
        {
          field: "goal",
          message: `expected the full run at ${changeWords(lever, hi)} to meet ${what}, as the search found; it does not (the condition does not improve steadily with this lever)`,
        },
      ],
    };
  return {
    ok: true,
    value: {
      value: hi,
      alreadyMet: alreadyMet || hi === 0,
      bounds,
      sentence:
        alreadyMet || hi === 0
          ? `Already met: the forecast reaches ${what} without a change.`
          : `${what[0].toUpperCase()}${what.slice(1)} needs ${changeWords(lever, hi)}.`,
      check: at.value,
    },
  };
}

const NO_AGREEMENT = "SafetyValve is No in SEND_Settings, so there is no cap";

/**
 * A goal as people type it: the condition balance, cap or YEAR<=LIMIT
 * (2028/29<=100000), and the change scale or LEVER@MONTH (Requests@2026-04,
 * any spelling of a lever its aliases allow); a message saying what was
 * expected otherwise.
 */
export function goalFromText(
  conditionText: string,
  changeText: string
): { condition: GoalCondition; lever: GoalLever } | string {
  const c = conditionText.trim();
  const l = changeText.trim();
  let condition: GoalCondition;
  if (/^balance$/i.test(c)) condition = { kind: "inYearBalance" };
  else if (/^cap$/i.test(c)) condition = { kind: "deficitCap" };
  else {
    const m = /^(.+?)\s*<=\s*(.+)$/.exec(c);
    const limit = m ? Number(m[2].replace(/,/g, "")) : NaN;
    if (!m || !isYearLabel(m[1]) || m[2].trim() === "" || !Number.isFinite(limit))
      return `expected the condition balance, cap or YEAR<=LIMIT (e.g. 2028/29<=100000); found '${c}'`;
    condition = { kind: "ceiling", year: m[1], limit };
  }
  if (/^scale$/i.test(l)) return { condition, lever: { kind: "scale" } };
  const at = l.lastIndexOf("@");
  const lever = at > 0 ? leverFromText(l.slice(0, at)) : undefined;
  const start = at > 0 ? l.slice(at + 1).trim() : "";
  if (lever === undefined || !isMonthKey(start))
    return `expected the change scale or LEVER@MONTH (one of ${LEVERS.join(", ")}, then a month such as 2026-04); found '${l}'`;
  return { condition, lever: { kind: "lever", lever, from: start } };
}
