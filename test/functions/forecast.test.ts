import { forecast } from "../../src/functions/functions";
import {
  FORECAST_CHANNEL_KEY,
  latestForecast,
  onForecast,
  publishForecast,
} from "../../src/common/forecastChannel";
import { figuresOf } from "../../src/common/figures";
import { isExcelError, type ExcelErrorValue } from "../../src/functions/excelError";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";

function forecastOf(input: ForecastInput): ForecastResult {
  const outcome = runForecast(input);
  if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join("; "));
  return outcome.value;
}

/** What Excel passes as a streaming function's last argument: it records every result sent to the cell. */
function cell(): CustomFunctions.StreamingInvocation<number | string> & { results: unknown[] } {
  const results: unknown[] = [];
  return { results, setResult: (v: unknown) => void results.push(v) };
}

const last = (c: { results: unknown[] }): unknown => c.results[c.results.length - 1];

beforeEach(() => {
  // A fresh page: no refresh yet, no formulas listening.
  delete (globalThis as Record<string, unknown>)[FORECAST_CHANNEL_KEY];
});

describe("FORECAST before any refresh", () => {
  test("is #N/A asking for a refresh in the task pane", () => {
    const c = cell();
    forecast("closing", "2030/31", null as unknown as string, c);
    expect(isExcelError(last(c))).toBe(true);
    expect(last(c)).toMatchObject({
      code: "#N/A",
      message: "Refresh the forecast in the task pane first",
    });
  });

  test("then shows the figure as soon as the pane publishes a refresh", () => {
    const c = cell();
    forecast("closing", "2030/31", null as unknown as string, c);
    publishForecast(forecastOf(WILTSHIRE));
    expect(c.results).toHaveLength(2);
    expect(Math.abs((last(c) as number) - WILTSHIRE_PUBLISHED.closing[7])).toBeLessThanOrEqual(3);
  });
});

describe("FORECAST after a refresh", () => {
  const wiltshire = forecastOf(WILTSHIRE);

  test("the Total Deficit Balance and in-year figures match the report's within ±3", () => {
    publishForecast(wiltshire);
    WILTSHIRE_PUBLISHED.closing.forEach((published, k) => {
      const c = cell();
      forecast("closing", WILTSHIRE.years[k], null as unknown as string, c);
      expect(Math.abs((last(c) as number) - published)).toBeLessThanOrEqual(3);
    });
    const c = cell();
    forecast("In Year", "2028/29", "mitigated", c);
    expect(Math.abs((last(c) as number) - 5119)).toBeLessThanOrEqual(3);
  });

  test("whole-forecast measures ignore the year: balance year 2030/31, peak £131.3m in 2027/28", () => {
    publishForecast(wiltshire);
    const ask = (measure: string) => {
      const c = cell();
      forecast(measure, "", null as unknown as string, c);
      return last(c);
    };
    expect(ask("balanceYear")).toBe("2030/31");
    expect(ask("peakYear")).toBe("2027/28");
    expect(Math.abs((ask("peakDeficit") as number) - 131282)).toBeLessThanOrEqual(3);
    expect(Math.abs((ask("residualDeficit") as number) - 123385)).toBeLessThanOrEqual(3);
  });

  test("EHCPs at 31 March differ by scenario: unmitigated above risk-adjusted above mitigated", () => {
    publishForecast(wiltshire);
    const ehcps = (scenario: string) => {
      const c = cell();
      forecast("ehcps", "2027/28", scenario, c);
      return last(c) as number;
    };
    expect(ehcps("unmitigated")).toBe(
      wiltshire.scenarios.unmitigated.years.find((y) => y.year === "2027/28")!.closingEhcps
    );
    expect(ehcps("unmitigated")).toBeGreaterThan(ehcps("risk-adjusted"));
    expect(ehcps("risk-adjusted")).toBeGreaterThan(ehcps("mitigated"));
  });

  test("an expenditure line's label is a measure too", () => {
    publishForecast(wiltshire);
    const c = cell();
    forecast("special schools", "2024/25", null as unknown as string, c);
    expect(last(c)).toBe(34504);
  });

  test("every refresh sends the cell its new figure", () => {
    const c = cell();
    forecast("closing", "2024/25", null as unknown as string, c);
    publishForecast(wiltshire);
    publishForecast(forecastOf({ ...WILTSHIRE, openingDeficit: WILTSHIRE.openingDeficit + 1000 }));
    expect(c.results).toHaveLength(3);
    expect((c.results[2] as number) - (c.results[1] as number)).toBeCloseTo(1000, 6);
  });

  test("a deleted formula stops listening", () => {
    const c = cell();
    forecast("closing", "2024/25", null as unknown as string, c);
    c.onCanceled!();
    publishForecast(wiltshire);
    expect(c.results).toHaveLength(1);
  });

  test("an unknown measure, a bad year and a year outside the forecast are errors with messages", () => {
    publishForecast(wiltshire);
    const ask = (measure: string, year: string, scenario: string | null = null) => {
      const c = cell();
      forecast(measure, year, scenario as string, c);
      return last(c) as ExcelErrorValue;
    };
    expect(ask("surplus", "2024/25")).toMatchObject({ code: "#VALUE!" });
    expect(ask("surplus", "2024/25").message).toContain(
      "measure: expected one of closing, inYear, expenditure"
    );
    expect(ask("closing", "next year").message).toContain("year: expected a financial year label");
    expect(ask("closing", "2031/32")).toMatchObject({ code: "#N/A" });
    expect(ask("ehcps", "2023/24")).toMatchObject({ code: "#N/A" }); // before the forecast starts
    expect(ask("closing", "2024/25", "optimistic").message).toContain(
      "scenario: expected one of unmitigated, mitigated, riskAdjusted"
    );
  });
});

describe("the refresh channel", () => {
  test("lives on the page's global object, so two copies of the module (pane and functions) share it", () => {
    let told = 0;
    const stop = onForecast(() => told++);
    const result = forecastOf(WILTSHIRE);
    const at = new Date("2025-04-01T09:30:00Z");
    jest.isolateModules(() => {
      // A second copy of the module, as the pane's bundle has its own.
      const paneCopy =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../../src/common/forecastChannel") as typeof import("../../src/common/forecastChannel");
      paneCopy.publishForecast(result, at);
    });
    expect(told).toBe(1);
    expect(latestForecast()).toEqual(figuresOf(result, at));
    stop();
  });

  test("a listener that throws does not stop the others", () => {
    const seen: string[] = [];
    onForecast(() => {
      throw new Error("broken cell");
    });
    onForecast(() => seen.push("updated"));
    publishForecast(forecastOf(WILTSHIRE));
    expect(seen).toEqual(["updated"]);
  });
});
