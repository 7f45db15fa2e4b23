/**
 * Sensitivity (README, "Sensitivity"): each input moved down and up by a
 * share of itself (±10% by default), one at a time, and the change in the
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
  /** The share each input was moved by (0.1 = ±10%). */
  share: number;
  /** The mitigated total deficit balance in the target year as the input stands. */
  closing: number;
  balanceYear: YearLabel | null;
  rows: SensitivityRow[];
}

type Move = {
  label: string;
  field: string;
  apply: (input: ForecastInput, f: number) => ForecastInput;
  /** The same move on the kernel's values; false when the checks would refuse the moved value. */
  move: (values: KernelValues, f: number) => boolean;
};

/** A cost line's inflation the checks accept (validate.ts: above −50%, at most 50%). */
const inflationAccepted = (x: number): boolean => x > -0.5 && x <= 0.5;

const BASELINE_MOVES: [
  keyof Baseline & ("requests" | "noToAssessRate" | "noToIssueRate" | "ceased" | "openingEhcps"),
  string,
][] = [
  ["requests", "requests a month"],
  ["noToAssessRate", "no-to-assess rate"],
  ["noToIssueRate", "no-to-issue rate"],
  ["ceased", "plans ceased a month"],
  ["openingEhcps", "EHCPs at the start"],
];

/** Every input moved by ±`share`; rows sorted by swing, largest first. */
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

  const moves: Move[] = [];
  for (const [key, words] of BASELINE_MOVES)
    moves.push({
      label: `Baseline: ${words}`,
      field: `baseline.${key}`,
      apply: (i, f) => {
        const v = baseline[key] as number;
        const moved =
          key === "noToAssessRate" || key === "noToIssueRate" ? Math.min(1, v * f) : v * f;
        return { ...i, baseline: { ...(i.baseline ?? {}), [key]: moved } };
      },
      move: (values, f) => {
        const v = baseline[key] as number;
        values[key] =
          key === "noToAssessRate" || key === "noToIssueRate" ? Math.min(1, v * f) : v * f;
        return true;
      },
    });
  let prepared = 0;
  (input.interventions ?? []).forEach((iv, n) => {
    if (iv.status === "Pause") return;
    const p = prepared++;
    moves.push({
      label: `Intervention: ${iv.name}`,
      field: `interventions[${n}].impact`,
      apply: (i, f) => ({
        ...i,
        interventions: (i.interventions ?? []).map((x, m) =>
          m === n ? { ...x, impact: movedImpact(x.lever, x.impact * f) } : x
        ),
      }),
      move: (values, f) => {
        values.impact[p] = movedImpact(iv.lever, iv.impact * f);
        return true;
      },
    });
  });
  (input.costs ?? []).forEach((c, n) => {
    for (const key of ["unitCost", "inflation"] as const)
      moves.push({
        label: `Cost: ${c.line} ${key === "unitCost" ? "unit cost" : "inflation"}`,
        field: `costs[${n}].${key}`,
        apply: (i, f) => ({
          ...i,
          costs: (i.costs ?? []).map((x, m) => (m === n ? { ...x, [key]: x[key] * f } : x)),
        }),
        move: (values, f) => {
          if (key === "unitCost") values.unitCost[n] = c.unitCost * f;
          else if (!inflationAccepted(c.inflation * f)) return false;
          else setInflation(plan, values, n, c.inflation * f);
          return true;
        },
      });
  });

  const plan = compileKernel(input, baseline, base.value.scenarios.mitigated.months.length);
  const values = kernelValues(plan);
  const run = kernelRun(plan);
  /** The target year's total deficit balance and the balance year with one input moved. */
  const moved = (
    move: Move,
    f: number
  ): Outcome<{ closing: number; balanceYear: YearLabel | null }> => {
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
    const down = moved(move, 1 - share);
    const up = moved(move, 1 + share);
    if (!down.ok) return down;
    if (!up.ok) return up;
    const low = down.value.closing - closing;
    const high = up.value.closing - closing;
    rows.push({
      label: move.label,
      field: move.field,
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
