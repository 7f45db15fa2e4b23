import fc from "fast-check";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { betaDraw, percentile, simulate } from "../../src/model/uncertainty";
import { WILTSHIRE } from "../../src/example/wiltshire";

/*
 * The Monte Carlo (README, "Uncertainty"): draws reproduce the deterministic
 * run when nothing is uncertain, percentiles are ordered, a seed fixes the
 * figures, and the draws' distributions have the stated means.
 */

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const NO_SPREAD = { requestsSd: 0, noToAssessSd: 0, noToIssueSd: 0, ceasedSd: 0 };

describe("Monte Carlo", () => {
  test("with every confidence 1 and no ranges, every draw is the deterministic mitigated scenario", () => {
    // Any baseline, impacts and inflation: each draw is then the full run's mitigated scenario.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.record({
          requests: fc.double({ min: 40, max: 140, noNaN: true }),
          noToAssessRate: fc.double({ min: 0, max: 0.6, noNaN: true }),
          noToIssueRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
          ceased: fc.double({ min: 0, max: 60, noNaN: true }),
        }),
        fc.double({ min: -0.02, max: 0.08, noNaN: true }),
        fc.boolean(),
        (seed, scales, rates, inflation, planGiven) => {
          const input: ForecastInput = {
            ...WILTSHIRE,
            baseline: { ...WILTSHIRE.baseline, ...rates },
            interventions: (WILTSHIRE.interventions ?? []).map((iv, n) => ({
              ...iv,
              impact: iv.impact * scales[n % scales.length],
              confidence: 1,
            })),
            costs: (WILTSHIRE.costs ?? []).map((c) => ({ ...c, inflation })),
            ...(planGiven ? {} : { planActivity: undefined }),
          };
          const expected = run(input);
          const sim = simulate(input, { draws: 2, seed, ...NO_SPREAD });
          if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
          const byYear = new Map(
            expected.scenarios.mitigated.years.map((y) => [y.year, y.closingEhcps])
          );
          for (const d of sim.value.raw) {
            expect(d.closing).toEqual(expected.ledgers.mitigated.closing);
            expect(d.ehcps).toEqual(expected.ledger.years.map((y) => byYear.get(y) ?? NaN));
            expect(d.balanceYear).toBe(expected.balanceYear);
            expect(d.withinCap).toBe(expected.conditions.find((c) => c.id === "deficitCap")?.pass);
          }
        }
      ),
      { numRuns: 25 }
    );
  });

  test("P10 ≤ P50 ≤ P90 in every year, and shares are probabilities", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const sim = simulate(WILTSHIRE, { draws: 40, seed, inflationRange: 0.01 });
        if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
        for (const y of sim.value.years)
          for (const p of y.ehcps ? [y.ehcps, y.closing] : [y.closing]) {
            expect(p.p10).toBeLessThanOrEqual(p.p50);
            expect(p.p50).toBeLessThanOrEqual(p.p90);
          }
        const total = sim.value.balanceYears.reduce((s, b) => s + b.share, 0);
        expect(total).toBeCloseTo(1, 12);
        expect(sim.value.inYearBalance).toBeGreaterThanOrEqual(0);
        expect(sim.value.inYearBalance).toBeLessThanOrEqual(1);
      }),
      { numRuns: 8 }
    );
  });

  test("the same seed gives identical results; another seed different ones", () => {
    const a = simulate(WILTSHIRE, { draws: 50, seed: 42 });
    const b = simulate(WILTSHIRE, { draws: 50, seed: 42 });
    const c = simulate(WILTSHIRE, { draws: 50, seed: 43 });
    if (!a.ok || !b.ok || !c.ok) throw new Error("invalid");
    expect(JSON.stringify(a.value.raw)).toBe(JSON.stringify(b.value.raw));
    expect(JSON.stringify(a.value.years)).not.toBe(JSON.stringify(c.value.years));
  });

  test("progress is reported every so many draws and at the end, and does not change the figures", () => {
    const seen: [number, number][] = [];
    const followed = simulate(
      WILTSHIRE,
      { draws: 25, seed: 9 },
      { onProgress: (done, total) => seen.push([done, total]), every: 10 }
    );
    const plain = simulate(WILTSHIRE, { draws: 25, seed: 9 });
    if (!followed.ok || !plain.ok) throw new Error("invalid");
    expect(seen).toEqual([
      [10, 25],
      [20, 25],
      [25, 25],
    ]);
    expect(JSON.stringify(followed.value.years)).toBe(JSON.stringify(plain.value.years));
  });

  test("a delivered share averages its confidence, and a confidence of 1 or 0 is exact", () => {
    const rng = xoroshiro128plus(7);
    for (const mean of [0.2, 0.6, 0.9]) {
      let sum = 0;
      let sq = 0;
      const n = 20000;
      for (let k = 0; k < n; k++) {
        const x = betaDraw(rng, mean, 10);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        sum += x;
        sq += x * x;
      }
      const m = sum / n;
      expect(Math.abs(m - mean)).toBeLessThan(0.01);
      // Beta variance: mean (1 − mean) / (κ + 1).
      const variance = sq / n - m * m;
      expect(Math.abs(variance - (mean * (1 - mean)) / 11)).toBeLessThan(0.003);
    }
    expect(betaDraw(rng, 1, 10)).toBe(1);
    expect(betaDraw(rng, 0, 10)).toBe(0);
  });

  test("percentiles interpolate as Excel's PERCENTILE.INC", () => {
    // PERCENTILE.INC({1,2,3,4,5}, 0.1) = 1.4; 0.9 → 4.6.
    expect(percentile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
  });

  test("without a Safety Valve agreement there is no probability of staying within the cap", () => {
    const input = { ...WILTSHIRE, settings: { ...WILTSHIRE.settings, safetyValve: false } };
    const sim = simulate(input, { draws: 5 });
    if (!sim.ok) throw new Error("invalid");
    expect(sim.value.withinCap).toBeNull();
    const withSv = simulate(WILTSHIRE, { draws: 5 });
    if (!withSv.ok) throw new Error("invalid");
    expect(typeof withSv.value.withinCap).toBe("number");
  });

  test("uncertain interventions widen the spread; the median stays near the risk-adjusted run", () => {
    const sim = simulate(WILTSHIRE, { draws: 400, seed: 3, ...NO_SPREAD });
    if (!sim.ok) throw new Error("invalid");
    const last = sim.value.years.length - 1;
    const y = sim.value.years[last];
    expect(y.closing.p90 - y.closing.p10).toBeGreaterThan(0);
    // Draws deliver each impact at its confidence on average: the risk-adjusted scenario.
    const riskAdjusted = sim.value.result.ledgers.riskAdjusted.closing[last];
    expect(Math.abs(y.closing.p50 - riskAdjusted)).toBeLessThan(
      (y.closing.p90 - y.closing.p10) / 2
    );
  });

  test("invalid input gives the forecast's problems, not draws", () => {
    const sim = simulate({ ...WILTSHIRE, years: [] }, { draws: 3 });
    expect(sim.ok).toBe(false);
  });
});
