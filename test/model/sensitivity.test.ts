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
});
