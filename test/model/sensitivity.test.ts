import { labelKey, runForecast, sensitivity, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";

/* Sensitivity (README, "Sensitivity"): each input ±10%, the change in the target year's balance. */

// More requests than the plan was built on, so the Change lines price a difference.
const BUSIER: ForecastInput = { ...WILTSHIRE, baseline: { ...WILTSHIRE.baseline, requests: 103 } };

describe("sensitivity", () => {
  test("a Change line's unit cost ±10% moves the balance by ±10% of what the line adds to the plan, summed to the target year", () => {
    const r = sensitivity(BUSIER);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const full = runForecast(BUSIER);
    if (!full.ok) throw new Error("invalid");
    const years = full.value.ledger.years;
    const t = years.indexOf(r.value.targetYear);
    (BUSIER.costs ?? []).forEach((c, n) => {
      const driven = full.value.ledger.lines.find((l) => labelKey(l.label) === labelKey(c.line))!;
      const supplied = BUSIER.expenditure.find((l) => labelKey(l.label) === labelKey(c.line))!;
      // The closing balance accumulates each year's in-year figure: sum the line's extra to the target year.
      let extra = 0;
      for (let k = 0; k <= t; k++) extra += driven.values[k] - supplied.values[k];
      const row = r.value.rows.find((x) => x.field === `costs[${n}].unitCost`)!;
      expect(row.high).toBeCloseTo(0.1 * extra, 6);
      expect(row.low).toBeCloseTo(-0.1 * extra, 6);
    });
  });

  test("rows come largest swing first; more requests raise the balance, more ceased lower it", () => {
    const r = sensitivity(WILTSHIRE);
    if (!r.ok) throw new Error("invalid");
    const swings = r.value.rows.map((x) => x.swing);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    const requests = r.value.rows.find((x) => x.field === "baseline.requests")!;
    expect(requests.high).toBeGreaterThan(0);
    expect(requests.low).toBeLessThan(0);
    const ceased = r.value.rows.find((x) => x.field === "baseline.ceased")!;
    expect(ceased.high).toBeLessThan(0);
    expect(r.value.rows.map((x) => x.label)).toContain("Intervention: Pre-DaD1 support");
  });

  test("moved by nothing, nothing changes", () => {
    const r = sensitivity(WILTSHIRE, 0);
    if (!r.ok) throw new Error("invalid");
    for (const row of r.value.rows) {
      expect(row.low).toBe(0);
      expect(row.high).toBe(0);
    }
  });

  test("an input with a range in SEND_Uncertainty is moved by it: P10–P90 of a standard deviation, ± InflationRange", () => {
    const input: ForecastInput = {
      ...BUSIER,
      uncertainty: { requestsSd: 5, inflationRange: 0.01 },
    };
    const r = sensitivity(input);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const t = (x: ForecastInput): number => {
      const f = runForecast(x);
      if (!f.ok) throw new Error(JSON.stringify(f.problems));
      return f.value.ledger.closing[f.value.ledger.years.indexOf(r.value.targetYear)];
    };
    const closing = t(input);
    // 1.2816 standard deviations either side: the normal's 10th and 90th percentiles.
    const z = 1.2815515655446004;
    const requests = r.value.rows.find((x) => x.field === "baseline.requests")!;
    expect(requests.ranged).toBe(true);
    expect(requests.by).toBe("±6.41, P10–P90 of RequestsSD 5");
    for (const [d, change] of [
      [-1, requests.low],
      [1, requests.high],
    ] as const)
      expect(change).toBeCloseTo(
        t({ ...input, baseline: { ...input.baseline, requests: 103 + d * z * 5 } }) - closing,
        6
      );
    const cost = input.costs![0];
    const inflation = r.value.rows.find((x) => x.field === "costs[0].inflation")!;
    expect(inflation.by).toBe("±0.01, InflationRange");
    const moved = (x: number): ForecastInput => ({
      ...input,
      costs: input.costs!.map((c, n) => (n === 0 ? { ...c, inflation: x } : c)),
    });
    expect(inflation.low).toBeCloseTo(t(moved(cost.inflation - 0.01)) - closing, 6);
    expect(inflation.high).toBeCloseTo(t(moved(cost.inflation + 0.01)) - closing, 6);
    // Without a range: ±10%, as before.
    const ceased = r.value.rows.find((x) => x.field === "baseline.ceased")!;
    expect([ceased.by, ceased.ranged]).toEqual(["±10%", false]);
    const unitCost = r.value.rows.find((x) => x.field === "costs[0].unitCost")!;
    expect([unitCost.by, unitCost.ranged]).toEqual(["±10%", false]);
  });

  test("without SEND_Uncertainty every input moves by the share", () => {
    const r = sensitivity(WILTSHIRE);
    if (!r.ok) throw new Error("invalid");
    expect(new Set(r.value.rows.map((x) => `${x.by} ${x.ranged}`))).toEqual(
      new Set(["±10% false"])
    );
  });
});
