/** @jest-environment jsdom */
import { act, renderHook, waitFor } from "@testing-library/react";
import type { InterventionRowsRead, OutputMode } from "../../src/taskpane/services";
import { usePane } from "../../src/taskpane/usePane";
import { MemoryWorkbook, deferred } from "./memoryServices";

jest.setTimeout(30000);

async function opened(wb: MemoryWorkbook) {
  const hook = renderHook(() => usePane(wb));
  await waitFor(() => expect(hook.result.current.state.interventions.kind).not.toBe("loading"));
  return hook;
}

test("opening reads the names, the bindings, the output choice and the saved figures' time, then the interventions from the bound range", async () => {
  const wb = new MemoryWorkbook();
  wb.savedBindings = { SEND_Interventions: "OurInterventions" };
  wb.savedOutputMode = "formulas";
  wb.savedForecastTime = "2025-04-01T09:30:00.000Z";
  const { result } = await opened(wb);
  const { state } = result.current;
  expect(state.names.map((n) => n.name)).toContain("OurFunding2025");
  expect(state.bindings).toEqual({ SEND_Interventions: "OurInterventions" });
  expect(state.mode).toBe("formulas");
  expect(state.savedAt).toBe("2025-04-01T09:30:00.000Z");
  expect(wb.calls).toContain("readInterventions OurInterventions");
  expect(state.interventions).toEqual({
    kind: "rows",
    rows: wb.interventionRows,
    address: "Interventions!A1:G10",
  });
  // The statuses follow the names and bindings just read: the bound name is not among the workbook's names.
  expect(state.statuses.find((s) => s.input.name === "SEND_Interventions")?.state).toBe(
    "brokenBinding"
  );
  expect(state.statuses.find((s) => s.input.name === "SEND_Funding")?.state).toBe("found");
  expect(state).toMatchObject({ tab: "forecast", busy: false, status: "", failure: null });
});

test("a workbook that cannot be read says so, and the next action that works clears it", async () => {
  const wb = new MemoryWorkbook();
  wb.listNames = async () => {
    throw new Error("Excel is busy");
  };
  const { result } = renderHook(() => usePane(wb));
  await waitFor(() =>
    expect(result.current.state.failure).toBe("Could not read the workbook: Excel is busy")
  );
  expect(result.current.state.interventions.kind).toBe("loading");
  await act(() => result.current.actions.goTo("Inputs!B2"));
  expect(wb.selected).toEqual(["Inputs!B2"]);
  expect(result.current.state.failure).toBeNull();
  expect(result.current.state.status).toBe("Selected Inputs!B2.");
});

test("an interventions range that cannot be read is held as its problems", async () => {
  const wb = new MemoryWorkbook();
  const problems = [
    {
      input: "SEND_Interventions",
      sheet: "Interventions",
      cell: "C4",
      message: "expected a month, found 'soon'",
    },
  ];
  wb.readInterventionRows = async (): Promise<InterventionRowsRead> => ({ ok: false, problems });
  const { result } = await opened(wb);
  expect(result.current.state.interventions).toEqual({ kind: "problems", problems });
});

test("binding the interventions to another name saves it, then reads the interventions from there; unbinding goes back to the default", async () => {
  const wb = new MemoryWorkbook();
  const { result } = await opened(wb);
  await act(() => result.current.actions.bind("SEND_Interventions", "OurInterventions"));
  expect(wb.savedBindings).toEqual({ SEND_Interventions: "OurInterventions" });
  expect(wb.calls.slice(-2)).toEqual([
    `saveBindings {"SEND_Interventions":"OurInterventions"}`,
    "readInterventions OurInterventions",
  ]);
  expect(result.current.state.bindings).toEqual({ SEND_Interventions: "OurInterventions" });
  expect(result.current.state.status).toBe(
    "SEND_Interventions is bound to OurInterventions; saved in the workbook."
  );

  await act(() => result.current.actions.bind("SEND_Interventions", null));
  expect(result.current.state.bindings).toEqual({});
  expect(wb.calls.at(-1)).toBe("readInterventions SEND_Interventions");
  expect(result.current.state.status).toBe("SEND_Interventions now uses its default name.");
});

test("while a write is held open the pane is busy and refresh does nothing; the choice shows once the workbook holds it", async () => {
  const wb = new MemoryWorkbook();
  const hold = deferred();
  const save = wb.saveOutputMode.bind(wb);
  wb.saveOutputMode = async (mode: OutputMode) => {
    await hold.promise;
    await save(mode);
  };
  const { result } = await opened(wb);
  let written!: Promise<void>;
  act(() => {
    written = result.current.actions.chooseMode("formulas");
  });
  expect(result.current.state.busy).toBe(true);
  act(() => result.current.actions.refresh());
  expect(wb.refreshCount).toBe(0);
  expect(result.current.state.mode).toBe("values");

  await act(async () => {
    hold.resolve();
    await written;
  });
  expect(result.current.state).toMatchObject({
    busy: false,
    mode: "formulas",
    status: "Refresh will write live formulas; saved in the workbook.",
  });
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.refresh.outcome?.ok).toBe(true));
  expect(wb.lastRequest?.mode).toBe("formulas");
});

