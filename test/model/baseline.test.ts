import { deriveBaseline, resolveBaseline, type MonthlyActual } from "../../src/model";

function months(n: number, from = 2024 * 12): MonthlyActual[] {
  return Array.from({ length: n }, (_, k) => {
    const m = from + k;
    return {
      month: `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`,
      requests: 90 + k,
      noToAssess: 10,
      noToIssue: 3,
      plansIssued: 70,
      ceased: 29,
      transfersIn: 2,
      ehcps: 6000 + 50 * k,
      inmss: 300 + 4 * k,
    };
  });
}

describe("baseline from monthly actuals (trailing 12 months)", () => {
  test("means, pooled rates, opening stock and INMSS growth over the last 12 months", () => {
    const rows = months(18); // Jan 2024 – Jun 2025
    const { derived, warnings } = deriveBaseline(rows);
    const window = rows.slice(6);
    expect(derived.requests).toBeCloseTo(window.reduce((s, r) => s + r.requests, 0) / 12, 9);
    expect(derived.noToAssessRate).toBeCloseTo(120 / window.reduce((s, r) => s + r.requests, 0), 9);
    expect(derived.noToIssueRate).toBeCloseTo(36 / (36 + 840), 9);
    expect(derived.ceased).toBe(29);
    expect(derived.transfersIn).toBe(2);
    expect(derived.openingEhcps).toBe(6000 + 50 * 17);
    expect(derived.forecastStart).toBe("2025-07");
    expect(derived.inmssPlacements).toBe(300 + 4 * 17);
    expect(derived.inmssAnnualGrowth).toBe(48);
    expect(warnings).toEqual([]);
  });

  test("fewer than 12 months: uses what there is and says so", () => {
    const { derived, warnings } = deriveBaseline(months(5));
    expect(derived.requests).toBe(92);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].code).toBe("shortActuals");
    expect(warnings[0].message).toMatch(/Only 5 months/);
  });

  test("explicit values override derived ones", () => {
    const r = resolveBaseline({ requests: 97, openingEhcps: 6354 }, months(12));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.baseline.requests).toBe(97);
    expect(r.value.baseline.openingEhcps).toBe(6354);
    expect(r.value.baseline.ceased).toBe(29);
  });

  test("nothing to derive from and nothing given: each missing field named", () => {
    const r = resolveBaseline({ requests: 97 }, []);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual([
      "baseline.noToAssessRate",
      "baseline.noToIssueRate",
      "baseline.ceased",
      "baseline.openingEhcps",
      "baseline.forecastStart",
    ]);
  });
});
