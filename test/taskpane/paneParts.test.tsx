/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { runForecast } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { TrajectoryChart, niceCeiling } from "../../src/taskpane/components/TrajectoryChart";
import { OutsideExcel } from "../../src/taskpane/components/OutsideExcel";
import { ResultsPanel } from "../../src/taskpane/components/ResultsPanel";
import { detectHost } from "../../src/taskpane/host";
import { formatMillions, formatMonth, formatRate } from "../../src/taskpane/format";
import {
  checkDraft,
  describeConfidence,
  parseMonth,
  toDraft,
} from "../../src/taskpane/interventionDraft";
import { inputStatuses, describeStatus, bindableNames } from "../../src/taskpane/inputStatus";
import { isRefreshShortcut } from "../../src/taskpane/refreshShortcut";
import { TEST_INPUTS } from "./memoryServices";
import { interventionRow } from "../../src/workbook/office/actions";

const wiltshire = (() => {
  const o = runForecast(WILTSHIRE);
  if (!o.ok) throw new Error("Wiltshire does not forecast");
  return o.value;
})();

describe("figures as the report writes them", () => {
  test("£'000 become £m to one decimal place", () => {
    expect(formatMillions(123385)).toBe("£123.4m");
    expect(formatMillions(131282)).toBe("£131.3m");
    expect(formatMillions(-917)).toBe("\u2212£0.9m");
    expect(formatMillions(84500)).toBe("£84.5m");
  });
  test("rates and months", () => {
    // A rate the forecast works out is always to one decimal place (as £m are), so Wiltshire's 12% refused
    // assessment and 3.9% refused plans read alike in one column: "12.0%" beside "3.9%", not "12%".
    expect(formatRate(0.12)).toBe("12.0%");
    expect(formatRate(0.039)).toBe("3.9%");
    expect(formatRate(0.1234)).toBe("12.3%");
    expect(formatRate(0.12351)).toBe("12.4%");
    expect(formatRate(0)).toBe("0.0%");
  });
  test("a confidence the user typed is echoed as typed, not rounded", () => {
    const row = interventionRow(WILTSHIRE.interventions![0]);
    expect(describeConfidence({ ...row, confidence: 0.925 })).toBe("92.5%");
    expect(describeConfidence({ ...row, confidence: 0.45 })).toBe("45%");
    expect(formatMonth("2026-04")).toBe("Apr 2026");
  });
});

describe("the EHCP chart", () => {
  test("draws one line per scenario and gives the same figures as a table", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <TrajectoryChart scenarios={wiltshire.scenarios} />
      </FluentProvider>
    );
    const img = screen.getByRole("img", { name: /EHCPs by scenario/ });
    const lines = img.querySelectorAll("polyline");
    expect([...lines].map((l) => l.getAttribute("data-scenario"))).toEqual([
      "unmitigated",
      "mitigated",
      "riskAdjusted",
    ]);
    // Every month of the horizon is a point on each line.
    for (const l of lines)
      expect(l.getAttribute("points")!.split(" ")).toHaveLength(
        wiltshire.scenarios.mitigated.months.length
      );
    // Unmitigated ends highest: its line ends nearest the top (smallest y).
    const lastY = [...lines].map((l) =>
      Number(l.getAttribute("points")!.split(" ").pop()!.split(",")[1])
    );
    expect(lastY[0]).toBeLessThan(lastY[1]!);
    const table = screen.getByRole("table", { name: /EHCPs at 31 March by scenario/ });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(wiltshire.scenarios.mitigated.years.length + 1);
    const lastYear = wiltshire.scenarios.unmitigated.years.at(-1)!;
    expect(rows.at(-1)!.textContent).toContain(lastYear.year);
    expect(rows.at(-1)!.textContent).toContain(
      Math.round(lastYear.closingEhcps).toLocaleString("en-GB")
    );
  });
  test("axis tops are round numbers above the data", () => {
    expect(niceCeiling(9123)).toBe(10000);
    expect(niceCeiling(7400)).toBe(10000);
    expect(niceCeiling(4100)).toBe(5000);
    expect(niceCeiling(12000)).toBe(20000);
  });
});

