import { monthIndex, monthKey } from "./calendar";
import type { Baseline, InputProblem, MonthlyActual, Outcome, Warning } from "./types";

const WINDOW = 12;

/**
 * The baseline from monthly actuals: the trailing 12-month window ending at
 * the last actual month (MODEL.md §1, "Baseline from monthly actuals").
 * Returns only what the actuals can give.
 */
export function deriveBaseline(monthly: readonly MonthlyActual[]): {
  derived: Partial<Baseline>;
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  if (monthly.length === 0) return { derived: {}, warnings };
  const rows = [...monthly].sort((x, y) => monthIndex(x.month) - monthIndex(y.month));
  const last = rows[rows.length - 1];
  const lastIndex = monthIndex(last.month);
  const window = rows.filter((r) => monthIndex(r.month) > lastIndex - WINDOW);
  if (window.length < WINDOW)
    warnings.push({
      code: "shortActuals",
      field: "monthly",
      message: `Only ${window.length} month${window.length === 1 ? "" : "s"} of actuals in the 12 months to ${last.month}; the baseline is their average.`,
    });
  const sum = (pick: (r: MonthlyActual) => number): number =>
    window.reduce((s, r) => s + pick(r), 0);
  const requests = sum((r) => r.requests);
  const refused = sum((r) => r.noToAssess);
  const notIssued = sum((r) => r.noToIssue);
  const issued = sum((r) => r.plansIssued);
  const derived: Partial<Baseline> = {
    requests: requests / window.length,
    ceased: sum((r) => r.ceased) / window.length,
    transfersIn: sum((r) => r.transfersIn ?? 0) / window.length,
    forecastStart: monthKey(lastIndex + 1),
  };
  if (requests > 0) derived.noToAssessRate = refused / requests;
  if (notIssued + issued > 0) derived.noToIssueRate = notIssued / (notIssued + issued);
  if (last.ehcps !== undefined) derived.openingEhcps = last.ehcps;
  if (last.inmss !== undefined) {
    derived.inmssPlacements = last.inmss;
    const yearAgo = rows.find((r) => monthIndex(r.month) === lastIndex - WINDOW);
    if (yearAgo?.inmss !== undefined) derived.inmssAnnualGrowth = last.inmss - yearAgo.inmss;
  }
  return { derived, warnings };
}

const REQUIRED: { key: keyof Baseline; what: string }[] = [
  { key: "requests", what: "EHCNA requests a month" },
  { key: "noToAssessRate", what: "the no-to-assess rate" },
  { key: "noToIssueRate", what: "the no-to-issue rate" },
  { key: "ceased", what: "plans ceased a month" },
  { key: "openingEhcps", what: "the EHCPs at the forecast start" },
  { key: "forecastStart", what: "the first forecast month" },
];

/** Explicit values override derived ones; INMSS and lag default to 0. */
export function resolveBaseline(
  explicit: Partial<Baseline>,
  monthly: readonly MonthlyActual[]
): Outcome<{ baseline: Baseline; warnings: Warning[] }> {
  const { derived, warnings } = deriveBaseline(monthly);
  const merged: Partial<Baseline> = { ...derived };
  for (const [k, v] of Object.entries(explicit))
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  const problems: InputProblem[] = [];
  for (const { key, what } of REQUIRED)
    if (merged[key] === undefined)
      problems.push({
        field: `baseline.${key}`,
        message: `expected ${what}, given in the baseline or derived from monthly actuals; found nothing`,
      });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      baseline: {
        requests: merged.requests!,
        noToAssessRate: merged.noToAssessRate!,
        noToIssueRate: merged.noToIssueRate!,
        ceased: merged.ceased!,
        transfersIn: merged.transfersIn ?? 0,
        openingEhcps: merged.openingEhcps!,
        forecastStart: merged.forecastStart!,
        inmssPlacements: merged.inmssPlacements ?? 0,
        inmssAnnualGrowth: merged.inmssAnnualGrowth ?? 0,
        lagMonths: merged.lagMonths ?? 0,
      },
      warnings,
    },
  };
}
