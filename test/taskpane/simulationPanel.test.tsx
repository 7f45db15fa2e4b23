/** @jest-environment jsdom */
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import {
  runForecast,
  simulate,
  type ForecastInput,
  type ForecastResult,
  type YearLabel,
} from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import {
  SimulationPanel,
  SimulationRunnerContext,
} from "../../src/taskpane/components/SimulationPanel";
import {
  createInThreadRunner,
  runSimulation,
  type SimulationMessage,
  type SimulationRequest,
  type SimulationRunner,
} from "../../src/taskpane/simulation";

function forecast(input: ForecastInput): ForecastResult {
  const out = runForecast(input);
  if (!out.ok) throw new Error(out.problems.map((p) => p.message).join("; "));
  return out.value;
}

function show(input: ForecastInput, runner: SimulationRunner) {
  const result = forecast(input);
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <SimulationRunnerContext.Provider value={runner}>
        <SimulationPanel input={input} result={result} />
      </SimulationRunnerContext.Provider>
    </FluentProvider>
  );
  return { result, view };
}

/** A runner that records each request and sends nothing until the test says. */
function heldRunner() {
  const runs: {
    request: SimulationRequest;
    send: (m: SimulationMessage) => void;
    cancelled: boolean;
  }[] = [];
  const runner: SimulationRunner = {
    start(request, onMessage) {
      const run = { request, send: onMessage, cancelled: false };
      runs.push(run);
      return { cancel: () => (run.cancelled = true) };
    },
  };
  return { runner, runs };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
const status = () => screen.getByTestId("simulation-status").textContent ?? "";

// The oracle, written apart from the model's summary: PERCENTILE.INC by its definition (the value at
// rank 1 + p(n − 1) of the sorted draws, between neighbours by straight line), and £'000 → £m by hand.
function percentileInc(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = 1 + p * (s.length - 1);
  const below = Math.floor(rank);
  const frac = rank - below;
  return below >= s.length ? s[s.length - 1]! : s[below - 1]! + frac * (s[below]! - s[below - 1]!);
}
const pounds = (thousands: number) => `£${(Math.round(thousands / 100) / 10).toFixed(1)}m`;

afterEach(cleanup);

describe("How likely", () => {
  test("draws and seed default to 10,000 and 1, else to SEND_Uncertainty's Draws and Seed", () => {
    const { runner } = heldRunner();
    show(WILTSHIRE, runner);
    expect((screen.getByTestId("simulation-draws") as HTMLInputElement).value).toBe("10,000");
    expect((screen.getByTestId("simulation-seed") as HTMLInputElement).value).toBe("1");
    cleanup();
    show({ ...WILTSHIRE, uncertainty: { draws: 2500, seed: 42 } }, runner);
    expect((screen.getByTestId("simulation-draws") as HTMLInputElement).value).toBe("2,500");
    expect((screen.getByTestId("simulation-seed") as HTMLInputElement).value).toBe("42");
  });

  test("the fields' figures reach the runner, with the last refresh's input and SEND_Uncertainty's other settings", () => {
    const { runner, runs } = heldRunner();
    const input = { ...WILTSHIRE, uncertainty: { draws: 2500, seed: 42, concentration: 4 } };
    show(input, runner);
    type("simulation-draws", "3,000");
    type("simulation-seed", "9");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(runs.length).toBe(1);
    expect(runs[0]!.request).toMatchObject({ draws: 3000, seed: 9 });
    expect(runs[0]!.request.input).toBe(input);
  });

  test("progress in draws while running, then P10/P50/P90, the chances in words and the balance years, as the draws give them", async () => {
    const draws = 2000;
    const seed = 7;
    const { result } = show(WILTSHIRE, createInThreadRunner({ delayMs: 5 }));
    type("simulation-draws", "2000");
    type("simulation-seed", "7");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(status()).toBe("Simulating 2,000 draws…");
    expect(screen.getByRole("progressbar", { name: "Simulation progress" })).toBeTruthy();
    await screen.findByText(/^(250|500|750|1,000) of 2,000 draws$/);
    await screen.findByTestId("simulation-result", undefined, { timeout: 10000 });
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    expect(status()).toBe("Done: 2,000 draws.");

    // The raw draws of the same run, summarised here by hand.
    const sim = simulate(WILTSHIRE, { draws, seed });
    if (!sim.ok) throw new Error("the example does not simulate");
    const raw = sim.value.raw;
    expect(raw.length).toBe(draws);
    const years = result.ledger.years;

    const deficit = screen.getByTestId("simulation-deficit");
    for (const [k, year] of years.entries()) {
      const cells = within(deficit)
        .getByRole("row", { name: new RegExp(`^${year.replace("/", "\\/")}`) })
        .querySelectorAll("td");
      const closing = raw.map((d) => d.closing[k]!);
      expect([year, ...[...cells].map((c) => c.textContent)]).toEqual([
        year,
        ...[0.1, 0.5, 0.9].map((p) => pounds(percentileInc(closing, p))),
      ]);
    }
    // EHCPs from the first forecast year (the years before it have none to draw).
    const ehcps = screen.getByTestId("simulation-ehcps");
    const ehcpRows = within(ehcps).getAllByRole("row").slice(1);
    expect(ehcpRows.length).toBeGreaterThan(0);
    for (const row of ehcpRows) {
      const year = row.querySelector("th")!.textContent as YearLabel;
      const k = years.indexOf(year);
      const plans = raw.map((d) => d.ehcps[k]!);
      expect([...row.querySelectorAll("td")].map((c) => c.textContent)).toEqual(
        [0.1, 0.5, 0.9].map((p) => Math.round(percentileInc(plans, p)).toLocaleString("en-GB"))
      );
    }

    // In-year balance by the target year: draws whose balance year is the target year or before.
    const target = result.settings.balanceTargetYear;
    const balanced = raw.filter((d) => d.balanceYear !== null && d.balanceYear <= target).length;
    const pct = (n: number) => `${((n / draws) * 100).toFixed(1)}%`;
    expect(screen.getByTestId("simulation-balance").textContent).toBe(
      `In-year balance by ${target} in ${balanced.toLocaleString("en-GB")} of 2,000 draws (${pct(balanced)}).`
    );
    // The example has a Safety Valve agreement: the cap (£84.5m in 2024/25) in words.
    const capYear = years.indexOf("2024/25");
    const within84 = raw.filter((d) => d.closing[capYear]! <= 84500).length;
    expect(screen.getByTestId("simulation-cap").textContent).toBe(
      `Within the £84.5m cap in 2024/25 in ${within84.toLocaleString("en-GB")} of 2,000 draws (${pct(within84)}).`
    );

    // The balance year's spread: every year some draw balanced in, then those that never do.
    const byYear = new Map<string, number>();
    for (const d of raw) {
      const key = d.balanceYear ?? "Not within the forecast";
      byYear.set(key, (byYear.get(key) ?? 0) + 1);
    }
    const rows = within(screen.getByTestId("simulation-balance-years"))
      .getAllByRole("row")
      .slice(1);
    expect(rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent))).toEqual(
      [...byYear.entries()]
        .sort(([a], [b]) => (a.startsWith("Not") ? 1 : b.startsWith("Not") ? -1 : a < b ? -1 : 1))
        .map(([y, n]) => [y, n.toLocaleString("en-GB"), pct(n)])
    );

    // The fan chart: a band and a P50 line, a point a year, with a text alternative.
    const chart = screen.getByRole("img", { name: /Total deficit balance by year, P10 to P90/ });
    expect(
      chart.querySelector("[data-series=band]")!.getAttribute("points")!.split(" ").length
    ).toBe(2 * years.length);
    expect(
      chart.querySelector("[data-series=p50]")!.getAttribute("points")!.split(" ").length
    ).toBe(years.length);
    const last = raw.map((d) => d.closing[years.length - 1]!);
    const desc = chart.querySelector("desc")!.textContent;
    expect(desc).toContain(`to ${pounds(percentileInc(last, 0.5))} in ${years[years.length - 1]};`);
    expect(desc).toContain(`below ${pounds(percentileInc(last, 0.1))}`);
    expect(desc).toContain(`above ${pounds(percentileInc(last, 0.9))}`);
  }, 20000);

  test("without a Safety Valve agreement there is no sentence about the cap", async () => {
    show(
      { ...WILTSHIRE, settings: { ...WILTSHIRE.settings, safetyValve: false } },
      createInThreadRunner()
    );
    type("simulation-draws", "200");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    await screen.findByTestId("simulation-result", undefined, { timeout: 10000 });
    expect(screen.getByTestId("simulation-balance").textContent).toMatch(/^In-year balance by /);
    expect(screen.queryByTestId("simulation-cap")).toBeNull();
    expect(screen.getByTestId("simulation-chances").textContent).not.toMatch(/cap/);
  });

  test("Cancel stops the run at once, says so, clears the earlier figures and hands the focus to Simulate", async () => {
    show(WILTSHIRE, createInThreadRunner({ delayMs: 15 }));
    type("simulation-draws", "300");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    await screen.findByTestId("simulation-result", undefined, { timeout: 10000 });

    type("simulation-draws", "25,000");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    // A new run clears the last one's figures at once.
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    const progress = await screen.findByText(/^[\d,]+ of 25,000 draws$/, undefined, {
      timeout: 10000,
    });
    expect(progress.textContent).not.toBe("25,000 of 25,000 draws");
    const cancel = screen.getByRole("button", { name: "Cancel" });
    cancel.focus();
    fireEvent.click(cancel);
    const text = status();
    const m = /^Cancelled after ([\d,]+) of 25,000 draws: no figures from it\.$/.exec(text);
    expect(m).not.toBeNull();
    expect(Number(m![1]!.replace(/,/g, ""))).toBeLessThan(25000);
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Simulate" }));
    // Nothing more arrives from the cancelled run.
    await act(() => new Promise((r) => setTimeout(r, 200)));
    expect(status()).toBe(text);
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    // And the pane runs again.
    type("simulation-draws", "100");
    fireEvent.submit(screen.getByTestId("simulation-draws").closest("form")!);
    await screen.findByTestId("simulation-result", undefined, { timeout: 10000 });
    expect(status()).toBe("Done: 100 draws.");
  }, 20000);

  test("a run that finishes while Cancel has the focus leaves the focus on Simulate", () => {
    const { runner, runs } = heldRunner();
    show(WILTSHIRE, runner);
    type("simulation-draws", "200");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    screen.getByRole("button", { name: "Cancel" }).focus();
    const out = simulate(WILTSHIRE, { draws: 200, seed: 1 });
    if (!out.ok) throw new Error("the example does not simulate");
    act(() => runs[0]!.send({ type: "done", outcome: { ok: true, value: out.value } }));
    expect(screen.getByTestId("simulation-result")).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Simulate" }));
  });

  test("figures it cannot take are marked on their fields, and nothing runs", () => {
    const { runner, runs } = heldRunner();
    show(WILTSHIRE, runner);
    type("simulation-draws", "lots");
    type("simulation-seed", "-3");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(
      screen.getByText("Expected a whole number of draws from 1 to 100,000; found 'lots'.")
    ).toBeTruthy();
    expect(
      screen.getByText("Expected a whole number from 0 to 2,147,483,647; found '-3'.")
    ).toBeTruthy();
    type("simulation-draws", "100001");
    type("simulation-seed", "3");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(screen.getByText(/found '100001'/)).toBeTruthy();
    expect(runs.length).toBe(0);
    type("simulation-draws", "100,000");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(runs.length).toBe(1);
    expect(screen.queryByText(/Expected a whole number/)).toBeNull();
  });

  test("a run that fails says why in words; a refresh's new input clears the figures and stops a run", () => {
    const { runner, runs } = heldRunner();
    const { result, view } = show(WILTSHIRE, runner);
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    act(() =>
      runs[0]!.send({ type: "failed", message: "the simulation's worker stopped with an error" })
    );
    expect(status()).toBe("Not simulated: the simulation's worker stopped with an error.");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    act(() =>
      runs[1]!.send({
        type: "done",
        outcome: { ok: false, problems: [{ field: "years", message: "years must not be empty" }] },
      })
    );
    expect(status()).toBe("Not simulated: years must not be empty.");

    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    const out = simulate(WILTSHIRE, { draws: 100 });
    if (!out.ok) throw new Error("the example does not simulate");
    act(() => runs[2]!.send({ type: "done", outcome: { ok: true, value: out.value } }));
    expect(screen.getByTestId("simulation-result")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    // The next refresh: another input object.
    view.rerender(
      <FluentProvider theme={webLightTheme}>
        <SimulationRunnerContext.Provider value={runner}>
          <SimulationPanel input={{ ...WILTSHIRE }} result={result} />
        </SimulationRunnerContext.Provider>
      </FluentProvider>
    );
    expect(runs[3]!.cancelled).toBe(true);
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    expect(screen.queryByRole("progressbar")).toBeNull();
  });
});