describe("outside Excel", () => {
  test("no Office at all", async () => {
    expect(await detectHost(undefined)).toEqual({ kind: "noOffice" });
  });
  test("Office loaded in a plain page reports no host", async () => {
    expect(
      await detectHost({ onReady: async () => ({ host: null }), HostType: { Excel: "Excel" } })
    ).toEqual({ kind: "other", host: null });
  });
  test("Office that never becomes ready counts as no Office", async () => {
    expect(await detectHost({ onReady: () => new Promise(() => undefined) }, 10)).toEqual({
      kind: "noOffice",
    });
  });
  test("inside Excel", async () => {
    expect(
      await detectHost({ onReady: async () => ({ host: "Excel" }), HostType: { Excel: "Excel" } })
    ).toEqual({ kind: "excel" });
  });
  test("the page explains how to sideload", () => {
    render(<OutsideExcel reason="noOffice" />);
    expect(screen.getByText("This page runs inside Excel.")).toBeTruthy();
    expect(screen.getByText("npm start")).toBeTruthy();
    expect(screen.getByText("manifest.xml")).toBeTruthy();
  });
});

describe("interventions in the team's units", () => {
  test("percentage-point levers and confidence round-trip through the form", () => {
    for (const iv of WILTSHIRE.interventions!) {
      const row = interventionRow(iv);
      const back = checkDraft(toDraft(row));
      expect(back).toEqual({ ok: true, row });
    }
    expect(
      toDraft({
        name: "x",
        lever: "NoToIssue",
        impact: 0.011,
        start: "2026-01",
        rampMonths: 0,
        status: "New",
        confidence: 0.7,
      }).impact
    ).toBe("1.1");
  });
  test("every bad field is reported at once", () => {
    const r = checkDraft({
      name: " ",
      lever: "Requests",
      impact: "8 a month",
      start: "13/2026",
      rampMonths: "1.5",
      status: "New",
      confidence: "120",
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(Object.keys(r.errors).sort()).toEqual([
        "confidence",
        "impact",
        "name",
        "rampMonths",
        "start",
      ]);
  });
});

test("a start month is read as Apr 2025, April 2025, Sept 2025 or 2025-04, and nothing else", () => {
  expect(parseMonth("2025-04")).toBe("2025-04");
  expect(parseMonth("Apr 2025")).toBe("2025-04");
  expect(parseMonth(" april 2025 ")).toBe("2025-04");
  expect(parseMonth("Sept 2025")).toBe("2025-09");
  expect(parseMonth("Sep. 2025")).toBe("2025-09");
  expect(parseMonth("May 2026")).toBe("2026-05");
  expect(parseMonth("Mar 2026")).toBe("2026-03");
  expect(parseMonth("Jul-2026")).toBe("2026-07");
  for (const bad of ["Ma 2025", "Ju 2025", "13/2026", "2025-13", "Apr", "2025", "Aprl 2025", ""])
    expect([bad, parseMonth(bad)]).toEqual([bad, null]);
});

describe("input statuses", () => {
  const names = [
    { name: "send baseline", kind: "name" as const, address: "Inputs!A1:B9" },
    { name: "SEND_Funding", kind: "name" as const, address: "Data!B2", scope: "Data" },
    { name: "MyFunding", kind: "table" as const, address: "Data!A1:C5" },
    { name: "Constant", kind: "name" as const, address: null },
    { name: "SEND_OutDeficit", kind: "table" as const, address: "'SEND Forecast'!A1:C4" },
  ];
  test("found by a loosely spelt name, bound, or missing, in words", () => {
    const s = inputStatuses(TEST_INPUTS, names, { SEND_Funding: "MyFunding" });
    expect(s.map(describeStatus)).toEqual([
      "Found at Inputs!A1:B9",
      "Missing (optional)",
      "Missing (optional)",
      "Missing (required)",
      "Bound to MyFunding (Data!A1:C5)",
      "Missing (required)",
    ]);
  });
  test("a workbook-scoped name wins over a sheet-scoped one of the same spelling, as in the refresh", () => {
    const scopedFirst = [
      { name: "SEND_Baseline", kind: "name" as const, address: "Old!A1:B9", scope: "Old" },
      { name: "SEND Baseline", kind: "name" as const, address: "Inputs!A1:B9" },
    ];
    expect(describeStatus(inputStatuses(TEST_INPUTS, scopedFirst, {})[0]!)).toBe(
      "Found at Inputs!A1:B9"
    );
  });
  test("the picker offers only the user's ranges, not constants or the add-in's own tables", () => {
    expect(bindableNames(names).map((n) => n.name)).toEqual([
      "MyFunding",
      "send baseline",
      "SEND_Funding",
    ]);
  });
  test("for one input, the picker offers only ranges of its shape: one cell for a figure, 2 × 2 or more for a table", () => {
    // SEND_Funding is Data!B2, one cell; MyFunding a table; send baseline Inputs!A1:B9, 9 rows × 2 columns.
    expect(bindableNames(names, "SEND_OpeningDeficit").map((n) => n.name)).toEqual([
      "SEND_Funding",
    ]);
    expect(bindableNames(names, "SEND_Funding").map((n) => n.name)).toEqual([
      "MyFunding",
      "send baseline",
    ]);
    const row = { name: "OneRow", kind: "name" as const, address: "Data!A1:F1" };
    const column = { name: "OneColumn", kind: "name" as const, address: "Data!A1:A6" };
    expect(bindableNames([row, column], "SEND_Funding")).toEqual([]);
  });
});

test("the refresh shortcut is Ctrl+Alt+R and nothing near it", () => {
  const key = {
    ctrlKey: true,
    altKey: true,
    metaKey: false,
    shiftKey: false,
    key: "r",
    code: "KeyR",
  };
  expect(isRefreshShortcut(key)).toBe(true);
  expect(isRefreshShortcut({ ...key, altKey: false })).toBe(false);
  expect(isRefreshShortcut({ ...key, shiftKey: true })).toBe(false);
  expect(isRefreshShortcut({ ...key, key: "t", code: "KeyT" })).toBe(false);
});

describe("the results against the original plan", () => {
  const resultOf = (input: typeof WILTSHIRE) => {
    const r = runForecast(input);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.value;
  };

  test("the example's two published figures read as the report's sentences", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={resultOf(WILTSHIRE)} />
      </FluentProvider>
    );
    const list = screen.getByTestId("original-plan");
    const items = within(list)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toContain(
      "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan"
    );
    expect(items).toContain("Residual deficit £123.4m, up from £70.3m in the original plan");
  });

  test("without SEND_OriginalPlan there is no such list", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={resultOf({ ...WILTSHIRE, originalPlan: undefined })} />
      </FluentProvider>
    );
    expect(screen.queryByTestId("original-plan")).toBeNull();
  });
});

describe("the results without a Safety Valve agreement", () => {
  const resultOf = (input: typeof WILTSHIRE) => {
    const r = runForecast(input);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.value;
  };

  test("say there are no conditions, and show no Pass, Fail or cap column", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel
          result={resultOf({
            ...WILTSHIRE,
            settings: { ...WILTSHIRE.settings, safetyValve: false },
          })}
        />
      </FluentProvider>
    );
    expect(screen.getByTestId("no-conditions").textContent).toMatch(
      /^None: no Safety Valve agreement/
    );
    expect(screen.queryByTestId("condition-inYearBalance")).toBeNull();
    expect(screen.queryByRole("columnheader", { name: "Cap" })).toBeNull();
    expect(screen.queryByText("Pass")).toBeNull();
    expect(screen.queryByText("Fail")).toBeNull();
  });

  test("settings not given are listed as assumptions under the conditions", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={resultOf({ ...WILTSHIRE, settings: undefined })} />
      </FluentProvider>
    );
    const items = within(screen.getByTestId("assumptions"))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toContain(
      "assumed: cap 84,500 in 2024/25 — set DeficitCap and DeficitCapYear in SEND_Settings"
    );
    expect(screen.getByTestId("condition-deficitCap")).toBeTruthy();
  });
});
