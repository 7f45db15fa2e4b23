/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import {
  runForecast,
  sensitivity,
  type SensitivityResult,
  type SensitivityRow,
} from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import {
  SensitivityTornado,
  TORNADO_CENTRE,
  TORNADO_WIDTH,
} from "../../src/taskpane/components/SensitivityTornado";
import { ResultsPanel } from "../../src/taskpane/components/ResultsPanel";

const LONG = "Cost: Independent and Non-maintained Special School Provision unit cost";

function row(
  label: string,
  low: number,
  high: number,
  years: [string | null, string | null] = ["2030/31", "2030/31"]
): SensitivityRow {
  return {
    label,
    field: label,
    by: "±10%",
    ranged: false,
    low,
    high,
    swing: Math.abs(high - low),
    balanceYearLow: years[0],
    balanceYearHigh: years[1],
  };
}

/**
 * A made-up result, listed out of order on purpose. By hand: the swings are
 * Alpha 1,000, Bravo 500, Charlie 150 (both moves raise the deficit), then
 * the twelve small ones 11·k … 0 for k = 12 … 1, and the long label 0.
 */
const MADE_UP: SensitivityResult = {
  targetYear: "2028/29",
  share: 0.1,
  closing: 123_000,
  balanceYear: "2030/31",
  rows: [
    row("Charlie", 100, 250),
    ...Array.from({ length: 12 }, (_, i) => row(`Small ${i + 1}`, -(i + 1) * 5, (i + 1) * 6)),
    row("Bravo", 300, -200),
    row(LONG, 0, 0),
    row("Alpha", -500, 500, ["2029/30", null]),
  ],
};

/** The order by hand: the three large ones, then Small 12 (swing 132) down to Small 1 (11), then the zero. */
const EXPECTED_ORDER = [
  "Alpha",
  "Bravo",
  "Charlie",
  ...Array.from({ length: 12 }, (_, i) => `Small ${12 - i}`),
  LONG,
];

function show(s: SensitivityResult = MADE_UP) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <SensitivityTornado sensitivity={s} />
    </FluentProvider>
  );
}

const chartRows = () => screen.getAllByTestId("tornado-row");
const labelOf = (g: Element) =>
  [...g.querySelectorAll("[data-part=label]")].map((t) => t.textContent).join(" ");

function bar(g: Element, move: "low" | "high") {
  const m = g.querySelector(`[data-move=${move}]`)!;
  const rect = m.querySelector("rect")!;
  return {
    x: Number(rect.getAttribute("x")),
    width: Number(rect.getAttribute("width")),
    text: m.querySelector("text")!.textContent,
    anchor: m.querySelector("text")!.getAttribute("text-anchor"),
  };
}

