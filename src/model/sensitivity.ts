/**
 * Sensitivity (README, "Sensitivity"): each input moved down and up by its
 * range where SEND_Uncertainty gives one, else by a share of itself (±10%
 * by default), one at a time, and the change in the
 * mitigated forecast's total deficit balance in the balance target year,
 * largest swing first. The input is checked and compiled once; each move
 * is a run of the kernel with the moved value (a move the checks would
 * refuse, or one whose figures are not finite, is a full run, which says
 * why). Pure.
 */
import { resolveBaseline } from "./baseline";
import { runForecast } from "./forecast";
import {
  balanceYearIndex,
  compileKernel,
  copyValues,
  kernelRun,
  kernelValues,
  runScenario,
  SCENARIO_CODE,
  setInflation,
  type KernelValues,
} from "./kernel";
import { LEVER_INFO, type Lever } from "./levers";
import type { Baseline, ForecastInput, Outcome, YearLabel } from "./types";

export interface SensitivityRow {
  /** What was moved, in words: "Baseline: requests a month", "Intervention: Pre-DaD1 support", "Cost: Special Schools unit cost". */
  label: string;
  /** The input's field path. */
  field: string;
  /** How far it was moved each way, in words: "±10%", or its range from SEND_Uncertainty ("±0.01, InflationRange"). */
  by: string;
  /** Whether it was moved by a range SEND_Uncertainty gives, not by the share. */
  ranged: boolean;
  /** Change in the target year's total deficit balance (£'000) with the input moved down, and up. */
  low: number;
  high: number;
  /** |high − low|: the order of the rows. */
  swing: number;
  /** The balance year with the input moved down, and up (null: not reached). */
  balanceYearLow: YearLabel | null;
  balanceYearHigh: YearLabel | null;
}

export interface SensitivityResult {
  targetYear: YearLabel;
  /** The share each input without a range was moved by (0.1 = ±10%). */
  share: number;
  /** The mitigated total deficit balance in the target year as the input stands. */
  closing: number;
  balanceYear: YearLabel | null;
  rows: SensitivityRow[];
}

type Move = {
  label: string;
  field: string;
  /** How far it is moved, in words: "±10%", "±0.010, InflationRange". */
  by: string;
  ranged: boolean;
  /** The moved value, down (−1) or up (+1). */
  to: (direction: -1 | 1) => number;
  apply: (input: ForecastInput, x: number) => ForecastInput;
  /** The same move on the kernel's values; false when the checks would refuse the moved value. */
  move: (values: KernelValues, x: number) => boolean;
};

/** A cost line's inflation the checks accept (validate.ts: above −50%, at most 50%). */
const inflationAccepted = (x: number): boolean => x > -0.5 && x <= 0.5;

/** The standard normal's 90th percentile: ±this many standard deviations span P10 to P90. */
export const P90_Z = 1.2815515655446004;

const BASELINE_MOVES: [
  keyof Baseline & ("requests" | "noToAssessRate" | "noToIssueRate" | "ceased" | "openingEhcps"),
  string,
  // The standard deviation SEND_Uncertainty may give for it.
  ("requestsSd" | "noToAssessSd" | "noToIssueSd" | "ceasedSd") | null,
  // Its SEND_Uncertainty key, in words.
  string | null,
][] = [
  ["requests", "requests a month", "requestsSd", "RequestsSD"],
  ["noToAssessRate", "no-to-assess rate", "noToAssessSd", "NoToAssessSD"],
  ["noToIssueRate", "no-to-issue rate", "noToIssueSd", "NoToIssueSD"],
  ["ceased", "plans ceased a month", "ceasedSd", "CeasedSD"],
  ["openingEhcps", "EHCPs at the start", null, null],
];

const isRate = (key: keyof Baseline): boolean =>
  key === "noToAssessRate" || key === "noToIssueRate";

/** A figure in a move's words: three significant figures, no trailing zeros. */
const small = (x: number): string => String(Number(x.toPrecision(3)));

/**
 * Every input moved down and up by its range — the P10 to P90 of a
 * standard deviation SEND_Uncertainty gives for a baseline value (±1.28
 * standard deviations, as the Monte Carlo draws it), ± InflationRange for
 * a cost line's inflation — else by ±`share` of itself; rows sorted by
 * swing, largest first.
 */
