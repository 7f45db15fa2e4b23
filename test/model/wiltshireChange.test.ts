import { SCENARIOS, runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";

/*
 * Wiltshire's example with one Change line in place of its own cost lines: Special Schools priced at £25,000
 * a year for 30% of EHCPs, 3% a year from 2024/25 prices, against a plan
 * whose activity is the mitigated scenario's with every intervention as
 * listed. The amounts expected here are worked out from the runs' yearly
 * average EHCPs, not from the ledger code.
 */

const LINE = "Special Schools";
const SHARE = 0.3;
const UNIT_COST = 25000;
const INFLATION = 0.03;
const BASE = 2024; // 2024/25
const FORECAST_FROM = 2024; // the forecast starts in January 2025, in 2024/25

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const withChange = (plan?: ForecastInput["planActivity"]): ForecastInput => ({
  ...structuredClone({ ...WILTSHIRE, planActivity: undefined }),
  costs: [
    {
      line: LINE,
      driver: "EHCPs",
      share: SHARE,
      unitCost: UNIT_COST,
      inflation: INFLATION,
      baseYear: "2024/25",
      method: "Change",
    },
  ],
  ...(plan ? { planActivity: plan } : {}),
});

const averageEhcps = (r: ForecastResult, id: (typeof SCENARIOS)[number]): number[] =>
  WILTSHIRE_YEARS.map((y) => r.scenarios[id].years.find((s) => s.year === y)?.averageEhcps ?? 0);

/** £'000 a year for `plans` more average EHCPs in the year starting April `first`, worked by hand. */
const priced = (plans: number, first: number): number =>
  (plans * SHARE * UNIT_COST * Math.pow(1 + INFLATION, first - BASE)) / 1000;

const listed = run(WILTSHIRE);
const plan = { ehcps: averageEhcps(listed, "mitigated") };
const special = WILTSHIRE.expenditure.findIndex((l) => l.label === LINE);

describe("Wiltshire with a Change line against the plan's activity", () => {
  const r = run(withChange(plan));

  test("with every intervention as listed, the mitigated ledger is the report's table (±3) and no warning about the plan", () => {
    r.ledger.inYear.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    r.ledger.closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    expect(r.ledger).toEqual(listed.ledger);
    expect(r.warnings.map((w) => w.code)).not.toContain("planActivityMissing");
    expect(r.outcomes.mitigated).toMatchObject({
      balanceYear: "2030/31",
      peakYear: "2027/28",
    });
  });

  test("each scenario's Special Schools line is the plan's moved by its extra EHCPs; its outcome read off its own ledger", () => {
    for (const id of SCENARIOS) {
      const a = averageEhcps(r, id);
      const l = r.ledgers[id];
      WILTSHIRE_YEARS.forEach((year, k) => {
        const first = Number(year.slice(0, 4));
        const supplied = WILTSHIRE.expenditure[special].values[k];
        const expected =
          first < FORECAST_FROM ? supplied : supplied + priced(a[k] - plan.ehcps[k], first);
        expect(l.lines[special].values[k]).toBeCloseTo(expected, 6);
        // Every other line is the supplied one, in every scenario.
        l.lines.forEach((line, j) => {
          if (j !== special) expect(line.values[k]).toBe(WILTSHIRE.expenditure[j].values[k]);
        });
      });
      // The total deficit balance: the listed one plus the running sum of the line's movement.
      let moved = 0;
      WILTSHIRE_YEARS.forEach((year, k) => {
        const first = Number(year.slice(0, 4));
        if (first >= FORECAST_FROM) moved += priced(a[k] - plan.ehcps[k], first);
        expect(l.closing[k]).toBeCloseTo(listed.ledger.closing[k] + moved, 6);
      });
      const o = r.outcomes[id];
      expect(o.peakDeficit).toBe(Math.max(...l.closing));
      expect(o.conditions.map((c) => c.id)).toEqual(["inYearBalance", "deficitCap"]);
    }
    // Unmitigated demand costs more than the plan from 2025/26 on; the risk-adjusted lies between.
    const u = r.ledgers.unmitigated.closing;
    const m = r.ledgers.mitigated.closing;
    const k = r.ledgers.riskAdjusted.closing;
    for (let y = 2; y < WILTSHIRE_YEARS.length; y++) {
      expect(u[y]).toBeGreaterThan(m[y]);
      expect(k[y]).toBeGreaterThan(m[y]);
      expect(k[y]).toBeLessThan(u[y]);
    }
    expect(r.outcomes.unmitigated.balanceYear).toBeNull();
    expect(r.outcomes.unmitigated.conditions[0].pass).toBe(false);
  });

  test("pausing Early Years ESA raises the mitigated total deficit in every year from its start by the extra EHCPs × share × unit cost × inflation", () => {
    const paused = withChange(plan);
    paused.interventions = paused.interventions!.map((iv) =>
      iv.name === "Early Years ESA" ? { ...iv, status: "Pause" } : iv
    );
    const p = run(paused);
    const rise = averageEhcps(p, "mitigated").map((a, k) => a - plan.ehcps[k]);
    let expected = 0;
    WILTSHIRE_YEARS.forEach((year, k) => {
      const first = Number(year.slice(0, 4));
      const inYearRise = first < FORECAST_FROM ? 0 : priced(rise[k], first);
      expected += inYearRise;
      expect(p.ledger.inYear[k] - r.ledger.inYear[k]).toBeCloseTo(inYearRise, 6);
      expect(p.ledger.closing[k] - r.ledger.closing[k]).toBeCloseTo(expected, 6);
      // It starts in June 2025: nothing moves before 2025/26, and from then on the deficit rises.
      if (first < 2025) expect(p.ledger.closing[k]).toBe(r.ledger.closing[k]);
      else expect(p.ledger.closing[k]).toBeGreaterThan(r.ledger.closing[k]);
    });
    // A hand check of one year: 2026/27.
    const k = WILTSHIRE_YEARS.indexOf("2026/27");
    expect(p.ledger.inYear[k] - r.ledger.inYear[k]).toBeCloseTo(
      (rise[k] * 0.3 * 25000 * 1.03 ** 2) / 1000,
      6
    );
  });

  test("without the plan's activity, the supplied table is reproduced and a warning points at the Change line", () => {
    const u = run(withChange());
    expect(u.ledger).toEqual(listed.ledger);
    const w = u.warnings.filter((x) => x.code === "planActivityMissing");
    expect(w).toHaveLength(1);
    expect(w[0].field).toBe("costs[0].method");
    expect(w[0].message).toMatch(/priced only once the plan's activity is recorded/);
  });

  test("a plan without an EHCPs figure for a forecast year is an input problem at that year", () => {
    const gap = { ehcps: plan.ehcps.map((v, k): number | null => (k === 3 ? null : v)) };
    const out = runForecast(withChange(gap));
    expect(out.ok).toBe(false);
    if (!out.ok)
      expect(out.problems).toEqual([
        {
          field: "planActivity.ehcps[3]",
          message:
            "expected the plan's average EHCPs for 2026/27, for the Change line 'Special Schools'; found none",
        },
      ]);
    // 2023/24 is before the forecast's year: no figure is needed there.
    const early = { ehcps: plan.ehcps.map((v, k): number | null => (k === 0 ? null : v)) };
    expect(runForecast(withChange(early)).ok).toBe(true);
  });

  test("a forecast that ends before the table does asks no plan figure after its horizon, and keeps the supplied line there", () => {
    // January 2025 + 27 months ends in March 2027, the end of 2026/27: 2027/28 on is not reached.
    const last = WILTSHIRE_YEARS.indexOf("2026/27");
    const short = { ehcps: plan.ehcps.map((v, k): number | null => (k > last ? null : v)) };
    const out = runForecast({ ...withChange(short), horizonMonths: 27 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.warnings.map((w) => w.code)).toContain("horizon");
    WILTSHIRE_YEARS.forEach((_, k) => {
      if (k > last)
        expect(out.value.ledger.lines[special].values[k]).toBe(
          WILTSHIRE.expenditure[special].values[k]
        );
    });
    // A year it reaches still needs its figure.
    const gap = { ehcps: short.ehcps.map((v, k): number | null => (k === last ? null : v)) };
    const refused = runForecast({ ...withChange(gap), horizonMonths: 27 });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.problems.map((p) => p.field)).toEqual([`planActivity.ehcps[${last}]`]);
  });
});
