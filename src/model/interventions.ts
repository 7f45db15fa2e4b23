import { monthIndex } from "./calendar";
import { LEVER_INFO, type SystemMeasure } from "./levers";
import type { Intervention, Lever, ScenarioId, SystemRates } from "./types";

/** Share of the impact in month `m` of an intervention starting at `start` with a ramp of `rampMonths`. */
export function rampShare(start: number, rampMonths: number, m: number): number {
  if (m < start) return 0;
  if (rampMonths <= 0) return 1;
  return Math.min(1, (m - start + 1) / rampMonths);
}

/** An intervention prepared for month-by-month use: start as an index, weight per scenario. */
export interface PreparedIntervention {
  lever: Lever;
  impact: number;
  start: number;
  ramp: number;
  confidence: number;
}

/** Paused interventions are ignored (MODEL.md §2). */
export function prepareInterventions(list: readonly Intervention[]): PreparedIntervention[] {
  return list
    .filter((iv) => iv.status !== "Pause")
    .map((iv) => ({
      lever: iv.lever,
      impact: iv.impact,
      start: monthIndex(iv.start),
      ramp: iv.rampMonths ?? 0,
      confidence: iv.confidence ?? 1,
    }));
}

export function scenarioWeight(scenario: ScenarioId, iv: PreparedIntervention): number {
  if (scenario === "unmitigated") return 0;
  return scenario === "riskAdjusted" ? iv.confidence : 1;
}

export interface MonthSystem extends SystemRates {
  /** Total reduction in INMSS growth, 0–1. */
  inmssReduction: number;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** The system in month `m`: baseline plus every acting intervention, summed per measure each lever moves (LEVER_INFO), then clamped. */
export function systemInMonth(
  base: SystemRates,
  prepared: readonly PreparedIntervention[],
  m: number,
  scenario: ScenarioId
): MonthSystem {
  const start: Record<SystemMeasure, number> = {
    requests: base.requests,
    noToAssessRate: base.noToAssessRate,
    noToIssueRate: base.noToIssueRate,
    ceased: base.ceased,
    inmssReduction: 0,
  };
  const sys = { ...start };
  // A lever given as a share of the baseline is summed per measure first:
  // together such shares remove at most all of the baseline; beyond that,
  // more baseline requests would mean fewer requests left.
  const shares: Partial<Record<SystemMeasure, number>> = {};
  if (scenario !== "unmitigated") {
    for (const iv of prepared) {
      const share = rampShare(iv.start, iv.ramp, m);
      if (share === 0) continue;
      const effect = iv.impact * share * scenarioWeight(scenario, iv);
      const lever = LEVER_INFO[iv.lever];
      if (lever.shareOfBaseline)
        shares[lever.measure] = (shares[lever.measure] ?? 0) + lever.sign * effect;
      else sys[lever.measure] += lever.sign * effect;
    }
  }
  for (const [measure, total] of Object.entries(shares) as [SystemMeasure, number][])
    sys[measure] += Math.max(-1, total) * start[measure];
  // Clamping (MODEL.md §2); ceased plans cannot be negative either.
  return {
    requests: Math.max(0, sys.requests),
    noToAssessRate: clamp01(sys.noToAssessRate),
    noToIssueRate: clamp01(sys.noToIssueRate),
    ceased: Math.max(0, sys.ceased),
    inmssReduction: clamp01(sys.inmssReduction),
  };
}

/** First month from which every non-paused intervention is at full impact (the start month when there are none). */
export function fullEffectMonth(
  prepared: readonly PreparedIntervention[],
  forecastStart: number
): number {
  let month = forecastStart;
  for (const iv of prepared) month = Math.max(month, iv.start + Math.max(0, iv.ramp - 1));
  return month;
}
