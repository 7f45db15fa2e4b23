import { simulateFunction } from "../../src/functions/functions";
import { simulate, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { modelInputArguments, withCell } from "./exampleArguments";

/* SIMULATE over the example workbook's ranges, as Excel passes them. */

let ranges: unknown[];
beforeAll(async () => {
  ranges = await modelInputArguments();
});

/** SIMULATE(measure, year, draws, seed, …the example's ranges, [uncertaintyRange]); empty arguments as Excel's null. */
function cell(
  measure: unknown,
  year: unknown,
  draws: unknown,
  seed: unknown,
  uncertainty: unknown = null,
  inputs: unknown[] = ranges
): unknown {
  return (simulateFunction as (...args: unknown[]) => unknown)(
    measure,
    year,
    draws,
    seed,
    ...inputs,
    uncertainty
  );
}

/** The example's input, straight to the model: the same draws the cell should summarise. */
function direct(input: ForecastInput, draws: number, seed: number) {
  const r = simulate(input, { draws, seed });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** PERCENTILE.INC written out: rank h = (n − 1)p, then linear between the order statistics either side. */
function percentileInc(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const below = sorted[Math.floor(h)];
  const above = sorted[Math.ceil(h)];
  return below + (h - Math.floor(h)) * (above - below);
}

const YEARS = [
  "2023/24",
  "2024/25",
  "2025/26",
  "2026/27",
  "2027/28",
  "2028/29",
  "2029/30",
  "2030/31",
];

describe("SIMULATE on the example, 2,000 draws, seed 1", () => {
  const sim = () => direct(WILTSHIRE, 2000, 1);

  test("each year's medians, the last year's P10 and P90, and the shares are the model's own Monte Carlo of the same input", () => {
    const s = sim();
    expect(s.years.map((y) => y.year)).toEqual(expect.arrayContaining(YEARS));
    // Each year's median (the hand-sorted test below takes every percentile of one year).
    for (const y of s.years) {
      expect(cell("closingP50", y.year, 2000, 1)).toBeCloseTo(y.closing.p50, 6);
      if (y.ehcps) expect(cell("ehcpsP50", y.year, 2000, 1)).toBeCloseTo(y.ehcps.p50, 6);
    }
    const last = s.years[s.years.length - 1];
    expect(cell("closingP10", last.year, 2000, 1)).toBeCloseTo(last.closing.p10, 6);
    expect(cell("ehcpsP90", last.year, 2000, 1)).toBeCloseTo(last.ehcps!.p90, 6);
    expect(cell("inYearBalance", null, 2000, 1)).toBe(s.inYearBalance);
    expect(cell("withinCap", null, 2000, 1)).toBe(s.withinCap);
    for (const year of YEARS)
      expect(cell("balanceYear", year, 2000, 1)).toBe(
        s.balanceYears.find((b) => b.year === year)?.share ?? 0
      );
  });

  test("2028/29's percentiles are the raw draws sorted and interpolated by hand (PERCENTILE.INC)", () => {
    const { raw, years } = sim();
    const k = years.findIndex((y) => y.year === "2028/29");
    const closing = raw.map((d) => d.closing[k]);
    const ehcps = raw.map((d) => d.ehcps[k]);
    expect(closing).toHaveLength(2000);
    // 2,000 draws: P10 lies at rank 199.9, between the 200th and 201st smallest.
    for (const [p, q] of [
      ["P10", 0.1],
      ["P50", 0.5],
      ["P90", 0.9],
    ] as const) {
      expect(cell(`closing${p}`, "2028/29", 2000, 1)).toBeCloseTo(percentileInc(closing, q), 6);
      expect(cell(`ehcps${p}`, "2028/29", 2000, 1)).toBeCloseTo(percentileInc(ehcps, q), 6);
    }
  });

  test("the shares are counts of the raw draws: balanced by the target year, within the cap, balancing in a year", () => {
    // The example's own settings make in-year balance by 2028/29 (0) and the 2024/25 cap (1) certain;
    // a later target and a tighter cap make both a count worth checking.
    const inputs = [...ranges];
    let settings = inputs[5] as unknown[][];
    const row = (key: string) => settings.findIndex((r) => r[0] === key);
    settings = withCell(settings, row("BalanceTargetYear"), 1, "2030/31");
    settings = withCell(settings, row("DeficitCap"), 1, 66230);
    inputs[5] = settings;
    const { raw, years } = direct(
      {
        ...WILTSHIRE,
        settings: { ...WILTSHIRE.settings, balanceTargetYear: "2030/31", deficitCap: 66230 },
      },
      2000,
      1
    );
    const labels = years.map((y) => y.year);
    const balanced = raw.filter((d) => d.balanceYear !== null).length; // all by 2030/31, the last year
    const within = raw.filter((d) => d.closing[labels.indexOf("2024/25")] <= 66230).length;
    expect(balanced).toBeGreaterThan(0);
    expect(within).toBeGreaterThan(200);
    expect(within).toBeLessThan(1800);
    expect(cell("inYearBalance", "", 2000, 1, null, inputs)).toBe(balanced / 2000);
    expect(cell("withinCap", "", 2000, 1, null, inputs)).toBe(within / 2000);
    expect(cell("inYearBalance", "", 2000, 1)).toBe(0);
    expect(cell("withinCap", "", 2000, 1)).toBe(1);
    for (const year of YEARS)
      expect(cell("balanceYear", year, 2000, 1)).toBe(
        raw.filter((d) => d.balanceYear === year).length / 2000
      );
    expect(cell("balanceYear", "2030/31", 2000, 1)).toBeGreaterThan(0);
  });

  test("P10 ≤ P50 ≤ P90 every forecast year, for the deficit balance and the EHCPs (500 draws)", () => {
    for (const year of YEARS.slice(1))
      for (const measure of ["closing", "ehcps"]) {
        const [p10, p50, p90] = ["P10", "P50", "P90"].map(
          (p) => cell(`${measure}${p}`, year, 500, 1) as number
        );
        expect(p10).toBeLessThanOrEqual(p50);
        expect(p50).toBeLessThanOrEqual(p90);
      }
    // The spread is real: 2028/29's balance differs between P10 and P90.
    expect(cell("closingP90", "2028/29", 2000, 1)).toBeGreaterThan(
      cell("closingP10", "2028/29", 2000, 1) as number
    );
  });
});

describe("draws and seed", () => {
  test("the same seed gives the same value; another seed another", () => {
    const a = cell("closingP50", "2030/31", 500, 7);
    expect(cell("closingP50", "2030/31", 500, 7)).toBe(a);
    expect(cell("closingP50", "2030/31", 500, 8)).not.toBe(a);
    expect(cell("closingP50", "2030/31", 500, 7)).toBe(
      direct(WILTSHIRE, 500, 7).years.find((y) => y.year === "2030/31")!.closing.p50
    );
  });

  test("left empty: draws and seed from the uncertainty range, else 1,000 draws and seed 1", () => {
    const p50 = (draws: number, seed: number) =>
      direct(WILTSHIRE, draws, seed).years.find((y) => y.year === "2028/29")!.closing.p50;
    expect(cell("closingP50", "2028/29", null, null)).toBe(p50(1000, 1));
    const uncertainty = [
      ["Draws", 300],
      ["Seed", 5],
    ];
    expect(cell("closingP50", "2028/29", "", "", uncertainty)).toBe(p50(300, 5));
    // The arguments win over the range, as --simulate and --seed do on the command line.
    expect(cell("closingP50", "2028/29", 200, 9, uncertainty)).toBe(p50(200, 9));
  });

  test("the uncertainty range moves the draws: no spread at all leaves every percentile at the mitigated forecast", () => {
    const still = [
      ["Concentration", 10],
      ["RequestsSD", 0],
      ["NoToAssessSD", 0],
      ["NoToIssueSD", 0],
      ["CeasedSD", 0],
    ];
    const certain = {
      ...WILTSHIRE,
      interventions: WILTSHIRE.interventions!.map((iv) => ({ ...iv, confidence: 1 })),
    };
    const mitigated = direct(certain, 1, 1).result.ledger.closing[
      direct(certain, 1, 1).result.ledger.years.indexOf("2030/31")
    ];
    const interventions = ranges[1] as unknown[][];
    const confidence = interventions[0].findIndex((h) => h === "Confidence");
    expect(confidence).toBeGreaterThan(0);
    const sure = interventions.map((row, i) =>
      i === 0 ? row : withCell([row], 0, confidence, 1)[0]
    );
    const inputs = [...ranges];
    inputs[1] = sure;
    expect(cell("closingP10", "2030/31", 50, 1, still, inputs)).toBeCloseTo(mitigated, 6);
    expect(cell("closingP90", "2030/31", 50, 1, still, inputs)).toBeCloseTo(mitigated, 6);
  });
});

describe("errors are values saying why", () => {
  test("#VALUE! for a bad measure, a missing year, draws or seed out of range", () => {
    expect(cell("closing", "2028/29", 100, 1)).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(
        /^measure: expected one of closingP10, .*balanceYear, found text 'closing'$/
      ),
    });
    expect(cell("closingP50", null, 100, 1)).toMatchObject({
      code: "#VALUE!",
      message: "year: expected a financial year label like 2028/29 for closingP50, found nothing",
    });
    expect(cell("balanceYear", "", 100, 1)).toMatchObject({ code: "#VALUE!" });
    for (const draws of [0, 100_001, 2.5, "many"])
      expect(cell("closingP50", "2028/29", draws, 1)).toMatchObject({
        code: "#VALUE!",
        message: expect.stringMatching(
          /^draws: expected the number of draws, a whole number from 1 to 100,000, found /
        ),
      });
    expect(cell("closingP50", "2028/29", 100, -1)).toMatchObject({
      code: "#VALUE!",
      message: "seed: expected the seed, a whole number 0 or more, found -1",
    });
  });

  test("#VALUE! for Draws over 100,000 in the uncertainty range, and for a bad input range naming its cell", () => {
    expect(cell("closingP50", "2028/29", null, 1, [["Draws", 200_000]])).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/Draws is 200,000; a cell makes at most 100,000 draws/),
    });
    expect(cell("closingP50", "2028/29", null, 1, [["Draws", "lots"]])).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^uncertaintyRange!B1: /),
    });
    const inputs = [...ranges];
    const baseline = inputs[0] as unknown[][];
    const requests = baseline.findIndex((row) => row[0] === "RequestsPerMonth");
    expect(requests).toBeGreaterThanOrEqual(0);
    inputs[0] = withCell(baseline, requests, 1, "tbc");
    expect(cell("closingP50", "2028/29", 100, 1, null, inputs)).toMatchObject({
      code: "#VALUE!",
      message: "baselineRange!B1: expected a number, found text 'tbc'",
    });
  });

  test("#N/A saying why: withinCap without a Safety Valve agreement, EHCPs before the forecast, a year outside the table", () => {
    const inputs = [...ranges];
    const settings = inputs[5] as unknown[][];
    const sv = settings.findIndex((row) => row[0] === "SafetyValve");
    inputs[5] = withCell(settings, sv, 1, "No");
    expect(cell("withinCap", null, 100, 1, null, inputs)).toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/^withinCap: no Safety Valve agreement/),
    });
    // With the agreement, the same call is a share.
    expect(cell("withinCap", null, 100, 1)).toEqual(expect.any(Number));
    expect(cell("ehcpsP50", "2023/24", 100, 1)).toMatchObject({
      code: "#N/A",
      message:
        "ehcpsP50: 2023/24 is before the forecast of EHCPs (from 2024/25), so no EHCPs are drawn for it",
    });
    expect(cell("closingP50", "2023/24", 100, 1)).toEqual(expect.any(Number));
    expect(cell("closingP50", "2035/36", 100, 1)).toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/^year: 2035\/36 is not one of the forecast's years/),
    });
  });
});
