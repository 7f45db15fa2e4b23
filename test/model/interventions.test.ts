import {
  projectTrajectory,
  prepareInterventions,
  rampShare,
  runForecast,
  systemInMonth,
  monthIndex,
  type Baseline,
} from "../../src/model";

const base: Baseline = {
  requests: 97,
  noToAssessRate: 0.12,
  noToIssueRate: 0.039,
  ceased: 29,
  transfersIn: 0,
  openingEhcps: 6354,
  forecastStart: "2025-01",
  inmssPlacements: 362,
  inmssAnnualGrowth: 41,
  lagMonths: 0,
};

describe("interventions", () => {
  test("a ramp of k months reaches full impact in its k-th month", () => {
    expect([0, 1, 2, 3].map((m) => rampShare(0, 3, m))).toEqual([1 / 3, 2 / 3, 1, 1]);
    expect(rampShare(5, 0, 4)).toBe(0);
    expect(rampShare(5, 0, 5)).toBe(1);
  });

  test("RequestsPct takes a share of the baseline requests", () => {
    const p = prepareInterventions([
      { name: "x", lever: "RequestsPct", impact: 0.1, start: "2025-01" },
    ]);
    expect(systemInMonth(base, p, monthIndex("2025-02"), "mitigated").requests).toBeCloseTo(
      87.3,
      9
    );
  });

  test("rates are clamped to 0–1 and requests to 0 or more", () => {
    const p = prepareInterventions([
      { name: "a", lever: "NoToAssess", impact: 0.99, start: "2025-01" },
      { name: "b", lever: "NoToAssess", impact: 0.5, start: "2025-01" },
      { name: "c", lever: "Requests", impact: 500, start: "2025-01" },
    ]);
    const s = systemInMonth(base, p, monthIndex("2025-01"), "mitigated");
    expect(s.noToAssessRate).toBe(1);
    expect(s.requests).toBe(0);
  });

  test("the risk-adjusted scenario scales each impact by its confidence", () => {
    const p = prepareInterventions([
      { name: "x", lever: "Ceased", impact: 10, start: "2025-01", confidence: 0.4 },
    ]);
    expect(systemInMonth(base, p, monthIndex("2025-01"), "riskAdjusted").ceased).toBeCloseTo(33, 9);
    expect(systemInMonth(base, p, monthIndex("2025-01"), "unmitigated").ceased).toBe(29);
  });

  test("an issue lag of 5 months keeps baseline issuing for 5 months after requests fall", () => {
    const p = prepareInterventions([
      { name: "x", lever: "Requests", impact: 31, start: "2025-01" },
    ]);
    const lagged = projectTrajectory({ ...base, lagMonths: 5 }, p, 12, "mitigated");
    const baseNew = 97 * 0.88 * 0.961;
    expect(lagged.newPlans.slice(0, 5).every((n) => Math.abs(n - baseNew) < 1e-9)).toBe(true);
    expect(lagged.newPlans[5]).toBeCloseTo(66 * 0.88 * 0.961, 9);
  });

  test("INMSS placements grow by g/12 a month, less the reduction", () => {
    const p = prepareInterventions([
      { name: "x", lever: "INMSSGrowth", impact: 0.25, start: "2025-01" },
    ]);
    const t = projectTrajectory(base, p, 12, "mitigated");
    expect(t.inmss[11]).toBeCloseTo(362 + 41 * 0.75, 9);
  });
});

describe("driven cost lines", () => {
  test("an INMSS-driven line uses the year's average placements, share, unit cost and inflation", () => {
    const r = runForecast({
      baseline: { ...base, forecastStart: "2025-04", inmssAnnualGrowth: 12 },
      years: ["2024/25", "2025/26", "2026/27"],
      expenditure: [{ label: "INMSS", values: [1000, 1000, 1000] }],
      funding: {},
      openingDeficit: 0,
      costs: [
        {
          line: "inmss",
          driver: "INMSS",
          share: 1,
          unitCost: 60000,
          inflation: 0.05,
          baseYear: "2025/26",
        },
      ],
      settings: { balanceTargetYear: "2026/27", deficitCapYear: "2024/25" },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const line = r.value.ledger.lines[0].values;
    expect(line[0]).toBe(1000); // before the forecast year: the actual
    const avg2025 = 362 + (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12) / 12;
    expect(line[1]).toBeCloseTo((avg2025 * 60000) / 1000, 6);
    const avg2026 = 362 + 12 + 6.5;
    expect(line[2]).toBeCloseTo((avg2026 * 60000 * 1.05) / 1000, 6);
  });

  test("months before the forecast start count at the opening value", () => {
    const r = runForecast({
      baseline: { ...base, forecastStart: "2025-01" },
      years: ["2024/25"],
      expenditure: [{ label: "Special Schools", values: [0] }],
      funding: {},
      openingDeficit: 0,
      costs: [
        {
          line: "Special Schools",
          driver: "EHCPs",
          share: 0.5,
          unitCost: 1000,
          inflation: 0,
          baseYear: "2024/25",
        },
      ],
      settings: { balanceTargetYear: "2024/25", deficitCapYear: "2024/25" },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const g = 636.37152 / 12;
    const avg = (9 * 6354 + (6354 + g) + (6354 + 2 * g) + (6354 + 3 * g)) / 12;
    expect(r.value.ledger.lines[0].values[0]).toBeCloseTo((avg * 0.5 * 1000) / 1000, 6);
  });
});
