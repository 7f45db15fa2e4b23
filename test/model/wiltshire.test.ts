import {
  runForecast,
  netAnnualGrowth,
  derivedImpact,
  targetSystem,
  type ForecastResult,
} from "../../src/model";
import { WILTSHIRE, WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";

function forecast(): ForecastResult {
  const r = runForecast(WILTSHIRE);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe("Wiltshire's worked example (MODEL.md)", () => {
  test("Wiltshire's 2023 system grows by 636 plans a year", () => {
    expect(
      netAnnualGrowth({ requests: 97, noToAssessRate: 0.12, noToIssueRate: 0.039, ceased: 29 })
    ).toBeCloseTo(636.37, 2);
    expect(forecast().baseline.netAnnualGrowth).toBeCloseTo(636.4, 1);
  });

  test("the target system grows by 36 plans a year", () => {
    expect(
      netAnnualGrowth({ requests: 66, noToAssessRate: 0.25, noToIssueRate: 0.05, ceased: 44 })
    ).toBeCloseTo(36.3, 1);
  });

  test("Pre-DaD1 and Early Years ESA impacts are derived as the report derives them", () => {
    expect(derivedImpact(97, 0.32, 0.5, 0.5)).toBeCloseTo(7.76, 2);
    expect(derivedImpact(97, 0.27, 1, 0.6)).toBeCloseTo(15.7, 1);
  });

  test("from April 2026 all interventions are active: 66 requests, 25%, 5%, 44 ceased, INMSS growth 20% lower", () => {
    const t = forecast().target;
    expect(t.month).toBe("2026-04");
    expect(t.requests).toBeCloseTo(66, 9);
    expect(t.noToAssessRate).toBeCloseTo(0.25, 9);
    expect(t.noToIssueRate).toBeCloseTo(0.05, 9);
    expect(t.ceased).toBeCloseTo(44, 9);
    expect(t.netAnnualGrowth).toBeCloseTo(36.3, 1);
    expect(t.inmssGrowthReduction).toBeCloseTo(0.2, 9);
  });

  test("in March 2026 the decision-making and step-down interventions are in but not the Apr 2026 step downs", () => {
    const r = forecast();
    const t = targetSystem(r.baseline, WILTSHIRE.interventions!, "2026-03");
    expect(t.requests).toBeCloseTo(66, 9);
    expect(t.inmssGrowthReduction).toBeCloseTo(0.1, 9);
  });

  test("the revised forecast's in-year and closing figures, each within ±3 of the report", () => {
    const { ledger } = forecast();
    expect(ledger.years).toEqual(WILTSHIRE_YEARS);
    ledger.inYear.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    ledger.closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
  });

  test("balance in 2030/31 with a £123.4m residual; peak £131.3m in 2027/28", () => {
    const r = forecast();
    expect(r.balanceYear).toBe("2030/31");
    expect(r.residualDeficit! / 1000).toBeCloseTo(123.4, 1);
    expect(r.peakYear).toBe("2027/28");
    expect(r.peakDeficit / 1000).toBeCloseTo(131.3, 1);
  });

  test("condition 1 fails in 2028/29 (+5,119); condition 2 passes (66,232 ≤ 84,500)", () => {
    const [inYear, cap] = forecast().conditions;
    expect(inYear).toMatchObject({ id: "inYearBalance", pass: false, year: "2028/29" });
    expect(Math.abs(inYear.value - 5119)).toBeLessThanOrEqual(3);
    expect(cap).toMatchObject({ id: "deficitCap", pass: true, year: "2024/25", limit: 84500 });
    expect(Math.abs(cap.value - 66232)).toBeLessThanOrEqual(3);
  });

  test("the report's own Total Expenditure row is off by +1, −1, −1 and −2: reconciled as warnings", () => {
    const w = forecast().warnings.filter((x) => x.code === "reconciliation");
    expect(w.map((x) => x.field)).toEqual([
      "suppliedTotals.expenditure[1]",
      "suppliedTotals.expenditure[2]",
      "suppliedTotals.expenditure[6]",
      "suppliedTotals.expenditure[7]",
    ]);
    expect(w.map((x) => /, ([+\u2212]?\d+) against/.exec(x.message)![1])).toEqual([
      "+1",
      "\u22121",
      "\u22121",
      "\u22122",
    ]);
    expect(w[0].message).toBe(
      "Total Expenditure 2024/25: the supplied lines add up to 122,173, +1 against the supplied 122,172."
    );
  });

  test("the Safety Valve profile adds up to £67m", () => {
    expect(-WILTSHIRE.funding.safetyValve!.reduce((a, b) => a + b, 0)).toBe(67000);
  });

  test("unmitigated stock grows by 636 a year; mitigated far less", () => {
    const r = forecast();
    const un = r.scenarios.unmitigated.years;
    expect(un[2].closingEhcps - un[1].closingEhcps).toBeCloseTo(636.37, 1);
    const mit = r.scenarios.mitigated.years;
    expect(mit[3].closingEhcps - mit[2].closingEhcps).toBeCloseTo(36.3, 1);
    const risk = r.scenarios.riskAdjusted.years;
    expect(risk[3].closingEhcps).toBeGreaterThan(mit[3].closingEhcps);
    expect(risk[3].closingEhcps).toBeLessThan(un[3].closingEhcps);
  });

  test("the trajectory starts at January 2025 and ends in March 2031", () => {
    const t = forecast().scenarios.mitigated;
    expect(t.months[0]).toBe("2025-01");
    expect(t.months[t.months.length - 1]).toBe("2031-03");
    expect(t.ehcps[0]).toBeCloseTo(6354 + (97 * 0.88 * 0.961 - 29), 9);
  });
});