test("a refused write is the failure and changes nothing", async () => {
  const wb = new MemoryWorkbook();
  wb.saveBindings = async () => {
    throw new Error("The workbook is read-only");
  };
  const { result } = await opened(wb);
  await act(() => result.current.actions.bind("SEND_Funding", "OurFunding2025"));
  expect(result.current.state).toMatchObject({
    bindings: {},
    busy: false,
    status: "",
    failure: "The workbook is read-only",
  });
});

test("a refresh stopped by problems says how many and leaves the tab; a good one goes to Forecast and reads the names again", async () => {
  const wb = new MemoryWorkbook();
  const { result } = await opened(wb);
  act(() => result.current.actions.showTab("inputs"));
  wb.brokenCells = [
    { input: "SEND_Funding", sheet: "Finance", cell: "C14", message: "expected a number" },
    { input: "SEND_Funding", sheet: "Finance", cell: "D14", message: "expected a number" },
  ];
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.refresh.outcome?.ok).toBe(false));
  expect(result.current.state.status).toBe(
    "Refresh stopped: 2 problems in the inputs; nothing was written."
  );
  expect(result.current.state.tab).toBe("inputs");

  wb.brokenCells = [];
  const listed = wb.calls.filter((c) => c === "listNames").length;
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.refresh.outcome?.ok).toBe(true));
  expect(result.current.state.tab).toBe("forecast");
  expect(result.current.state.status).toMatch(
    /^Forecast refreshed and written to SEND Forecast\. Balances in 2030\/31;/
  );
  await waitFor(() => expect(wb.calls.filter((c) => c === "listNames").length).toBe(listed + 1));
});

test("the status line follows the refresh's step while it runs", async () => {
  const wb = new MemoryWorkbook();
  const hold = deferred();
  wb.gate = hold.promise;
  const { result } = await opened(wb);
  await act(async () => result.current.actions.refresh());
  expect(result.current.state).toMatchObject({ busy: true, status: "Refreshing: Reading inputs" });
  await act(async () => hold.resolve());
  await waitFor(() => expect(result.current.state.busy).toBe(false));
  expect(result.current.state.status).toMatch(/^Forecast refreshed/);
});

test("written interventions are shown as the workbook reads them back", async () => {
  const wb = new MemoryWorkbook();
  const { result } = await opened(wb);
  const rows = wb.interventionRows.slice(1);
  // The workbook keeps what it is given in its own way: here, names trimmed.
  wb.writeInterventionRows = async (written) => {
    wb.calls.push("writeInterventions");
    wb.interventionRows = written.map((r) => ({ ...r, name: r.name.trim() }));
  };
  const spaced = rows.map((r) => ({ ...r, name: ` ${r.name} ` }));
  await act(() =>
    result.current.actions.writeInterventions(spaced, `Removed ${wb.interventionRows[0]!.name}`)
  );
  expect(wb.calls.slice(-2)).toEqual([
    "writeInterventions",
    "readInterventions SEND_Interventions",
  ]);
  expect(result.current.state.interventions).toEqual({
    kind: "rows",
    rows,
    address: "Interventions!A1:G10",
  });
  expect(result.current.state.status).toMatch(/^Removed .+; written to the workbook\.$/);
});

test("with an intervention form open and changed, a good refresh stays on the tab and says the edit is kept", async () => {
  const wb = new MemoryWorkbook();
  const { result } = await opened(wb);
  act(() => result.current.actions.showTab("interventions"));
  act(() => result.current.actions.setDraftChanged(true));
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.refresh.outcome?.ok).toBe(true));
  expect(result.current.state.tab).toBe("interventions");
  expect(result.current.state.status).toMatch(/unsaved intervention edit is still open/);
  // Leaving the tab says the edit is kept; once the form closes, a refresh goes to Forecast again.
  act(() => result.current.actions.showTab("inputs"));
  expect(result.current.state.status).toBe(
    "Your unsaved intervention edit is kept on the Interventions tab."
  );
  act(() => result.current.actions.setDraftChanged(false));
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.tab).toBe("forecast"));
  expect(result.current.state.status).not.toMatch(/unsaved/);
});

test("the results are out of date after an intervention or a binding is written, until the next refresh", async () => {
  const wb = new MemoryWorkbook();
  const { result } = await opened(wb);
  expect(result.current.state.hasOutput).toBe(false);
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.refresh.outcome?.ok).toBe(true));
  expect(result.current.state).toMatchObject({ stale: false, hasOutput: true });
  await act(() =>
    result.current.actions.writeInterventions(wb.interventionRows.slice(1), "Removed one")
  );
  expect(result.current.state.stale).toBe(true);
  await act(async () => result.current.actions.refresh());
  await waitFor(() => expect(result.current.state.stale).toBe(false));
  await act(() => result.current.actions.bind("SEND_Funding", "OurFunding2025"));
  expect(result.current.state.stale).toBe(true);
});
