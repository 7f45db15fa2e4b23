/** @jest-environment jsdom */
/**
 * How likely's Write to the SEND Forecast sheet, in the whole pane against
 * the workbook in memory: a refresh through the pane's own, whose simulate
 * reuses the run for the same input and runs the same draws and seed again
 * on a changed one, with progress and Cancel; what the section then says.
 */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { simulate, type ForecastInput, type SimulationResult } from "../../src/model";
import { App } from "../../src/taskpane/App";
import { SimulationRunnerContext } from "../../src/taskpane/components/SimulationPanel";
import {
  createInThreadRunner,
  type SimulationMessage,
  type SimulationRequest,
  type SimulationRunner,
} from "../../src/taskpane/simulation";
import { MemoryWorkbook, deferred } from "./memoryServices";

class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= NoLayoutResizeObserver;
jest.setTimeout(60000);
configure({ asyncUtilTimeout: 20000 });

/** Every run the pane starts, recorded; the draws themselves by the given runner. */
function countingRunner(inner: SimulationRunner) {
  const requests: SimulationRequest[] = [];
  const runner: SimulationRunner = {
    start(request, onMessage) {
      requests.push(request);
      return inner.start(request, onMessage);
    },
  };
  return { runner, requests };
}

/** A runner that sends nothing until the test says. */
function heldRunner() {
  const runs: { request: SimulationRequest; send: (m: SimulationMessage) => void }[] = [];
  const runner: SimulationRunner = {
    start(request, onMessage) {
      runs.push({ request, send: onMessage });
      return { cancel: () => undefined };
    },
  };
  return { runner, runs };
}

function renderPane(runner: SimulationRunner, wb = new MemoryWorkbook()) {
  render(
    <FluentProvider theme={webLightTheme}>
      <SimulationRunnerContext.Provider value={runner}>
        <App services={wb} />
      </SimulationRunnerContext.Provider>
    </FluentProvider>
  );
  return wb;
}

async function refreshed(wb: MemoryWorkbook) {
  await waitFor(() => expect(wb.calls.some((c) => c.startsWith("readInterventions"))).toBe(true));
  const before = wb.refreshCount;
  fireEvent.click(screen.getByRole("button", { name: /refresh forecast/i }));
  await waitFor(() => expect(wb.refreshCount).toBe(before + 1));
  await screen.findByTestId("simulation");
  await waitFor(() =>
    expect(screen.getByRole("button", { name: /refresh forecast/i })).toBeTruthy()
  );
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
const status = () => screen.getByTestId("simulation-status").textContent ?? "";
const writeButton = () => screen.getByTestId("simulation-write");
const reason = () => screen.queryByTestId("simulation-write-reason")?.textContent ?? null;
/** Disabled the way Fluent's disabledFocusable does it: still in the tab order, announced as disabled. */
const blocked = (b: HTMLElement) => b.getAttribute("aria-disabled") === "true";

/** The model's own summary of the draws (not the pane's runner): the oracle for what must reach the sheet. */
function modelSummary(input: ForecastInput, draws: number, seed: number): SimulationResult {
  const out = simulate(input, { draws, seed });
  if (!out.ok) throw new Error(out.problems.map((p) => p.message).join("; "));
  const { result: _r, raw: _w, ...summary } = out.value;
  return summary;
}
const pounds = (thousands: number) => {
  const m = Math.round(thousands / 100) / 10;
  return `${m < 0 ? "\u2212" : ""}£${Math.abs(m).toFixed(1)}m`;
};
/** The deficit table the section shows, a row a year: [year, P10, P50, P90]. */
const deficitRows = () =>
  within(screen.getByTestId("simulation-deficit"))
    .getAllByRole("row")
    .slice(1)
    .map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent));
const expectedRows = (s: SimulationResult) =>
  s.years.map((y) => [y.year, pounds(y.closing.p10), pounds(y.closing.p50), pounds(y.closing.p90)]);

async function simulated(draws: string, seed: string) {
  type("simulation-draws", draws);
  type("simulation-seed", seed);
  fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
  await screen.findByTestId("simulation-result");
}

const WRITTEN =
  "Written to SEND Forecast: SEND_OutSimulation, SEND_OutSimulationOutcomes and a fan chart";

