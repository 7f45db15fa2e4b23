import type { SystemRates } from "./types";

/** New plans a month: requests × (1 − no to assess) × (1 − no to issue). MODEL.md §1. */
export function newPlansPerMonth(
  r: Pick<SystemRates, "requests" | "noToAssessRate" | "noToIssueRate">
): number {
  return r.requests * (1 - r.noToAssessRate) * (1 - r.noToIssueRate);
}

/** Net growth a month: new plans + transfers in − ceased. */
export function netMonthlyGrowth(r: SystemRates, transfersIn = 0): number {
  return newPlansPerMonth(r) + transfersIn - r.ceased;
}

/** Net growth a year: 12 × the monthly net growth (Wiltshire 2023: 636.4). */
export function netAnnualGrowth(r: SystemRates, transfersIn = 0): number {
  return 12 * netMonthlyGrowth(r, transfersIn);
}

/** A derived impact: Base × Share × Targeted × Success (Pre-DaD1: 97 × 32% × ½ × 50% = 7.76). */
export function derivedImpact(
  base: number,
  share: number,
  targeted: number,
  success: number
): number {
  return base * share * targeted * success;
}

/** Trailing mean over `window` values; the first window − 1 positions average what there is. */
export function rollingAverage(values: readonly number[], window = 12): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    sum += values[k];
    if (k >= window) sum -= values[k - window];
    out.push(sum / Math.min(k + 1, window));
  }
  return out;
}
