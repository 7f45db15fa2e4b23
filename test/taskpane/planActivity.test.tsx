/** @jest-environment jsdom */
/**
 * Record plan activity in the pane, against a workbook in memory: enabled
 * only after a refresh; the dialog shows the figures and where they go;
 * Cancel writes nothing; Record writes and refreshes, and the warning that
 * the plan's activity is missing goes; a replacement shows old against new;
 * a refusal is shown in the dialog.
 */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import { runForecast } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";

/** A figure to one decimal place, as the sheet's #,##0.0 shows it. */
const oneDecimal = (v: number) =>
  v.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
import { MemoryWorkbook } from "./memoryServices";

class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= NoLayoutResizeObserver;
jest.setTimeout(60000);
// The pane runs the model on each refresh; on a busy machine that takes longer than the default second.
configure({ asyncUtilTimeout: 10000 });

/** The example without its recorded plan activity: its Change lines warn that it is missing. */
function unrecorded(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  wb.input = { ...wb.input, planActivity: undefined };
  return wb;
}

function renderPane(wb: MemoryWorkbook) {
  render(
    <FluentProvider theme={webLightTheme}>
      <App services={wb} />
    </FluentProvider>
  );
  return wb;
}

const recordButton = () => screen.getByRole("button", { name: /record plan activity/i });
// jsdom has no layout, so Fluent's focus manager may mark the dialog aria-hidden: query inside it with hidden: true.
const inDialog = (name: string | RegExp) => screen.getByRole("button", { name, hidden: true });

async function refreshed(wb: MemoryWorkbook) {
  await waitFor(() => expect(wb.calls.some((c) => c.startsWith("readInterventions"))).toBe(true));
  fireEvent.click(screen.getByRole("button", { name: /refresh forecast/i }));
  await screen.findByRole("heading", { name: "Results" });
}

/** The mitigated yearly averages, from a run of the model on the same input: what the dialog must show. */
function mitigated(wb: MemoryWorkbook) {
  const r = runForecast({ ...wb.input, interventions: wb.interventionRows });
  if (!r.ok) throw new Error("the example runs");
  return r.value.scenarios.mitigated.years;
}

