/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { ResultsPanel } from "../../src/taskpane/components/ResultsPanel";
import { specialSchoolsPriced } from "../fixtures/specialSchoolsPriced";

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

// A Change line on Special Schools against the plan's activity: the scenarios' ledgers differ.
const priced = run(specialSchoolsPriced());

const show = (result: ForecastResult) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <ResultsPanel result={result} />
    </FluentProvider>
  );

const cells = (row: HTMLElement) => [...row.querySelectorAll("th, td")].map((c) => c.textContent);

describe("every scenario in the results", () => {
  test("a row per scenario: the mitigated one is the plan's balance year, residual and peak; the unmitigated one never balances", () => {
    show(priced);
    const section = screen.getByRole("region", { name: "Every scenario's deficit" });
    const table = within(section).getAllByRole("table")[0];
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => cells(r)[0])).toEqual(["Unmitigated", "Mitigated", "Risk-adjusted"]);
    // The plan's figures, as the report gives them: balances 2030/31, residual £123.4m, peak £131.3m in 2027/28.
    expect(cells(screen.getByTestId("scenario-mitigated"))).toEqual([
      "Mitigated",
      "2030/31",
      "£123.4m",
      "£131.3m (2027/28)",
      "Fail",
      "Pass",
    ]);
    const u = cells(screen.getByTestId("scenario-unmitigated"));
    expect(u.slice(1, 3)).toEqual(["None", "\u2013"]);
    expect(u[4]).toBe("Fail");
    expect(screen.queryByTestId("scenarios-same")).toBeNull();
  });

  test("a chart of the total deficit balance by year with a line per scenario, and its figures as a table", () => {
    show(priced);
    const img = screen.getByRole("img", { name: /Total deficit balance by scenario/ });
    const lines = [...img.querySelectorAll("polyline")];
    expect(lines.map((l) => l.getAttribute("data-scenario"))).toEqual([
      "unmitigated",
      "mitigated",
      "riskAdjusted",
    ]);
    for (const l of lines)
      expect(l.getAttribute("points")!.split(" ")).toHaveLength(WILTSHIRE_YEARS.length);
    // The unmitigated balance ends highest: its line ends nearest the top (smallest y).
    const lastY = lines.map((l) =>
      Number(l.getAttribute("points")!.split(" ").pop()!.split(",")[1])
    );
    expect(lastY[0]).toBeLessThan(lastY[1]);
    // The text alternative names each scenario's last balance.
    expect(img.textContent).toMatch(/Mitigated ends at £123\.4m/);
    const table = screen.getByRole("table", { name: /Total deficit balance by year and scenario/ });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => cells(r)[0])).toEqual(WILTSHIRE_YEARS);
    expect(cells(rows[rows.length - 1])[2]).toBe("£123.4m");
  });

  test("on the example without cost lines, it says the three ledgers are the same", () => {
    show(run({ ...WILTSHIRE, costs: undefined, planActivity: undefined }));
    expect(screen.getByTestId("scenarios-same").textContent).toMatch(/same ledger/);
    for (const id of ["unmitigated", "mitigated", "riskAdjusted"])
      expect(cells(screen.getByTestId(`scenario-${id}`))[1]).toBe("2030/31");
  });
});
