import { monthIndex } from "./calendar";
import type { Intervention, Lever, ScenarioId, SystemRates } from "./types";

/**
 * What each lever does in a month where it acts (MODEL.md §2). One table:
 * help text, validation and the task pane's lists are all drawn from it.
 */
export const LEVER_INFO: Record<Lever, { unit: "perMonth" | "fraction"; description: string }> = {
  Requests: { unit: "perMonth", description: "EHCNA requests a month fewer" },
  RequestsPct: { unit: "fraction", description: "requests lower by this share of the baseline" },
  NoToAssess: { unit: "fraction", description: "no-to-assess rate higher by these percentage points" },
  NoToIssue: { unit: "fraction", description: "no-to-issue rate higher by these percentage points" },
  Ceased: { unit: "perMonth", description: "plans ceased a month more" },
  INMSSGrowth: { unit: "fraction", description: "INMSS placement growth lower by this share" },
};

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

/** The system in month `m`: baseline plus every acting intervention, summed per lever, then clamped. */
export function systemInMonth(
  base: SystemRates,
  prepared: readonly PreparedIntervention[],
  m: number,
  scenario: ScenarioId,
): MonthSystem {
  let requests = base.requests;
  let noToAssessRate = base.noToAssessRate;
  let noToIssueRate = base.noToIssueRate;
  let ceased = base.ceased;
  let inmssReduction = 0;
  // Percentage cuts together remove at most all of the baseline's requests;
  // beyond that, more baseline requests would mean fewer requests left.
  let requestsCut = 0;
  if (scenario !== "unmitigated") {
    for (const iv of prepared) {
      const share = rampShare(iv.start, iv.ramp, m);
      if (share === 0) continue;
      const effect = iv.impact * share * scenarioWeight(scenario, iv);
      switch (iv.lever) {
        case "Requests":
          requests -= effect;
          break;
        case "RequestsPct":
          requestsCut += effect;
          break;
        case "NoToAssess":
          noToAssessRate += effect;
          break;
        case "NoToIssue":
          noToIssueRate += effect;
          break;
        case "Ceased":
          ceased += effect;
          break;
        case "INMSSGrowth":
          inmssReduction += effect;
          break;
      }
    }
  }
  requests -= Math.min(1, requestsCut) * base.requests;
  // Clamping (MODEL.md §2); ceased plans cannot be negative either.
  return {
    requests: Math.max(0, requests),
    noToAssessRate: clamp01(noToAssessRate),
    noToIssueRate: clamp01(noToIssueRate),
    ceased: Math.max(0, ceased),
    inmssReduction: clamp01(inmssReduction),
  };
}

/** First month from which every non-paused intervention is at full impact (the start month when there are none). */
export function fullEffectMonth(prepared: readonly PreparedIntervention[], forecastStart: number): number {
  let month = forecastStart;
  for (const iv of prepared) month = Math.max(month, iv.start + Math.max(0, iv.ramp - 1));
  return month;
}
