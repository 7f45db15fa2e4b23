/**
 * Sensitivity (README, "Sensitivity"): each input moved down and up by a
 * share of itself (±10% by default), one at a time, and the change in the
 * mitigated forecast's total deficit balance in the balance target year,
 * largest swing first. Each move is a full run. Pure.
 */
import { resolveBaseline } from "./baseline";
import { runForecast } from "./forecast";
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
};

const BASELINE_MOVES: [keyof Baseline, string][] = [
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
    });
  (input.interventions ?? []).forEach((iv, n) => {
    if (iv.status === "Pause") return;
    moves.push({
      label: `Intervention: ${iv.name}`,
      field: `interventions[${n}].impact`,
      apply: (i, f) => ({
        ...i,
        interventions: (i.interventions ?? []).map((x, m) =>
          m === n ? { ...x, impact: movedImpact(x.lever, x.impact * f) } : x
        ),
      }),
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
      });
  });

  const rows: SensitivityRow[] = [];
  for (const move of moves) {
    const down = runForecast(move.apply(input, 1 - share));
    const up = runForecast(move.apply(input, 1 + share));
    if (!down.ok) return down;
    if (!up.ok) return up;
    const low = down.value.ledger.closing[t] - closing;
    const high = up.value.ledger.closing[t] - closing;
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