export function sensitivity(input: ForecastInput, share = 0.1): Outcome<SensitivityResult> {
  const base = runForecast(input);
  if (!base.ok) return base;
  const resolved = resolveBaseline(input.baseline ?? {}, input.monthly ?? []);
  if (!resolved.ok) return resolved;
  const baseline = resolved.value.baseline;
  const years = base.value.ledger.years;
  const target = base.value.settings.balanceTargetYear;
  const t = years.indexOf(target);
  const closing = base.value.ledger.closing[t];
  const ranges = input.uncertainty ?? {};
  const pct = `±${small(share * 100)}%`;
  const byShare = (v: number) => (d: -1 | 1) => v * (1 + d * share);

  const moves: Move[] = [];
  for (const [key, words, sdKey, sdName] of BASELINE_MOVES) {
    const v = baseline[key] as number;
    const sd = sdKey === null ? undefined : ranges[sdKey];
    const ranged = sd !== undefined && sd > 0;
    const raw = ranged ? (d: -1 | 1) => v + d * P90_Z * sd : byShare(v);
    // Rates stay within 0–1 and counts at 0 or more, as the checks and the Monte Carlo keep them.
    const to = (d: -1 | 1) => {
      const x = raw(d);
      return isRate(key) ? Math.min(1, Math.max(0, x)) : ranged ? Math.max(0, x) : x;
    };
    moves.push({
      label: `Baseline: ${words}`,
      field: `baseline.${key}`,
      by: ranged ? `±${small(P90_Z * sd)}, P10–P90 of ${sdName} ${small(sd)}` : pct,
      ranged,
      to,
      apply: (i, x) => ({ ...i, baseline: { ...(i.baseline ?? {}), [key]: x } }),
      move: (values, x) => {
        values[key] = x;
        return true;
      },
    });
  }
  let prepared = 0;
  (input.interventions ?? []).forEach((iv, n) => {
    if (iv.status === "Pause") return;
    const p = prepared++;
    moves.push({
      label: `Intervention: ${iv.name}`,
      field: `interventions[${n}].impact`,
      by: pct,
      ranged: false,
      to: (d) => movedImpact(iv.lever, byShare(iv.impact)(d)),
      apply: (i, x) => ({
        ...i,
        interventions: (i.interventions ?? []).map((y, m) => (m === n ? { ...y, impact: x } : y)),
      }),
      move: (values, x) => {
        values.impact[p] = x;
        return true;
      },
    });
  });
  const inflationRange = ranges.inflationRange ?? 0;
  (input.costs ?? []).forEach((c, n) => {
    for (const key of ["unitCost", "inflation"] as const) {
      const ranged = key === "inflation" && inflationRange > 0;
      moves.push({
        label: `Cost: ${c.line} ${key === "unitCost" ? "unit cost" : "inflation"}`,
        field: `costs[${n}].${key}`,
        by: ranged ? `±${small(inflationRange)}, InflationRange` : pct,
        ranged,
        to: ranged ? (d) => c.inflation + d * inflationRange : byShare(c[key]),
        apply: (i, x) => ({
          ...i,
          costs: (i.costs ?? []).map((y, m) => (m === n ? { ...y, [key]: x } : y)),
        }),
        move: (values, x) => {
          if (key === "unitCost") values.unitCost[n] = x;
          else if (!inflationAccepted(x)) return false;
          else setInflation(plan, values, n, x);
          return true;
        },
      });
    }
  });

  const plan = compileKernel(input, baseline, base.value.scenarios.mitigated.months.length);
  const values = kernelValues(plan);
  const run = kernelRun(plan);
  /** The target year's total deficit balance and the balance year with one input moved. */
  const moved = (
    move: Move,
    direction: -1 | 1
  ): Outcome<{ closing: number; balanceYear: YearLabel | null }> => {
    const f = move.to(direction);
    copyValues(values, plan.defaults);
    if (move.move(values, f)) {
      runScenario(plan, values, SCENARIO_CODE.mitigated, run);
      const c = run.closing[t];
      const b = balanceYearIndex(run, years.length);
      if (Number.isFinite(c) && run.inYear.every(Number.isFinite))
        return { ok: true, value: { closing: c, balanceYear: b < 0 ? null : years[b] } };
    }
    const full = runForecast(move.apply(input, f));
    if (!full.ok) return full;
    return {
      ok: true,
      value: { closing: full.value.ledger.closing[t], balanceYear: full.value.balanceYear },
    };
  };
  const rows: SensitivityRow[] = [];
  for (const move of moves) {
    const down = moved(move, -1);
    const up = moved(move, 1);
    if (!down.ok) return down;
    if (!up.ok) return up;
    const low = down.value.closing - closing;
    const high = up.value.closing - closing;
    rows.push({
      label: move.label,
      field: move.field,
      by: move.by,
      ranged: move.ranged,
      low,
      high,
      swing: Math.abs(high - low),
      balanceYearLow: down.value.balanceYear,
      balanceYearHigh: up.value.balanceYear,
    });
  }
  rows.sort((a, b) => b.swing - a.swing);
  return {
    ok: true,
    value: { targetYear: target, share, closing, balanceYear: base.value.balanceYear, rows },
  };
}

/** A fraction impact stays within −1 to 1 (the model's bounds). */
function movedImpact(lever: Lever, impact: number): number {
  return LEVER_INFO[lever].unit === "fraction" ? Math.max(-1, Math.min(1, impact)) : impact;
}