describe("Record plan activity", () => {
  test("is disabled until a refresh has succeeded", async () => {
    const wb = renderPane(unrecorded());
    await waitFor(() => expect(wb.calls).toContain("loadBindings"));
    expect(recordButton().hasAttribute("disabled")).toBe(true);
    await refreshed(wb);
    expect(recordButton().hasAttribute("disabled")).toBe(false);
  });

  test("shows the figures and the new sheet; Cancel writes nothing", async () => {
    const wb = renderPane(unrecorded());
    await refreshed(wb);
    fireEvent.click(recordButton());
    const dialog = await screen.findByRole("dialog", {
      name: "Record plan activity",
      hidden: true,
    });
    const table = await within(dialog).findByRole("table", {
      name: "Plan activity to record",
      hidden: true,
    });
    const years = mitigated(wb);
    const row = (year: string) =>
      within(within(table).getByRole("rowheader", { name: year, hidden: true }).closest("tr")!)
        .getAllByRole("cell", { hidden: true })
        .map((c) => c.textContent);
    const y2026 = years.find((y) => y.year === "2026/27")!;
    expect(row("2026/27")).toEqual([
      oneDecimal(y2026.averageEhcps),
      oneDecimal(y2026.averageInmss),
    ]);
    // 2023/24 is before the forecast: nothing is recorded for it.
    expect(row("2023/24")).toEqual(["—", "—"]);
    expect(dialog.textContent).toContain("On a new sheet, SEND Plan Activity");

    fireEvent.click(inDialog("Cancel"));
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
    expect(wb.calls.filter((c) => c.startsWith("recordPlanActivity"))).toEqual([]);
    expect(wb.planActivity).toBeNull();
  });

  test("Record writes to a new sheet, then refreshes, and the missing plan warning goes", async () => {
    const wb = renderPane(unrecorded());
    await refreshed(wb);
    const warnings = () =>
      screen.queryByRole("list", { name: "Warnings" })
        ? within(screen.getByRole("list", { name: "Warnings" }))
            .getAllByRole("listitem")
            .map((li) => li.textContent ?? "")
        : [];
    expect(warnings().some((w) => w.includes("SEND_PlanActivity"))).toBe(true);
    const refreshes = wb.refreshCount;

    fireEvent.click(recordButton());
    await screen.findByRole("table", { name: "Plan activity to record", hidden: true });
    await act(async () => {
      fireEvent.click(inDialog("Record"));
    });
    await screen.findByText(/Recorded at 'SEND Plan Activity'!A1:I3/);
    expect(wb.calls).toContain("recordPlanActivity new sheet");
    await waitFor(() => expect(wb.refreshCount).toBe(refreshes + 1));
    await waitFor(() =>
      expect(warnings().some((w) => w.includes("SEND_PlanActivity"))).toBe(false)
    );
    fireEvent.click(inDialog("Close"));
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
  });

  test("a chosen cell is passed on, and a refusal is shown in the dialog with nothing recorded", async () => {
    const wb = renderPane(unrecorded());
    await refreshed(wb);
    wb.planActivityRefusal = [
      {
        input: "SEND_PlanActivity",
        sheet: "Plan Inputs",
        cell: "E4",
        message: "E4 is not empty; nothing was written",
      },
    ];
    fireEvent.click(recordButton());
    await screen.findByRole("table", { name: "Plan activity to record", hidden: true });
    fireEvent.click(screen.getByRole("radio", { name: /at a cell i choose/i, hidden: true }));
    // No cell yet: nothing to record.
    expect(inDialog("Record").hasAttribute("disabled")).toBe(true);
    fireEvent.change(screen.getByRole("textbox", { name: /top-left cell/i, hidden: true }), {
      target: { value: "'Plan Inputs'!B3" },
    });
    await act(async () => {
      fireEvent.click(inDialog("Record"));
    });
    await screen.findByText("SEND_PlanActivity!E4: E4 is not empty; nothing was written");
    expect(wb.calls).toContain("recordPlanActivity 'Plan Inputs'!B3");
    expect(wb.planActivity).toBeNull();
    expect(wb.refreshCount).toBe(1);
  });

  test("the add-in's own recording is shown against the new figures and replaced only on Replace", async () => {
    const wb = renderPane(unrecorded());
    await refreshed(wb);
    fireEvent.click(recordButton());
    await screen.findByRole("table", { name: "Plan activity to record", hidden: true });
    await act(async () => {
      fireEvent.click(inDialog("Record"));
    });
    await screen.findByText(/Recorded at/);
    fireEvent.click(inDialog("Close"));
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
    await waitFor(() => expect(recordButton().hasAttribute("disabled")).toBe(false));

    // The interventions change: no interventions at all.
    wb.interventionRows = [];
    fireEvent.click(screen.getByRole("button", { name: /refresh forecast/i }));
    await waitFor(() => expect(wb.refreshCount).toBe(3));
    await waitFor(() => expect(recordButton().hasAttribute("disabled")).toBe(false));
    fireEvent.click(recordButton());
    const table = await screen.findByRole("table", {
      name: "Plan activity to record",
      hidden: true,
    });
    expect(
      within(table)
        .getAllByRole("columnheader", { hidden: true })
        .map((h) => h.textContent)
    ).toEqual(["Year", "EHCPs recorded", "EHCPs new", "INMSS recorded", "INMSS new"]);
    const listed = runForecast(WILTSHIRE);
    const none = runForecast({ ...WILTSHIRE, interventions: [] });
    if (!listed.ok || !none.ok) throw new Error("the example runs");
    const at = (r: typeof listed, y: string) =>
      oneDecimal(r.value.scenarios.mitigated.years.find((s) => s.year === y)!.averageEhcps);
    const cells = within(
      within(table).getByRole("rowheader", { name: "2030/31", hidden: true }).closest("tr")!
    )
      .getAllByRole("cell", { hidden: true })
      .map((c) => c.textContent);
    expect(cells.slice(0, 2)).toEqual([at(listed, "2030/31"), at(none, "2030/31")]);
    // Replaced where it is: no choice of place.
    expect(
      within(screen.getByRole("dialog", { hidden: true })).queryByRole("radio", { hidden: true })
    ).toBeNull();

    await act(async () => {
      fireEvent.click(inDialog("Replace"));
    });
    await screen.findByText(/Replaced at 'SEND Plan Activity'!A1:I3/);
    expect(wb.calls.filter((c) => c.startsWith("recordPlanActivity"))).toEqual([
      "recordPlanActivity new sheet",
      "recordPlanActivity new sheet replace",
    ]);
  });

  test("a SEND_PlanActivity of the user's is pointed at, and there is nothing to confirm", async () => {
    const wb = unrecorded();
    wb.planActivity = { address: "'Plan Activity'!A4:I6", rows: [], ours: false };
    renderPane(wb);
    await refreshed(wb);
    fireEvent.click(recordButton());
    await screen.findByText(/already records the plan's activity at 'Plan Activity'!A4:I6/);
    expect(screen.queryByRole("button", { name: "Record", hidden: true })).toBeNull();
    fireEvent.click(inDialog("Cancel"));
    expect(wb.calls.filter((c) => c.startsWith("recordPlanActivity"))).toEqual([]);
  });
});
