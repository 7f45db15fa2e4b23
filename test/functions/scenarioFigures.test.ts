import { forecast } from "../../src/functions/functions";
import { FORECAST_CHANNEL_KEY, publishForecast } from "../../src/common/forecastChannel";
import { figuresOf, packFigures, unpackFigures } from "../../src/common/figures";
import { forecastFigure } from "../../src/functions/forecastFigure";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { specialSchoolsPriced } from "../fixtures/specialSchoolsPriced";

/*
 * FORECAST(measure, year, scenario) when the scenarios' ledgers differ: the
 * example with a Change line on Special Schools (30% of EHCPs at £25,000 a
 * year, 3% a year from 2024/25) against the plan's activity, the mitigated
 * averages with every intervention as listed. The unmitigated scenario's
 * extra plans are priced by hand here from its yearly average EHCPs.
 */

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const averages = (r: ForecastResult, id: "unmitigated" | "mitigated" | "riskAdjusted") =>
  WILTSHIRE_YEARS.map((y) => r.scenarios[id].years.find((s) => s.year === y)?.averageEhcps ?? 0);

const listed = run(WILTSHIRE);
const plan = averages(listed, "mitigated");
const result = run(specialSchoolsPriced());

function cell(): CustomFunctions.StreamingInvocation<number | string> & { results: unknown[] } {
  const results: unknown[] = [];
  return { results, setResult: (v: unknown) => void results.push(v) };
}

const ask = (measure: string, year: string, scenario: string): unknown => {
  const c = cell();
  forecast(measure, year, scenario, c);
  return c.results[c.results.length - 1];
};

beforeEach(() => {
  delete (globalThis as Record<string, unknown>)[FORECAST_CHANNEL_KEY];
  publishForecast(result);
});

describe("FORECAST returns each scenario's own ledger", () => {
  const k = WILTSHIRE_YEARS.indexOf("2029/30");

  test("Special Schools in 2029/30: the unmitigated line is the plan's plus its extra plans priced by hand", () => {
    const supplied = WILTSHIRE.expenditure.find((l) => l.label === "Special Schools")!.values[k];
    const extra = averages(result, "unmitigated")[k] - plan[k];
    expect(extra).toBeGreaterThan(0);
    const byHand = supplied + (extra * 0.3 * 25000 * Math.pow(1.03, 2029 - 2024)) / 1000;
    expect(ask("Special Schools", "2029/30", "unmitigated")).toBeCloseTo(byHand, 6);
    expect(ask("Special Schools", "2029/30", "mitigated")).toBeCloseTo(supplied, 6);
  });

  test("the in-year and total deficit balance differ by scenario, the unmitigated never below the mitigated", () => {
    for (const year of WILTSHIRE_YEARS) {
      const u = ask("closing", year, "unmitigated") as number;
      const m = ask("closing", year, "mitigated") as number;
      expect(u).toBeGreaterThanOrEqual(m - 1e-9);
      expect(ask("inYear", year, "unmitigated") as number).toBeGreaterThanOrEqual(
        (ask("inYear", year, "mitigated") as number) - 1e-9
      );
    }
    const u = ask("closing", "2030/31", "unmitigated") as number;
    const m = ask("closing", "2030/31", "mitigated") as number;
    expect(u - m).toBeGreaterThan(1000);
    // The mitigated figure is the deficit table's.
    expect(m).toBe(result.ledger.closing[WILTSHIRE_YEARS.indexOf("2030/31")]);
  });

  test("whole-forecast measures are the scenario's own: the unmitigated peak is its largest balance, and it never balances", () => {
    const closing = WILTSHIRE_YEARS.map((y) => ask("closing", y, "unmitigated") as number);
    expect(ask("peakDeficit", "", "unmitigated")).toBe(Math.max(...closing));
    expect(ask("peakYear", "", "unmitigated")).toBe(
      WILTSHIRE_YEARS[closing.indexOf(Math.max(...closing))]
    );
    expect(ask("balanceYear", "", "mitigated")).toBe("2030/31");
    expect(ask("balanceYear", "", "unmitigated")).toMatchObject({ code: "#N/A" });
  });

  test("a workbook saved and reopened answers the same for every scenario", () => {
    const figures = figuresOf(result);
    const back = unpackFigures(JSON.parse(JSON.stringify(packFigures(figures))));
    if (!back.ok) throw new Error(back.reason);
    for (const scenario of ["unmitigated", "mitigated", "riskAdjusted"] as const)
      for (const measure of ["closing", "inYear", "Special Schools", "peakDeficit"])
        for (const year of WILTSHIRE_YEARS)
          expect(forecastFigure(back.figures, measure, year, scenario)).toBe(
            forecastFigure(figures, measure, year, scenario)
          );
    expect(back.figures.scenarios.unmitigated.ledger.closing).not.toEqual(
      back.figures.scenarios.mitigated.ledger.closing
    );
  });
});
