import { financialYearOf, monthIndex, monthKey, yearStartIndex } from "./calendar";
import { newPlansPerMonth } from "./demand";
import { systemInMonth, type PreparedIntervention } from "./interventions";
import type {
  Baseline,
  MonthKey,
  MonthlyActual,
  ScenarioId,
  SystemRates,
  Trajectory,
  YearSummary,
} from "./types";

/** The actual stock at a month's end, from the monthly actuals (SEND_Monthly), where they give it. */
export interface ActualStock {
  ehcps?: number;
  inmss?: number;
}

/** Each month's actual EHCPs and INMSS placements, by month, from the monthly actuals that give them. */
export function actualStock(monthly: readonly MonthlyActual[]): Map<MonthKey, ActualStock> {
  const out = new Map<MonthKey, ActualStock>();
  for (const m of monthly) {
    if (m.ehcps === undefined && m.inmss === undefined) continue;
    out.set(monthKey(monthIndex(m.month)), { ehcps: m.ehcps, inmss: m.inmss });
  }
  return out;
}

/**
 * Month-by-month stock of EHCPs and INMSS placements for one scenario
 * (MODEL.md §3): S_t = S_(t−1) + N_t + T − C_t, with N_t taken at the request
 * month t − L; P_t = P_(t−1) + g/12 × (1 − reduction_t).
 */
export function projectTrajectory(
  baseline: Baseline,
  prepared: readonly PreparedIntervention[],
  months: number,
  scenario: ScenarioId,
  actuals: ReadonlyMap<MonthKey, ActualStock> = new Map()
): Trajectory {
  const start = monthIndex(baseline.forecastStart);
  const lag = baseline.lagMonths;
  const systems = [];
  for (let k = 0; k < months; k++)
    systems.push(systemInMonth(baseline, prepared, start + k, scenario));
  // Before the forecast start the baseline applies (for lagged requests).
  const baselineNew = newPlansPerMonth(baseline);

  const out: Trajectory = {
    months: [],
    ehcps: [],
    inmss: [],
    newPlans: [],
    ceased: [],
    rates: [],
    years: [],
  };
  let stock = baseline.openingEhcps;
  let placements = baseline.inmssPlacements;
  const monthlyInmssGrowth = baseline.inmssAnnualGrowth / 12;
  for (let k = 0; k < months; k++) {
    const sys = systems[k];
    const issued = k - lag >= 0 ? newPlansPerMonth(systems[k - lag]) : baselineNew;
    stock += issued + baseline.transfersIn - sys.ceased;
    placements += monthlyInmssGrowth * (1 - sys.inmssReduction);
    out.months.push(monthKey(start + k));
    out.ehcps.push(stock);
    out.inmss.push(placements);
    out.newPlans.push(issued);
    out.ceased.push(sys.ceased);
    const rates: SystemRates = {
      requests: sys.requests,
      noToAssessRate: sys.noToAssessRate,
      noToIssueRate: sys.noToIssueRate,
      ceased: sys.ceased,
    };
    out.rates.push(rates);
  }
  out.years = summariseYears(out, baseline, actuals);
  return out;
}

/**
 * Per financial year: stock at 31 March, average of the twelve month-end
 * values (a month before the forecast start counts at its actual stock where
 * the monthly actuals give one, else at the opening value), and new and
 * ceased plans in the forecast months of the year.
 */
export function summariseYears(
  t: Pick<Trajectory, "months" | "ehcps" | "inmss" | "newPlans" | "ceased">,
  baseline: Baseline,
  actuals: ReadonlyMap<MonthKey, ActualStock> = new Map()
): YearSummary[] {
  const out: YearSummary[] = [];
  if (t.months.length === 0) return out;
  const start = monthIndex(t.months[0]);
  const end = start + t.months.length - 1;
  const firstYearStart = yearStartIndex(financialYearOf(start));
  for (let april = firstYearStart; april <= end; april += 12) {
    let sumE = 0;
    let sumP = 0;
    let newPlans = 0;
    let ceased = 0;
    let lastE = baseline.openingEhcps;
    let lastP = baseline.inmssPlacements;
    let counted = 0;
    for (let m = april; m < april + 12 && m <= end; m++) {
      const k = m - start;
      const actual = k < 0 ? actuals.get(monthKey(m)) : undefined;
      const e = k < 0 ? (actual?.ehcps ?? baseline.openingEhcps) : t.ehcps[k];
      const p = k < 0 ? (actual?.inmss ?? baseline.inmssPlacements) : t.inmss[k];
      sumE += e;
      sumP += p;
      lastE = e;
      lastP = p;
      counted++;
      if (k >= 0) {
        newPlans += t.newPlans[k];
        ceased += t.ceased[k];
      }
    }
    out.push({
      year: financialYearOf(april),
      closingEhcps: lastE,
      averageEhcps: sumE / counted,
      newPlans,
      ceased,
      closingInmss: lastP,
      averageInmss: sumP / counted,
    });
  }
  return out;
}