describe("Write to the SEND Forecast sheet", () => {
  test("disabled with its reason until a run has finished, while draws run and while a refresh runs; a keyboard-reachable button", async () => {
    const { runner, runs } = heldRunner();
    const wb = renderPane(runner);
    await refreshed(wb);
    const button = writeButton();
    expect(button.tagName).toBe("BUTTON");
    expect(button.textContent).toBe("Write to the SEND Forecast sheet");
    expect(blocked(button)).toBe(true);
    expect(reason()).toBe("Simulate first: what is written is the figures shown here.");
    expect(button.getAttribute("aria-describedby")).toBe(
      screen.getByTestId("simulation-write-reason").id
    );
    // Focusable though disabled, so the keyboard reaches it and hears why; a click does nothing.
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    expect(wb.refreshCount).toBe(1);

    type("simulation-draws", "200");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    expect(blocked(writeButton())).toBe(true);
    expect(reason()).toBe("The draws are running: wait for them to finish, or cancel them.");
    act(() =>
      runs[0]!.send({
        type: "done",
        outcome: { ok: true, value: modelSummary(runs[0]!.request.input, 200, 1) },
      })
    );
    expect(blocked(writeButton())).toBe(false);
    expect(reason()).toBeNull();
    expect(writeButton().hasAttribute("aria-describedby")).toBe(false);

    // A plain refresh under way: no write until it has finished.
    const gate = deferred();
    wb.gate = gate.promise;
    fireEvent.click(screen.getByRole("button", { name: /refresh forecast/i }));
    await screen.findByRole("button", { name: /refreshing/i });
    expect(blocked(writeButton())).toBe(true);
    expect(reason()).toBe(
      "The workbook is being refreshed or written: write when that has finished."
    );
    fireEvent.click(writeButton());
    wb.gate = null;
    await act(async () => gate.resolve());
    await screen.findByRole("button", { name: /refresh forecast/i });
    expect(wb.refreshCount).toBe(2);
    // That refresh read another input object: the figures went with it, so there is nothing to write.
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    expect(reason()).toBe("Simulate first: what is written is the figures shown here.");
  });

  test("the same input: the refresh gets a simulate callback, the run's summary is written without drawing again, and the figures stay", async () => {
    const { runner, requests } = countingRunner(createInThreadRunner());
    const wb = renderPane(runner);
    await refreshed(wb);
    expect(wb.lastRequest?.simulate).toBeUndefined();
    await simulated("300", "5");
    expect(requests.length).toBe(1);
    const before = deficitRows();

    fireEvent.click(writeButton());
    await waitFor(() => expect(status()).toMatch(/^Written to/));
    expect(wb.refreshCount).toBe(2);
    expect(typeof wb.lastRequest?.simulate).toBe("function");
    // No second run: the summary of the first went to the sheet.
    expect(requests.length).toBe(1);
    expect(wb.sheetSimulation).toEqual(modelSummary(wb.input, 300, 5));
    expect(status()).toBe(`${WRITTEN} (300 draws, seed 5).`);
    // The written figures are shown, as they were, and as the sheet has them.
    expect(deficitRows()).toEqual(before);
    expect(deficitRows()).toEqual(expectedRows(wb.sheetSimulation!));
    expect(screen.getByTestId("simulation-run").textContent).toMatch(
      /^300 draws, seed 5, in [\d.]+ s\./
    );
    expect(screen.getByTestId("announcement").textContent).toMatch(
      /^Forecast refreshed and written to SEND Forecast, with the Monte Carlo of 300 draws, seed 5\. /
    );
    // Written, it can be written again (the workbook may have changed since).
    expect(blocked(writeButton())).toBe(false);

    // A plain refresh rewrites the sheet without the tables: the section no longer says they are there.
    fireEvent.click(screen.getByRole("button", { name: /refresh forecast/i }));
    await waitFor(() => expect(wb.refreshCount).toBe(3));
    await waitFor(() => expect(status()).toMatch(/^The last refresh/));
    expect(wb.lastRequest?.simulate).toBeUndefined();
    expect(wb.sheetSimulation).toBeNull();
    expect(status()).toBe(
      "The last refresh rewrote SEND Forecast without the simulation (SEND_OutSimulation, SEND_OutSimulationOutcomes and a fan chart are no longer on it). Simulate and write again to put it back."
    );
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    expect(status()).not.toContain("Written to");
  });

  test("a changed input: the same draws and seed again on it, with the section's progress, and those figures written and shown", async () => {
    const { runner, requests } = countingRunner(createInThreadRunner({ delayMs: 5 }));
    const wb = renderPane(runner);
    await refreshed(wb);
    await simulated("2000", "7");
    const first = deficitRows();
    // The workbook changes after the run: a larger opening deficit.
    const changed = JSON.parse(JSON.stringify(wb.input)) as ForecastInput;
    changed.openingDeficit = changed.openingDeficit + 5000;
    wb.input = changed;

    fireEvent.click(writeButton());
    await screen.findByRole("progressbar", { name: "Simulation progress" });
    expect(status()).toBe(
      "The inputs have changed since the draws: running 2,000 draws again on them, with the same seed…"
    );
    await screen.findByText(/^(250|500|750|1,000|1,250|1,500|1,750) of 2,000 draws$/);
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
    expect(blocked(writeButton())).toBe(true);
    expect(blocked(screen.getByRole("button", { name: "Simulate" }))).toBe(true);
    await waitFor(() => expect(status()).toMatch(/^Written to/));

    expect(requests.length).toBe(2);
    expect(requests[1]).toMatchObject({ draws: 2000, seed: 7 });
    expect(requests[1]!.input).toEqual({ ...changed, interventions: wb.interventionRows });
    const oracle = modelSummary({ ...changed, interventions: wb.interventionRows }, 2000, 7);
    expect(wb.sheetSimulation).toEqual(oracle);
    expect(deficitRows()).toEqual(expectedRows(oracle));
    // The opening deficit moved every balance: these are not the first run's figures.
    expect(deficitRows()).not.toEqual(first);
    expect(status()).toBe(
      `${WRITTEN} (2,000 draws, seed 7). The inputs had changed since the draws, so they were run again on the refreshed inputs with the same draws and seed: these are their figures.`
    );
    expect(screen.queryByRole("progressbar", { name: "Simulation progress" })).toBeNull();
  });

  test("Cancel during the draws again: the sheet is written without the simulation, and the section says so", async () => {
    const { runner, runs } = heldRunner();
    const wb = renderPane(runner);
    await refreshed(wb);
    type("simulation-draws", "2000");
    fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
    act(() =>
      runs[0]!.send({
        type: "done",
        outcome: { ok: true, value: modelSummary(runs[0]!.request.input, 2000, 1) },
      })
    );
    wb.input = { ...wb.input, openingDeficit: wb.input.openingDeficit + 5000 };

    fireEvent.click(writeButton());
    await waitFor(() => expect(runs.length).toBe(2));
    act(() => runs[1]!.send({ type: "progress", done: 750, total: 2000 }));
    expect(screen.getByText("750 of 2,000 draws")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(status()).toMatch(/without the simulation/));
    expect(wb.refreshCount).toBe(2);
    expect(wb.sheetSimulation).toBeNull();
    expect(status()).toBe(
      "SEND Forecast was refreshed and written without the simulation: you cancelled the draws on the changed inputs after 750 of 2,000. Simulate and write again to put it on the sheet."
    );
    expect(screen.queryByTestId("simulation-result")).toBeNull();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Simulate" }));
    // A late message from the cancelled run changes nothing.
    act(() => runs[1]!.send({ type: "progress", done: 1000, total: 2000 }));
    expect(status()).toMatch(/^SEND Forecast was refreshed and written without/);
    expect(screen.getByTestId("announcement").textContent).toMatch(
      /^Forecast refreshed and written to SEND Forecast\. /
    );
  });

  test("a refresh that fails at the write: not written, said so, and the figures of the forecast shown stay", async () => {
    const wb = renderPane(createInThreadRunner());
    await refreshed(wb);
    await simulated("200", "3");
    const before = deficitRows();
    wb.writeFailure = "Excel could not write the workbook";
    fireEvent.click(writeButton());
    await waitFor(() => expect(status()).toMatch(/^Not written/));
    expect(status()).toBe(
      "Not written: Excel could not write the workbook. The figures shown are still those of the forecast above."
    );
    expect(screen.getByRole("alert").textContent).toContain("Excel could not write the workbook");
    expect(deficitRows()).toEqual(before);
    expect(wb.sheetSimulation).toBeNull();
    expect(blocked(writeButton())).toBe(false);
  });
});

