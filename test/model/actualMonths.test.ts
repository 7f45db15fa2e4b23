/**
 * A driven line in the year the forecast starts in: the months before the
 * start that SEND_Monthly gives an actual EHCP count for are priced at that
 * count, not at the stock the forecast starts from.
 */
import { runForecast, type ForecastInput, type MonthlyActual } from "../../src/model";

const ACTUAL_EHCPS = [1000, 1010, 1025, 1030, 1050, 1060]; // April to September 2025
const ACTUAL_INMSS = [50, 51, 51, 52, 53, 54];

function monthly(): MonthlyActual[] {
  return ACTUAL_EHCPS.map((ehcps, k) => ({
    month: `2025-0${4 + k}`,
    requests: 20,
    noToAssess: 0,
    noToIssue: 0,
    plansIssued: 20,
    ceased: 10,
    ehcps,
    inmss: ACTUAL_INMSS[k],
  }));
}

function input(): ForecastInput {
  return {
    // Explicit, so the hand calculation needs no derived rate: 20 requests, none refused, 10 ceased: +10 plans a month.
    baseline: {
      requests: 20,
      noToAssessRate: 0,
      noToIssueRate: 0,
      ceased: 10,
      transfersIn: 0,
      openingEhcps: 1060,
      forecastStart: "2025-10",
      inmssPlacements: 54,
      inmssAnnualGrowth: 12,
    },
    monthly: monthly(),
    years: ["2025/26", "2026/27"],
    expenditure: [
      { label: "Special Schools", values: [9999, 9999] },
      { label: "Independent", values: [8888, 8888] },
    ],
    funding: { highNeedsBlock: [-20000, -20000] },
    openingDeficit: 0,
    settings: { balanceTargetYear: "2026/27", deficitCap: 100000, deficitCapYear: "2025/26" },
    costs: [
      {
        line: "Special Schools",
        driver: "EHCPs",
        share: 0.5,
        unitCost: 20000,
        inflation: 0.03,
        baseYear: "2024/25",
        method: "Total",
      },
      {
        line: "Independent",
        driver: "INMSS",
        share: 1,
        unitCost: 60000,
        inflation: 0,
        baseYear: "2025/26",
        method: "Total",
      },
    ],
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("a driven line in a year with six actual months and six forecast months", () => {
  const outcome = runForecast(input());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const result = outcome.value;

  test("EHCPs: the mean of the six actual counts and the six forecast stocks × share × unit cost × inflation / 1000", () => {
    // October to March: 1060 + 10 a month.
    const forecast = [1070, 1080, 1090, 1100, 1110, 1120];
    const months = [...ACTUAL_EHCPS, ...forecast];
    expect(mean(months)).toBeCloseTo(12745 / 12, 9);
    const expected = (mean(months) * 0.5 * 20000 * 1.03) / 1000; // 10,939.458…
    expect(expected).toBeCloseTo(10939.458, 3);
    const line = result.ledger.lines.find((l) => l.label === "Special Schools")!;
    expect(line.values[0]).toBeCloseTo(expected, 6);
    // Not the forecast's opening stock for April to September: (6 × 1060 + 6570) / 12 = 1077.5 EHCPs.
    expect(line.values[0]).not.toBeCloseTo((1077.5 * 0.5 * 20000 * 1.03) / 1000, 0);
    expect(result.scenarios.mitigated.years[0].averageEhcps).toBeCloseTo(12745 / 12, 9);
  });

  test("the next year, all forecast, is the mean of its twelve forecast stocks", () => {
    const next = Array.from({ length: 12 }, (_, k) => 1130 + 10 * k);
    const line = result.ledger.lines.find((l) => l.label === "Special Schools")!;
    expect(line.values[1]).toBeCloseTo((mean(next) * 0.5 * 20000 * 1.03 ** 2) / 1000, 6);
  });

  test("INMSS placements: the actual months' counts, then 1 more a month", () => {
    const forecast = [55, 56, 57, 58, 59, 60];
    const expected = (mean([...ACTUAL_INMSS, ...forecast]) * 60000) / 1000;
    const line = result.ledger.lines.find((l) => l.label === "Independent")!;
    expect(line.values[0]).toBeCloseTo(expected, 6);
  });

  test("a month without an actual count still counts at the opening stock", () => {
    const partial = input();
    partial.monthly = monthly().map((m) =>
      m.month === "2025-04" ? { ...m, ehcps: undefined } : m
    );
    const out = runForecast(partial);
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const months = [1060, ...ACTUAL_EHCPS.slice(1), 1070, 1080, 1090, 1100, 1110, 1120];
    expect(out.value.scenarios.mitigated.years[0].averageEhcps).toBeCloseTo(mean(months), 9);
  });
});