describe("the run the worker does", () => {
  test("progress every so many draws, ending at the total, then the summary without the raw draws", () => {
    const messages: SimulationMessage[] = [];
    runSimulation({ input: WILTSHIRE, draws: 1100, seed: 3, every: 250 }, (m) => messages.push(m));
    const progress = messages.filter((m) => m.type === "progress");
    expect(progress.map((m) => m.type === "progress" && m.done)).toEqual([
      250, 500, 750, 1000, 1100,
    ]);
    const last = messages[messages.length - 1]!;
    expect(last.type).toBe("done");
    if (last.type !== "done" || !last.outcome.ok) throw new Error("no summary");
    expect(Object.keys(last.outcome.value)).not.toContain("raw");
    expect(Object.keys(last.outcome.value)).not.toContain("result");
    expect(last.outcome.value.draws).toBe(1100);
    // Small enough to post: a few kilobytes, not the megabytes of the draws.
    expect(JSON.stringify(last.outcome.value).length).toBeLessThan(10000);
  });

  test("an input the model refuses comes back as its problems, not a throw", () => {
    const messages: SimulationMessage[] = [];
    runSimulation({ input: { ...WILTSHIRE, years: [] }, draws: 10, seed: 1, every: 250 }, (m) =>
      messages.push(m)
    );
    expect(messages.length).toBe(1);
    const only = messages[0]!;
    expect(
      only.type === "done" && !only.outcome.ok && only.outcome.problems.length
    ).toBeGreaterThan(0);
  });
});