test("leaving the tab while the draws run again for a write: the write goes on, and the section shows what it wrote on coming back", async () => {
  const { runner, runs } = heldRunner();
  const wb = renderPane(runner);
  await refreshed(wb);
  type("simulation-draws", "400");
  type("simulation-seed", "2");
  fireEvent.click(screen.getByRole("button", { name: "Simulate" }));
  act(() =>
    runs[0]!.send({
      type: "done",
      outcome: { ok: true, value: modelSummary(runs[0]!.request.input, 400, 2) },
    })
  );
  wb.input = { ...wb.input, openingDeficit: wb.input.openingDeficit + 5000 };
  fireEvent.click(writeButton());
  await waitFor(() => expect(runs.length).toBe(2));
  fireEvent.click(screen.getByRole("tab", { name: "Inputs" }));
  expect(screen.queryByTestId("simulation")).toBeNull();
  const summary = modelSummary(runs[1]!.request.input, 400, 2);
  act(() => runs[1]!.send({ type: "progress", done: 400, total: 400 }));
  act(() => runs[1]!.send({ type: "done", outcome: { ok: true, value: summary } }));
  await waitFor(() => expect(wb.sheetSimulation).toBe(summary));
  await waitFor(() =>
    expect(screen.getByRole("button", { name: /refresh forecast/i })).toBeTruthy()
  );
  fireEvent.click(screen.getByRole("tab", { name: "Forecast" }));
  await screen.findByTestId("simulation-result");
  expect(status()).toBe(`${WRITTEN} (400 draws, seed 2).`);
  expect(deficitRows()).toEqual(expectedRows(summary));
  // The run's time goes with its figures, to the section that came back.
  expect(screen.getByTestId("simulation-run").textContent).toMatch(
    /^400 draws, seed 2, in [\d.]+ s\. P10/
  );
});