describe("Which inputs matter: the tornado chart", () => {
  test("the ten largest swings, largest first; the rest behind Show all", () => {
    show();
    expect(chartRows().map(labelOf)).toEqual(EXPECTED_ORDER.slice(0, 10));
    expect(screen.getByTestId("tornado-shown").textContent).toContain(
      "the 10 largest of 16 inputs; 6 more"
    );
  });

  test("an input moved by its range in SEND_Uncertainty shows the range after its label, in the chart and the table", () => {
    const ranged: SensitivityResult = {
      ...MADE_UP,
      rows: [
        { ...row("Requests", -700, 700), by: "±6.41, P10–P90 of RequestsSD 5", ranged: true },
        row("Alpha", -500, 500),
      ],
    };
    show(ranged);
    expect(chartRows().map(labelOf)).toEqual([
      "Requests (±6.41, P10–P90 of RequestsSD 5)",
      "Alpha",
    ]);
    expect(screen.getByTestId("sensitivity").textContent).toContain(
      "or by its range in SEND_Uncertainty"
    );
    const table = screen.getByTestId("sensitivity-table");
    expect([...table.querySelectorAll("tbody th")].map((th) => th.textContent)).toEqual([
      "Requests (±6.41, P10–P90 of RequestsSD 5)",
      "Alpha",
    ]);
  });

  test("bars run left for a lower deficit and right for a higher one, their lengths in proportion to the change", () => {
    show();
    const [alpha, bravo, charlie] = chartRows();
    // The largest change (500) is the longest bar, most of half the drawing (the rest holds its figure);
    // the others are their share of 500, by hand.
    const full = bar(alpha!, "low").width;
    expect(full).toBeGreaterThan(TORNADO_WIDTH / 4);
    expect(full).toBeLessThan(TORNADO_WIDTH / 2);
    const expected: [Element, "low" | "high", number, "left" | "right"][] = [
      [alpha!, "low", 1, "left"],
      [alpha!, "high", 1, "right"],
      [bravo!, "low", 300 / 500, "right"],
      [bravo!, "high", 200 / 500, "left"],
      [charlie!, "low", 100 / 500, "right"],
      [charlie!, "high", 250 / 500, "right"],
    ];
    for (const [g, move, share, side] of expected) {
      const b = bar(g, move);
      expect(b.width).toBeCloseTo(share * full, 1);
      if (side === "right") expect(b.x).toBeCloseTo(TORNADO_CENTRE, 1);
      else expect(b.x + b.width).toBeCloseTo(TORNADO_CENTRE, 1);
      // The figure sits beyond the bar's outer end.
      expect(b.anchor).toBe(side === "right" ? "start" : "end");
    }
    // A zero change draws no bar.
    const zero = render(
      <FluentProvider theme={webLightTheme}>
        <SensitivityTornado
          sensitivity={{ ...MADE_UP, rows: [row("Only", 0, 0), row("Other", -40, 40)] }}
        />
      </FluentProvider>
    );
    const only = within(zero.container).getAllByTestId("tornado-row")[1]!;
    expect(bar(only, "low").width).toBe(0);
  });

  test("figures in £m with their sign, the centre's balance, and the balance year where a move changes it", () => {
    show();
    const [alpha, bravo, charlie] = chartRows();
    expect([bar(alpha!, "low").text, bar(alpha!, "high").text]).toEqual(["−£0.5m", "+£0.5m"]);
    expect([bar(bravo!, "low").text, bar(bravo!, "high").text]).toEqual(["+£0.3m", "−£0.2m"]);
    // 250 (£'000) is £0.25m, shown to one decimal as the pane shows money.
    expect([bar(charlie!, "low").text, bar(charlie!, "high").text]).toEqual(["+£0.1m", "+£0.3m"]);
    const svg = screen.getByTestId("tornado");
    expect(svg.textContent).toContain("£123.0m at the end of 2028/29");
    const note = (g: Element) =>
      [...g.querySelectorAll("[data-part=balance-year]")].map((t) => t.textContent).join(" ");
    expect(note(alpha!)).toBe("Balance year 2029/30 at −10%, not reached at +10% (now 2030/31)");
    expect(note(bravo!)).toBe("");
    // The chart is an image with a name and a description that gives the largest in words.
    expect(svg.getAttribute("role")).toBe("img");
    const [titleId, descId] = svg.getAttribute("aria-labelledby")!.split(" ");
    expect(document.getElementById(titleId!)!.textContent).toMatch(/moved 10% down and up/);
    expect(document.getElementById(descId!)!.textContent).toContain(
      "Alpha: −£0.5m at −10%, +£0.5m at +10%"
    );
  });

  test("a long label wraps onto lines that fit the drawing, words whole", () => {
    show();
    fireEvent.click(screen.getByRole("button", { name: "Show all 16" }));
    const long = chartRows().at(-1)!;
    const lines = [...long.querySelectorAll("[data-part=label]")].map((t) => t.textContent!);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(" ")).toBe(LONG);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(36);
    // Each line sits below the one before, and the bars below the last line.
    const ys = [...long.querySelectorAll("[data-part=label]")].map((t) =>
      Number(t.getAttribute("y"))
    );
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const barTop = Number(long.querySelector("[data-part=centre]")!.getAttribute("y1"));
    expect(barTop).toBeGreaterThan(ys.at(-1)!);
  });

  test("the table lists every input with its figures, largest first", () => {
    show();
    const table = screen.getByTestId("sensitivity-table");
    const body = within(table).getAllByRole("rowgroup")[1]!;
    const rows = within(body).getAllByRole("row");
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(EXPECTED_ORDER);
    expect(
      within(rows[0]!)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["−£0.5m", "+£0.5m", "2029/30", "not reached"]);
    expect(
      within(rows[1]!)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["+£0.3m", "−£0.2m", "2030/31", "2030/31"]);
    expect(within(table).getByRole("columnheader", { name: "−10%" })).toBeTruthy();
  });

  test("Show all is a button the keyboard reaches; it shows every input and back", () => {
    show();
    const toggle = screen.getByRole("button", { name: "Show all 16" });
    // A native button: Tab reaches it, Enter and Space press it.
    expect(toggle.tagName).toBe("BUTTON");
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    const alphaWidth = bar(chartRows()[0]!, "low").width;
    fireEvent.click(toggle);
    expect(chartRows().map(labelOf)).toEqual(EXPECTED_ORDER);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(toggle.textContent).toBe("Show the 10 largest");
    expect(document.activeElement).toBe(toggle);
    // The bars already shown keep their length: one scale for all.
    expect(bar(chartRows()[0]!, "low").width).toBe(alphaWidth);
    fireEvent.click(toggle);
    expect(chartRows()).toHaveLength(10);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });

  test("with ten inputs or fewer there is no Show all", () => {
    show({ ...MADE_UP, rows: MADE_UP.rows.slice(0, 4) });
    expect(chartRows()).toHaveLength(4);
    expect(screen.queryByTestId("tornado-toggle")).toBeNull();
  });

  test("the results show it after a refresh that worked it out, and not otherwise", () => {
    const r = runForecast(WILTSHIRE);
    const s = sensitivity(WILTSHIRE);
    if (!r.ok || !s.ok) throw new Error("does not forecast");
    const { unmount } = render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={{ ...r.value, sensitivity: s.value }} />
      </FluentProvider>
    );
    expect(screen.getByRole("heading", { name: "Which inputs matter" })).toBeTruthy();
    // The example's largest, as the README's table gives it: EHCPs at the start, −£34.2m / +£34.2m.
    const first = chartRows()[0]!;
    expect(labelOf(first)).toBe("Baseline: EHCPs at the start");
    expect([bar(first, "low").text, bar(first, "high").text]).toEqual(["−£34.2m", "+£34.2m"]);
    unmount();
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={r.value} />
      </FluentProvider>
    );
    expect(screen.queryByTestId("sensitivity")).toBeNull();
  });
});
