/** @jest-environment jsdom */
/**
 * The EHCP chart with the workbook's actual counts: the months SEND_Monthly
 * gives an EHCP count for before the forecast start are drawn as their own
 * series ("Actual") ahead of the scenarios, named in the legend and listed in
 * the year table; without them the chart has no such series.
 */
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { runForecast, type ForecastInput, type MonthlyActual } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { ResultsPanel } from "../../src/taskpane/components/ResultsPanel";

// Wiltshire's forecast starts in January 2025; twelve recorded months before it, January to December 2024.
const ACTUAL = [5810, 5852, 5901, 5930, 5968, 6010, 6041, 6090, 6150, 6203, 6260, 6311];
const MONTHS = ACTUAL.map((_, k) => `2024-${String(k + 1).padStart(2, "0")}`);

function withActuals(): ForecastInput {
  const monthly: MonthlyActual[] = ACTUAL.map((ehcps, k) => ({
    month: MONTHS[k],
    requests: 100,
    noToAssess: 20,
    noToIssue: 5,
    plansIssued: 70,
    ceased: 30,
    ehcps,
  }));
  return { ...WILTSHIRE, monthly };
}

function forecast(input: ForecastInput) {
  const o = runForecast(input);
  if (!o.ok) throw new Error(JSON.stringify(o.problems));
  return o.value;
}

function chart() {
  return screen.getByRole("img", { name: /EHCPs by scenario/ });
}

function points(el: Element): [number, number][] {
  return el
    .getAttribute("points")!
    .split(" ")
    .map((p) => p.split(",").map(Number) as [number, number]);
}

/** The vertical scale read off the chart's own grid: each grid line's y and the figure labelled beside it. */
function gridScale(svg: Element): (v: number) => number {
  const grid = [...svg.querySelectorAll("g > line")].map((l) => ({
    y: Number(l.getAttribute("y1")),
    v: Number(l.parentElement!.querySelector("text")!.textContent!.replace(/,/g, "")),
  }));
  const [a, b] = [grid[0], grid[grid.length - 1]];
  return (v) => a.y + ((v - a.v) * (b.y - a.y)) / (b.v - a.v);
}

function show(input: ForecastInput) {
  render(
    <FluentProvider theme={webLightTheme}>
      <ResultsPanel result={forecast(input)} />
    </FluentProvider>
  );
}

describe("the EHCP chart with actuals", () => {
  test("the result carries the recorded months before the forecast start", () => {
    expect(forecast(withActuals()).actualEhcps).toEqual({ months: MONTHS, ehcps: ACTUAL });
    expect(forecast(WILTSHIRE).actualEhcps).toBeUndefined();
  });

  test("draws the actual counts as their own series, ahead of the scenarios, at their figures", () => {
    show(withActuals());
    const svg = chart();
    const actual = svg.querySelector('[data-series="actual"] polyline')!;
    const drawn = points(actual);
    expect(drawn).toHaveLength(ACTUAL.length);
    expect(svg.querySelectorAll('[data-series="actual"] circle')).toHaveLength(ACTUAL.length);
    // Each point's height is its figure on the chart's labelled grid.
    const y = gridScale(svg);
    drawn.forEach(([, py], k) => expect(py).toBeCloseTo(y(ACTUAL[k]), 0));
    // Evenly a month apart, and the forecast's first month (January 2025) one step after December 2024.
    const step = drawn[1][0] - drawn[0][0];
    expect(step).toBeGreaterThan(0);
    drawn.forEach(([px], k) => expect(px).toBeCloseTo(drawn[0][0] + k * step, 0));
    const mitigated = points(svg.querySelector('[data-scenario="mitigated"]')!);
    expect(mitigated[0][0]).toBeCloseTo(drawn[11][0] + step, 0);
    // The axis begins at the first recorded month.
    expect(within(svg).getByText("Jan 2024")).toBeTruthy();
    expect(svg.textContent).toMatch(/Actual from Jan 2024 to Dec 2024, last 6,311/);
  });

  test("the legend and the year table name the actual series", () => {
    show(withActuals());
    expect(screen.getByTestId("legend-actual").textContent).toBe("Actual");
    const table = screen.getByRole("table", { name: /EHCPs at 31 March: actual and by scenario/ });
    const header = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(header.slice(0, 2)).toEqual(["Year", "Actual"]);
    // March 2024 is the third recorded month: 5,901, the stock at 31 March of 2023/24.
    const rows = within(table).getAllByRole("row").slice(1);
    const first = within(rows[0])
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(within(rows[0]).getByRole("rowheader").textContent).toBe("2023/24");
    expect(first).toEqual(["5,901", "\u2013", "\u2013", "\u2013"]);
    // 2024/25 ends after the forecast start: no actual for it, the scenarios' figures instead.
    expect(within(rows[1]).getByRole("rowheader").textContent).toBe("2024/25");
    expect(within(rows[1]).getAllByRole("cell")[0].textContent).toBe("\u2013");
    expect(within(rows[1]).getAllByRole("cell")[2].textContent).toMatch(/^\d{1,2},\d{3}$/);
  });

  test("without actual counts there is no actual series, legend entry or column", () => {
    show(WILTSHIRE);
    const svg = chart();
    expect(svg.querySelector('[data-series="actual"]')).toBeNull();
    expect(screen.queryByTestId("legend-actual")).toBeNull();
    const table = screen.getByRole("table", { name: /EHCPs at 31 March by scenario/ });
    expect(within(table).queryByRole("columnheader", { name: "Actual" })).toBeNull();
    expect(within(svg).getByText("Jan 2025")).toBeTruthy();
  });
});
