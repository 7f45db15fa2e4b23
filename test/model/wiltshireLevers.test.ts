import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";

/*
 * The example prices its levers: its cost lines (Method Change) move the
 * plan's lines by a scenario's activity above the plan's. The amounts
 * expected here are worked out from the report's figures and the runs'
 * yearly averages, not from the ledger code.
 */

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const yearly = (r: ForecastResult, key: "averageEhcps" | "averageInmss"): (number | null)[] =>
  WILTSHIRE_YEARS.map((y) => r.scenarios.mitigated.years.find((s) => s.year === y)?.[key] ?? null);

const paused = (name: string): ForecastInput => ({
  ...structuredClone(WILTSHIRE),
  interventions: WILTSHIRE.interventions!.map((iv) =>
    iv.name === name ? { ...iv, status: "Pause" } : iv
  ),
});

const value = (label: string, year: string): number =>
  WILTSHIRE.expenditure.find((l) => l.label === label)!.values[WILTSHIRE_YEARS.indexOf(year)];

const PLACE_LED = [
  "Mainstream Provision (incl. Resourced Provision Top Ups)",
  "Resourced Provision (places only)",
  "Special Schools",
];
const INMSS_LINE = "Independent and Non-maintained Special School Provision";

const listed = run(WILTSHIRE);

describe("the example's cost lines and plan activity", () => {
  test("the plan's activity is the model's mitigated yearly averages with every intervention as listed, to the bit", () => {
    const without = run({ ...WILTSHIRE, costs: undefined, planActivity: undefined });
    expect(WILTSHIRE.planActivity).toEqual({
      ehcps: yearly(without, "averageEhcps"),
      inmss: yearly(without, "averageInmss"),
    });
    // 2023/24 is before the forecast: no figure.
    expect(WILTSHIRE.planActivity!.ehcps![0]).toBeNull();
  });

  test("the cost per EHCP is the place-led lines' 2024/25 spend over the report's 6,354 EHCPs, shared by that spend; INMSS at the report's £35,560 premium", () => {
    const placeLed = PLACE_LED.reduce((s, l) => s + value(l, "2024/25"), 0);
    expect(placeLed).toBe(64492);
    const perEhcp = Math.round((placeLed * 1000) / 6354 / 10) * 10;
    expect(perEhcp).toBe(10150);
    const costs = WILTSHIRE.costs!;
    expect(costs.map((c) => c.line)).toEqual([...PLACE_LED, INMSS_LINE]);
    for (const c of costs) {
      expect(c).toMatchObject({ method: "Change", inflation: 0.03, baseYear: "2024/25" });
    }
    PLACE_LED.forEach((line, k) => {
      expect(costs[k]).toMatchObject({ driver: "EHCPs", unitCost: perEhcp });
      expect(costs[k].share).toBeCloseTo(value(line, "2024/25") / placeLed, 4);
    });
    expect(costs[0].share + costs[1].share + costs[2].share).toBeCloseTo(1, 12);
    expect(costs[3]).toMatchObject({ driver: "INMSS", share: 1, unitCost: 35560 });
    // The inflation is the report's own: its High Needs Block rises 3.0% a year from 2025/26.
    const hnb = WILTSHIRE.funding.highNeedsBlock!;
    for (let k = 3; k < hnb.length; k++) expect(hnb[k] / hnb[k - 1]).toBeCloseTo(1.03, 4);
  });

  test("with every intervention as listed, the deficit table is the report's (±3) and no warning about the plan", () => {
    listed.ledger.inYear.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    listed.ledger.closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    expect(listed.warnings.map((w) => w.code)).not.toContain("planActivityMissing");
    // The mitigated lines are the supplied ones.
    listed.ledger.lines.forEach((l, j) =>
      expect(l.values).toEqual(WILTSHIRE.expenditure[j].values)
    );
  });

  test("pausing Early Years ESA raises the mitigated deficit in every year from 2025/26 by the rise in average EHCPs × £10,150 with 3% a year", () => {
    const p = run(paused("Early Years ESA"));
    const ehcps = { base: yearly(listed, "averageEhcps"), paused: yearly(p, "averageEhcps") };
    const inmss = { base: yearly(listed, "averageInmss"), paused: yearly(p, "averageInmss") };
    let cumulative = 0;
    const rises: number[] = [];
    WILTSHIRE_YEARS.forEach((year, k) => {
      const first = Number(year.slice(0, 4));
      // Σ over the Change lines of (rise in its driver) × share × unit cost × 1.03^(y − 2024) / 1000.
      let rise = 0;
      for (const c of WILTSHIRE.costs!) {
        const d = c.driver === "EHCPs" ? ehcps : inmss;
        const change = d.base[k] === null ? 0 : d.paused[k]! - d.base[k]!;
        rise += (change * c.share * c.unitCost * 1.03 ** (first - 2024)) / 1000;
      }
      cumulative += rise;
      rises.push(rise);
      expect(p.ledger.inYear[k] - listed.ledger.inYear[k]).toBeCloseTo(rise, 6);
      expect(p.ledger.closing[k] - listed.ledger.closing[k]).toBeCloseTo(cumulative, 6);
      if (first < 2025) {
        // It starts in June 2025: nothing moves before 2025/26.
        expect(p.ledger.inYear[k]).toBe(listed.ledger.inYear[k]);
        expect(p.ledger.closing[k]).toBe(listed.ledger.closing[k]);
      } else {
        expect(rise).toBeGreaterThan(0);
        // The INMSS placements do not move; the rise is the extra EHCPs at £10,150 with inflation.
        expect(inmss.paused[k]).toBe(inmss.base[k]);
        const extra = ehcps.paused[k]! - ehcps.base[k]!;
        expect(rise).toBeCloseTo((extra * 10150 * 1.03 ** (first - 2024)) / 1000, 6);
      }
    });
    // The README's figures, each year's rise in the in-year deficit, £'000.
    // The README's figures: each year's rise in the in-year deficit and the total by 2030/31, £'000.
    expect(rises.map((r) => Math.round(r))).toEqual([0, 0, 597, 2049, 3533, 5105, 6767, 8524]);
    expect(Math.round(cumulative)).toBe(26576);
    // Paused, the mitigated forecast no longer balances by 2030/31.
    expect(p.outcomes.mitigated.balanceYear).toBeNull();
    expect(Math.round(p.ledger.inYear[7])).toBe(7606);
  });
});
