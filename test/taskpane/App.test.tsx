/** @jest-environment jsdom */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import { MemoryWorkbook, deferred } from "./memoryServices";

// jsdom has no layout, so no ResizeObserver; Fluent's MessageBar watches its own width with one.
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= NoLayoutResizeObserver;
jest.setTimeout(30000);
// A refresh runs the model many times (intervention values, sensitivity); on a busy machine that takes longer than the default second.
configure({ asyncUtilTimeout: 10000 });

function renderPane(wb = new MemoryWorkbook()) {
  render(
    <FluentProvider theme={webLightTheme}>
      <App services={wb} />
    </FluentProvider>
  );
  return wb;
}

const refreshButton = () => screen.getByRole("button", { name: /refresh forecast/i });

async function settled(wb: MemoryWorkbook) {
  await waitFor(() => expect(wb.calls).toContain("loadBindings"));
  await waitFor(() => expect(wb.calls).toContain("loadOutputMode"));
  await waitFor(() => expect(wb.calls.some((c) => c.startsWith("readInterventions"))).toBe(true));
}

describe("the task pane, against a workbook in memory", () => {
  test("Refresh shows Wiltshire's outcome the way the report states it", async () => {
    const wb = renderPane();
    await settled(wb);
    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(screen.getByTestId("balance-year").textContent).toBe("2030/31");
    expect(screen.getByTestId("residual-deficit").textContent).toBe("£123.4m");
    expect(screen.getByTestId("peak-deficit").textContent).toBe("£131.3m in 2027/28");
    const inYear = screen.getByTestId("condition-inYearBalance");
    expect(within(inYear).getByText("Fail")).toBeTruthy();
    expect(inYear.textContent).toContain("2028/29: in-year deficit £5.1m");
    const cap = screen.getByTestId("condition-deficitCap");
    expect(within(cap).getByText("Pass")).toBeTruthy();
    expect(cap.textContent).toContain("2024/25: deficit £66.2m");
    const growth = screen.getByTestId("net-growth");
    expect(
      within(growth)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["636", "36"]);
    // The status line screen readers announce carries the headline, not the whole results table.
    expect(screen.getByTestId("announcement").textContent).toBe(
      "Forecast refreshed and written to SEND Forecast. Balances in 2030/31; peak deficit £131.3m in 2027/28; 1 Safety Valve condition fails."
    );
    expect(
      screen
        .getByRole("tabpanel", { name: "Forecast" })
        .contains(screen.getByRole("heading", { name: "Results" }))
    ).toBe(true);
    expect(wb.lastRequest?.mode).toBe("values");
    // The model's reconciliation warnings, with the figures printed as the report prints them.
    const warnings = within(screen.getByRole("list", { name: "Warnings" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(warnings).toContain(
      "Total Expenditure 2024/25: the supplied lines add up to 122,173, +1 against the supplied 122,172."
    );
    expect(warnings).toContain(
      "Total Expenditure 2025/26: the supplied lines add up to 118,750, \u22121 against the supplied 118,751."
    );
  });

  test("figures kept in the workbook from an earlier refresh are said to be from that refresh, until this session refreshes", async () => {
    const wb = new MemoryWorkbook();
    wb.savedForecastTime = "2025-04-01T09:30:00.000Z";
    renderPane(wb);
    await settled(wb);
    const line = await screen.findByTestId("saved-figures");
    expect(line.textContent).toMatch(
      /^SEND\.FORECAST is showing the figures from the refresh of 1 April 2025 at \d\d:\d\d, kept in this workbook\./
    );
    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(screen.queryByTestId("saved-figures")).toBeNull();
  });

  test("with no figures kept in the workbook the pane just asks for a refresh", async () => {
    const wb = renderPane();
    await settled(wb);
    expect(
      screen.getByText("Choose Refresh forecast to read the inputs and run the forecast.")
    ).toBeTruthy();
    expect(screen.queryByTestId("saved-figures")).toBeNull();
  });

  test("two clicks while a refresh is running start only one refresh", async () => {
    const wb = renderPane();
    await settled(wb);
    const gate = deferred();
    wb.gate = gate.promise;
    const button = refreshButton();
    // Both clicks land before React re-renders the disabled button.
    act(() => {
      button.click();
      button.click();
    });
    fireEvent.keyDown(document, { key: "r", code: "KeyR", ctrlKey: true, altKey: true });
    expect(wb.refreshCount).toBe(1);
    expect(screen.getByRole("button", { name: /refresh/i }).hasAttribute("disabled")).toBe(true);
    const progress = screen.getByRole("progressbar", { name: "Refresh progress" });
    // Fed by the refresh's own progress reports, and announced in words.
    expect(progress.getAttribute("aria-valuenow")).toBe("0.2");
    expect(screen.getByTestId("announcement").textContent).toBe("Refreshing: Reading inputs");
    await act(async () => gate.resolve());
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.refreshCount).toBe(1);
  });

  test("a double click after a quick refresh has finished is still one refresh", async () => {
    const wb = renderPane();
    await settled(wb);
    fireEvent.click(refreshButton(), { detail: 1 });
    await screen.findByRole("heading", { name: "Results" });
    fireEvent.click(refreshButton(), { detail: 2 });
    expect(wb.refreshCount).toBe(1);
  });

  test("Ctrl+Alt+R refreshes, and the button announces the shortcut", async () => {
    const wb = renderPane();
    await settled(wb);
    expect(refreshButton().getAttribute("aria-keyshortcuts")).toBe("Control+Alt+R");
    fireEvent.keyDown(document, { key: "r", code: "KeyR", ctrlKey: true, altKey: true });
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.refreshCount).toBe(1);
    fireEvent.keyDown(document, { key: "r", code: "KeyR", ctrlKey: true });
    expect(wb.refreshCount).toBe(1);
  });

  test("every problem is listed, and Go to cell selects the offending cell", async () => {
    const wb = renderPane();
    await settled(wb);
    wb.brokenCells = [
      {
        input: "SEND_Funding",
        sheet: "Bob's Figures",
        cell: "C4",
        message: "expected a number, found text 'tbc'",
      },
      {
        input: "SEND_Baseline",
        sheet: "Inputs",
        cell: "B3",
        message: "expected a rate between 0 and 1, found 12",
      },
      {
        input: "SEND_OpeningDeficit",
        sheet: "",
        cell: "",
        message: "no name or table of this name in the workbook",
      },
    ];
    fireEvent.click(refreshButton());
    const list = await screen.findByRole("list", { name: "Problems" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector("span")?.textContent)).toEqual([
      "SEND_Funding!C4: expected a number, found text 'tbc'",
      "SEND_Baseline!B3: expected a rate between 0 and 1, found 12",
      "SEND_OpeningDeficit: no name or table of this name in the workbook",
    ]);
    expect(document.getElementById("problems-heading")?.textContent).toBe(
      "3 problems in the inputs: nothing was written."
    );
    // A missing input has no cell to go to.
    expect(within(items[2]!).queryByRole("button")).toBeNull();
    fireEvent.click(
      within(items[0]!).getByRole("button", { name: "Go to cell 'Bob''s Figures'!C4" })
    );
    await waitFor(() => expect(wb.selected).toEqual(["'Bob''s Figures'!C4"]));
    expect(screen.queryByRole("heading", { name: "Results" })).toBeNull();
  });

  test("the live formulas choice goes to the refresh, and Freeze as values asks the workbook", async () => {
    const wb = renderPane();
    await settled(wb);
    fireEvent.click(screen.getByRole("radio", { name: "Live formulas" }));
    // The button waits while the choice is saved in the workbook.
    await waitFor(() => expect(refreshButton().hasAttribute("disabled")).toBe(false));
    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.lastRequest?.mode).toBe("formulas");
    fireEvent.click(screen.getByRole("button", { name: "Freeze as values" }));
    await waitFor(() => expect(wb.calls).toContain("freeze"));
    await waitFor(() =>
      expect(screen.getByTestId("announcement").textContent).toMatch(/plain values/)
    );
  });

  test("the values / live formulas choice is saved in the workbook and comes back with it", async () => {
    const wb = renderPane();
    await settled(wb);
    expect(wb.savedOutputMode).toBeNull();
    fireEvent.click(screen.getByRole("radio", { name: "Live formulas" }));
    await waitFor(() => expect(wb.savedOutputMode).toBe("formulas"));
    expect(wb.calls).toContain("saveOutputMode formulas");
    await waitFor(() =>
      expect(screen.getByTestId("announcement").textContent).toMatch(
        /live formulas; saved in the workbook/
      )
    );
  });

  test("a colleague opening a workbook saved with live formulas refreshes with live formulas", async () => {
    const wb = new MemoryWorkbook();
    wb.savedOutputMode = "formulas";
    renderPane(wb);
    await settled(wb);
    await waitFor(() =>
      expect(
        (screen.getByRole("radio", { name: "Live formulas" }) as HTMLInputElement).checked
      ).toBe(true)
    );
    expect((screen.getByRole("radio", { name: "Values" }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.lastRequest?.mode).toBe("formulas");
    // Loading the choice is not a change to the workbook.
    expect(wb.calls.some((c) => c.startsWith("saveOutputMode"))).toBe(false);
  });

  test("Ctrl+Alt+R does nothing while the pane is writing to the workbook, as the disabled button does", async () => {
    const wb = renderPane();
    await settled(wb);
    const gate = deferred();
    const save = wb.saveOutputMode.bind(wb);
    wb.saveOutputMode = async (mode) => {
      await gate.promise;
      return save(mode);
    };
    fireEvent.click(screen.getByRole("radio", { name: "Live formulas" }));
    await waitFor(() => expect(refreshButton().hasAttribute("disabled")).toBe(true));
    fireEvent.keyDown(document, { key: "r", code: "KeyR", ctrlKey: true, altKey: true });
    expect(wb.refreshCount).toBe(0);
    await act(async () => gate.resolve());
    await waitFor(() => expect(refreshButton().hasAttribute("disabled")).toBe(false));
    fireEvent.keyDown(document, { key: "r", code: "KeyR", ctrlKey: true, altKey: true });
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.refreshCount).toBe(1);
    expect(wb.lastRequest?.mode).toBe("formulas");
  });

  test("a values / live formulas choice the workbook refused is not shown as chosen", async () => {
    const wb = renderPane();
    await settled(wb);
    wb.saveOutputMode = async () => {
      throw new Error("The workbook is read-only");
    };
    fireEvent.click(screen.getByRole("radio", { name: "Live formulas" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The workbook is read-only");
    expect((screen.getByRole("radio", { name: "Values" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("radio", { name: "Live formulas" }) as HTMLInputElement).checked).toBe(
      false
    );
    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.lastRequest?.mode).toBe("values");
  });

  test("a failure that is not an input problem is shown as text, and the button comes back", async () => {
    const wb = renderPane();
    await settled(wb);
    wb.refresh = async () => {
      throw new Error("Excel is busy editing a cell");
    };
    fireEvent.click(refreshButton());
    expect((await screen.findByRole("alert")).textContent).toContain(
      "Excel is busy editing a cell"
    );
    expect(refreshButton().hasAttribute("disabled")).toBe(false);
  });
});

describe("inputs and bindings", () => {
  test("each input's status is written out, and binding one to the user's own name saves it in the workbook", async () => {
    const wb = renderPane();
    await settled(wb);
    fireEvent.click(screen.getByRole("tab", { name: "Inputs" }));
    expect(screen.getByTestId("input-status-SEND_Baseline").textContent).toBe(
      "Found at Inputs!A2:B11"
    );
    expect(screen.getByTestId("input-status-SEND_Monthly").textContent).toBe("Missing (optional)");
    expect(screen.getByTestId("input-status-SEND_Interventions").textContent).toBe(
      "Found at Interventions!A1:G10"
    );

    fireEvent.click(screen.getByRole("combobox", { name: "Use for SEND_Funding" }));
    fireEvent.click(await screen.findByRole("option", { name: /OurFunding2025/ }));
    await waitFor(() => expect(wb.savedBindings).toEqual({ SEND_Funding: "OurFunding2025" }));
    expect(screen.getByTestId("input-status-SEND_Funding").textContent).toBe(
      "Bound to OurFunding2025 ('Bob''s Figures'!B2:J6)"
    );

    fireEvent.click(refreshButton());
    await screen.findByRole("heading", { name: "Results" });
    expect(wb.lastRequest?.bindings).toEqual({ SEND_Funding: "OurFunding2025" });
  });

  test("a saved binding is loaded with the workbook, and choosing the default name removes it", async () => {
    const wb = new MemoryWorkbook();
    wb.savedBindings = { SEND_OpeningDeficit: "GoneName" };
    renderPane(wb);
    await settled(wb);
    fireEvent.click(screen.getByRole("tab", { name: "Inputs" }));
    const status = await screen.findByTestId("input-status-SEND_OpeningDeficit");
    expect(status.textContent).toBe("Bound to GoneName, which is no longer in the workbook");
    fireEvent.click(screen.getByRole("combobox", { name: "Use for SEND_OpeningDeficit" }));
    fireEvent.click(await screen.findByRole("option", { name: /Default name/ }));
    await waitFor(() => expect(wb.savedBindings).toEqual({}));
    expect(screen.getByTestId("input-status-SEND_OpeningDeficit").textContent).toBe(
      "Found at Finance!B20"
    );
  });
});

describe("interventions", () => {
  async function openInterventions() {
    const wb = renderPane();
    await settled(wb);
    fireEvent.click(screen.getByRole("tab", { name: "Interventions" }));
    await screen.findAllByTestId("intervention");
    return wb;
  }

  test("lists the workbook's rows in the finance team's units", async () => {
    await openInterventions();
    const items = screen.getAllByTestId("intervention");
    expect(items).toHaveLength(9);
    expect(items[5]!.textContent).toContain(
      "NoToAssess: 13 percentage points on the no-to-assess rate, from Jan 2026"
    );
    expect(items[0]!.textContent).toContain("Requests: 8 requests a month fewer, from Apr 2025");
  });

  test("pause and resume write the status back to the workbook", async () => {
    const wb = await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Pause Pre-16 ceasing" }));
    await waitFor(() => expect(wb.interventionRows[4]!.status).toBe("Pause"));
    expect(await screen.findByText(/Paused \(ignored by the forecast\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume Pre-16 ceasing" }));
    await waitFor(() => expect(wb.interventionRows[4]!.status).toBe("New"));
    expect(wb.calls.filter((c) => c.startsWith("writeInterventions"))).toHaveLength(2);
  });

  test("resume restores the status from before the pause, even after another tab was opened in between", async () => {
    const wb = await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Pause Additional post-16 ceasing" }));
    await waitFor(() => expect(wb.interventionRows[3]!.status).toBe("Pause"));
    await screen.findByRole("button", { name: "Resume Additional post-16 ceasing" });
    fireEvent.click(screen.getByRole("tab", { name: "Inputs" }));
    fireEvent.click(screen.getByRole("tab", { name: "Interventions" }));
    fireEvent.click(
      await screen.findByRole("button", { name: "Resume Additional post-16 ceasing" })
    );
    await waitFor(() => expect(wb.interventionRows[3]!.status).toBe("Accelerate"));
  });

  // jsdom has no layout, so Fluent's focus manager (tabster) finds nothing visible to focus inside the dialog and,
  // seeing no focus in it, marks it aria-hidden after a moment: the dialog's contents are queried with hidden: true
  // here, and the browser suite checks the dialog's keyboard use and first focus in Chromium.
  const inDialog = (name: string) => screen.getByRole("button", { name, hidden: true });

  test("remove asks first; confirmed, it writes the shorter list back and focus moves to the list's heading", async () => {
    const wb = await openInterventions();
    const remove = screen.getByRole("button", { name: "Remove Early Years ESA" });
    expect(remove.getAttribute("aria-haspopup")).toBe("dialog");
    fireEvent.click(remove);
    const dialog = await screen.findByRole("dialog", { name: "Remove Early Years ESA?" });
    expect(dialog.textContent).toContain("Interventions!A1:G10");
    // Asking writes nothing.
    expect(wb.calls.some((c) => c.startsWith("writeInterventions"))).toBe(false);
    fireEvent.click(inDialog("Remove"));
    await waitFor(() => expect(wb.interventionRows).toHaveLength(8));
    expect(wb.interventionRows.map((r) => r.name)).not.toContain("Early Years ESA");
    await waitFor(() => expect(screen.getAllByTestId("intervention")).toHaveLength(8));
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Interventions" }));
    expect(wb.calls.filter((c) => c.startsWith("writeInterventions"))).toEqual([
      "writeInterventions SEND_Interventions 8",
    ]);
    expect(screen.getByTestId("announcement").textContent).toBe(
      "Removed Early Years ESA; written to the workbook."
    );
  });

  test("Cancel or Escape in the remove dialog keeps the row and returns focus to its Remove button", async () => {
    const wb = await openInterventions();
    const removeButton = () => screen.getByRole("button", { name: "Remove Early Years ESA" });
    fireEvent.click(removeButton());
    await screen.findByRole("dialog", { name: "Remove Early Years ESA?" });
    fireEvent.click(inDialog("Cancel"));
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(removeButton()));

    fireEvent.click(removeButton());
    const dialog = await screen.findByRole("dialog", { name: "Remove Early Years ESA?" });
    fireEvent.keyDown(dialog, { key: "Escape", code: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog", { hidden: true })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(removeButton()));
    expect(wb.interventionRows).toHaveLength(9);
    expect(wb.calls.some((c) => c.startsWith("writeInterventions"))).toBe(false);
  });

  test("closing a form by Escape or Cancel returns focus to the button that opened it", async () => {
    await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Edit Pre-16 ceasing" }));
    const form = screen.getByRole("group", { name: "Edit Pre-16 ceasing" });
    fireEvent.keyDown(within(form).getByRole("textbox", { name: "Name" }), { key: "Escape" });
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole("button", { name: "Edit Pre-16 ceasing" })
      )
    );
    fireEvent.click(screen.getByRole("button", { name: "Add intervention" }));
    fireEvent.click(
      within(screen.getByRole("group", { name: "New intervention" })).getByRole("button", {
        name: "Cancel",
      })
    );
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("button", { name: "Add intervention" }))
    );
  });

  test("Escape in an open lever list closes the list, not the form", async () => {
    await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Edit Pre-16 ceasing" }));
    const form = screen.getByRole("group", { name: "Edit Pre-16 ceasing" });
    const lever = within(form).getByRole("combobox", { name: "Lever" });
    fireEvent.click(lever);
    expect(lever.getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(lever, { key: "Escape" });
    expect(lever.getAttribute("aria-expanded")).toBe("false");
    expect(screen.getByRole("group", { name: "Edit Pre-16 ceasing" })).toBe(form);
    // A second Escape, with the list closed, leaves the form.
    fireEvent.keyDown(lever, { key: "Escape" });
    await waitFor(() =>
      expect(screen.queryByRole("group", { name: "Edit Pre-16 ceasing" })).toBeNull()
    );
  });

  test("a new intervention with a bad impact is not written; corrected, it is", async () => {
    const wb = await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Add intervention" }));
    const form = screen.getByRole("group", { name: "New intervention" });
    fireEvent.change(within(form).getByRole("textbox", { name: "Name" }), {
      target: { value: "Graduated approach" },
    });
    fireEvent.change(within(form).getByRole("textbox", { name: /Impact/ }), {
      target: { value: "tbc" },
    });
    fireEvent.change(within(form).getByRole("textbox", { name: /Start month/ }), {
      target: { value: "2026-09" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save to workbook" }));
    expect(
      await within(form).findByText("Expected a number (requests a month fewer), found 'tbc'.")
    ).toBeTruthy();
    expect(wb.calls.some((c) => c.startsWith("writeInterventions"))).toBe(false);

    fireEvent.change(within(form).getByRole("textbox", { name: /Impact/ }), {
      target: { value: "4" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save to workbook" }));
    await waitFor(() => expect(wb.interventionRows).toHaveLength(10));
    expect(wb.interventionRows[9]).toEqual({
      name: "Graduated approach",
      lever: "Requests",
      impact: 4,
      start: "2026-09",
      rampMonths: 0,
      status: "New",
      confidence: 1,
    });
  });

  test("editing a percentage lever stores the fraction the model uses", async () => {
    const wb = await openInterventions();
    fireEvent.click(screen.getByRole("button", { name: "Edit Mid-phase step downs" }));
    const form = screen.getByRole("group", { name: "Edit Mid-phase step downs" });
    const impact = within(form).getByRole("textbox", {
      name: /INMSS placement growth/,
    }) as HTMLInputElement;
    expect(impact.value).toBe("10");
    fireEvent.change(impact, { target: { value: "15" } });
    fireEvent.change(within(form).getByRole("textbox", { name: "Confidence (%)" }), {
      target: { value: "45" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save to workbook" }));
    await waitFor(() => expect(wb.interventionRows[7]!.impact).toBe(0.15));
    expect(wb.interventionRows[7]!.confidence).toBe(0.45);
  });
});
