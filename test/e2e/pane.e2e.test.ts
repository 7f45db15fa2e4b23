/**
 * The task pane in headless Chromium: the production build, served on
 * localhost, with the fake Excel host holding the example workbook in place
 * of office.js. What the pane writes must equal what the headless refresh
 * writes from the same file.
 */
import { readFileSync } from "fs";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { FORECAST_CHANNEL_KEY } from "../../src/common/forecastChannel";
import { refresh, type RefreshOutcome } from "../../src/workbook/refresh";
import { XlsxWorkbook } from "../../src/workbook/xlsx/workbook";
import { formatProblem } from "../../src/workbook/problems";
import type { CellValue, OutputSheet } from "../../src/workbook/port";
import type { FakeWorkbookModel } from "../fakes/excel";
import { EXAMPLE, paneBrowser, screenshot, type PaneSession } from "./harness";
import { xlsxToFakeModel } from "./workbookModel";

const browser = paneBrowser();
let example: Buffer;
let exampleModel: FakeWorkbookModel;
let headless: Extract<RefreshOutcome, { ok: true }>;

async function headlessRefresh(
  data: Buffer,
  bindings: Record<string, string> = {}
): Promise<RefreshOutcome> {
  return refresh(await XlsxWorkbook.fromBuffer(data), { mode: "values", bindings });
}

beforeAll(async () => {
  example = readFileSync(EXAMPLE);
  exampleModel = await xlsxToFakeModel(example);
  const outcome = await headlessRefresh(example);
  if (!outcome.ok)
    throw new Error(
      `the example workbook does not refresh headless: ${outcome.problems.map(formatProblem).join("; ")}`
    );
  headless = outcome;
});

function pane(
  model: FakeWorkbookModel | undefined,
  extra: { hostName?: string } = {}
): Promise<PaneSession> {
  return browser.open({ model: model && JSON.parse(JSON.stringify(model)), ...extra });
}

const refreshButton = (page: Page) => page.getByRole("button", { name: /Refresh forecast/ });

/**
 * Counts, from now on, the forecasts the pane publishes to the custom
 * functions: one for each refresh that succeeds. (The production build
 * records no timings of its own to count.)
 */
async function countRefreshes(page: Page): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as Record<string, unknown> & { __refreshesPublished?: number };
    const channel = (w[key] ??= { latest: undefined, listeners: new Set() }) as {
      listeners: Set<() => void>;
    };
    w.__refreshesPublished = 0;
    channel.listeners.add(() => {
      w.__refreshesPublished = (w.__refreshesPublished ?? 0) + 1;
    });
  }, FORECAST_CHANNEL_KEY);
}

const refreshesPublished = (page: Page): Promise<number> =>
  page.evaluate(
    () => (window as unknown as { __refreshesPublished?: number }).__refreshesPublished ?? 0
  );

async function waitForRefreshes(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      ((window as unknown as { __refreshesPublished?: number }).__refreshesPublished ?? 0) >= n,
    count
  );
}

/** Click Refresh and wait until the forecast is published (a refresh that succeeds). */
async function clickRefreshAndWait(page: Page): Promise<void> {
  await countRefreshes(page);
  await refreshButton(page).click();
  await waitForRefreshes(page, 1);
}

/** Every output table as the fake workbook holds it: header row, then the rows. */
async function fakeTables(
  page: Page,
  names: string[]
): Promise<Record<string, CellValue[][] | null>> {
  return page.evaluate((wanted) => {
    const w = window as unknown as {
      __fakeOffice: {
        host: {
          table(n: string): { sheet: unknown; box: unknown } | undefined;
          address(s: unknown, b: unknown): string;
          valuesAt(a: string): unknown[][];
        };
      };
    };
    const host = w.__fakeOffice.host;
    const out: Record<string, unknown[][] | null> = {};
    for (const n of wanted) {
      const t = host.table(n);
      out[n] = t ? host.valuesAt(host.address(t.sheet, t.box)) : null;
    }
    return out;
  }, names) as Promise<Record<string, CellValue[][] | null>>;
}

/** Numbers to 9 significant figures: Excel and the page may print a float's last bit differently. */
function comparable(grid: CellValue[][] | null): unknown {
  return grid?.map((row) =>
    row.map((v) => (typeof v === "number" ? Number(v.toPrecision(9)) : v === "" ? null : v))
  );
}

function expectedTables(sheet: OutputSheet): Record<string, unknown> {
  return Object.fromEntries(sheet.tables.map((t) => [t.name, comparable([t.headers, ...t.rows])]));
}

async function expectSameOutputAsHeadless(page: Page, expected: OutputSheet): Promise<void> {
  const names = expected.tables.map((t) => t.name);
  const got = await fakeTables(page, names);
  const gotComparable = Object.fromEntries(names.map((n) => [n, comparable(got[n] ?? null)]));
  expect(gotComparable).toEqual(expectedTables(expected));
}

async function changedSheets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __fakeOffice: { host: { changes: { sheet: string }[] } } };
    return [...new Set(w.__fakeOffice.host.changes.map((c) => c.sheet))];
  });
}

test("Refresh in the pane writes the same SEND Forecast tables as the headless refresh of the example workbook", async () => {
  const { page, pageErrors, cspViolations } = await pane(exampleModel);
  await refreshButton(page).waitFor();
  await clickRefreshAndWait(page);
  await page.getByRole("heading", { name: "Results" }).waitFor();
  await screenshot(page, "pane-refreshed");

  await expectSameOutputAsHeadless(page, headless.sheet);
  expect(await page.getByTestId("balance-year").textContent()).toBe(headless.result.balanceYear);
  expect(await page.getByTestId("condition-inYearBalance").textContent()).toContain(
    headless.result.conditions[0]!.pass ? "Pass" : "Fail"
  );
  // The refresh changed cells on its own sheet only.
  expect(await changedSheets(page)).toEqual(["SEND Forecast"]);
  // And drew the charts the output asks for, on that sheet.
  const charts = await page.evaluate(() => {
    const w = window as unknown as {
      __fakeOffice: { host: { sheet(n: string): { charts: { deleted: boolean }[] } | undefined } };
    };
    return w.__fakeOffice.host.sheet("SEND Forecast")?.charts.filter((c) => !c.deleted).length ?? 0;
  });
  expect(charts).toBe(headless.sheet.charts.length);
  expect(charts).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
});

test("a double click on Refresh runs one refresh", async () => {
  const { page } = await pane(exampleModel);
  await refreshButton(page).waitFor();
  await countRefreshes(page);
  await refreshButton(page).dblclick();
  await page.getByRole("heading", { name: "Results" }).waitFor();
  // Give a second refresh, had one started, the time to finish too.
  await page.getByRole("button", { name: /Refresh forecast/ }).waitFor();
  expect(await refreshesPublished(page)).toBe(1);
});

test("an input bound to the user's own name is saved in the workbook and refreshes as if it had the contract's name", async () => {
  const model: FakeWorkbookModel = JSON.parse(JSON.stringify(exampleModel));
  const ref = model.names!["SEND_Funding"]!;
  delete model.names!["SEND_Funding"];
  model.names!["Council_Funding_2025"] = ref;

  const { page } = await pane(model);
  await page.getByRole("tab", { name: "Inputs" }).click();
  await page.getByTestId("input-status-SEND_Funding").getByText("Missing (required)").waitFor();
  await page.getByRole("combobox", { name: "Use for SEND_Funding" }).click();
  await page.getByRole("option", { name: /Council_Funding_2025/ }).click();
  await page
    .getByTestId("input-status-SEND_Funding")
    .getByText(/^Bound to Council_Funding_2025/)
    .waitFor();
  await screenshot(page, "pane-bound-input");

  await clickRefreshAndWait(page);
  await page.getByRole("heading", { name: "Results" }).waitFor();
  await expectSameOutputAsHeadless(page, headless.sheet);

  // A colleague opening the saved file sees the same binding.
  const saved = await page.evaluate(() =>
    (
      window as unknown as { __fakeOffice: { host: { toModel(): unknown } } }
    ).__fakeOffice.host.toModel()
  );
  expect(JSON.stringify((saved as FakeWorkbookModel).settings)).toContain("Council_Funding_2025");
  const colleague = await pane(saved as FakeWorkbookModel);
  await colleague.page.getByRole("tab", { name: "Inputs" }).click();
  await colleague.page
    .getByTestId("input-status-SEND_Funding")
    .getByText(/^Bound to Council_Funding_2025/)
    .waitFor();
});

test("the live formulas choice is saved in the workbook, and a colleague opening the file gets it", async () => {
  const { page } = await pane(exampleModel);
  const formulas = page.getByRole("radio", { name: "Live formulas" });
  await formulas.check();
  await page
    .getByTestId("announcement")
    .getByText(/live formulas; saved in the workbook/)
    .waitFor();
  const saved = (await page.evaluate(() =>
    (
      window as unknown as { __fakeOffice: { host: { toModel(): unknown } } }
    ).__fakeOffice.host.toModel()
  )) as FakeWorkbookModel;
  expect(saved.settings?.["SEND.outputMode"]).toBe("formulas");
  const colleague = await pane(saved);
  await refreshButton(colleague.page).waitFor();
  await colleague.page.waitForFunction(
    () =>
      (document.querySelector("input[type=radio][value=formulas]") as HTMLInputElement | null)
        ?.checked === true
  );
  expect(await colleague.page.getByRole("radio", { name: "Values" }).isChecked()).toBe(false);
});

test("a broken cell is listed as the headless refresh lists it, Go to cell selects it, and nothing is written", async () => {
  // Text in a number cell of SEND_Funding, made in the file itself so both sides read the same workbook.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(example as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet("Revised Forecast")!;
  sheet.getCell("C18").value = "tbc";
  const broken = Buffer.from(await wb.xlsx.writeBuffer());
  const expected = await headlessRefresh(broken);
  expect(expected.ok).toBe(false);
  if (expected.ok) return;
  const model = await xlsxToFakeModel(broken);
  // ExcelJS drops sheet-scoped and non-range names on save; keep the example's names.
  model.names = exampleModel.names;

  const { page } = await pane(model);
  // A refused refresh publishes no forecast: wait for the problems it lists.
  await refreshButton(page).click();
  const list = page.getByRole("list", { name: "Problems" });
  await list.waitFor();
  const shown = await list.locator("li > span").allTextContents();
  expect(shown).toEqual(expected.problems.map(formatProblem));
  expect(shown.join("\n")).toContain("C18");
  await screenshot(page, "pane-problems");

  await list.getByRole("button", { name: /Go to cell 'Revised Forecast'!C18/ }).click();
  await page.waitForFunction(() => {
    const w = window as unknown as {
      __fakeOffice: {
        host: { selection: { sheet: { name: string }; box: { r0: number; c0: number } } | null };
      };
    };
    const s = w.__fakeOffice.host.selection;
    return s !== null && s.sheet.name === "Revised Forecast" && s.box.r0 === 17 && s.box.c0 === 2;
  });
  expect(await changedSheets(page)).toEqual([]);
  expect(
    await page.evaluate(
      () =>
        (
          window as unknown as { __fakeOffice: { host: { sheet(n: string): unknown } } }
        ).__fakeOffice.host.sheet("SEND Forecast") ?? null
    )
  ).toBeNull();
});

test("pausing an intervention writes its status to the workbook range", async () => {
  const { page } = await pane(exampleModel);
  await page.getByRole("tab", { name: "Interventions" }).click();
  await page.getByRole("button", { name: "Pause Early Years ESA" }).click();
  await page.getByRole("button", { name: "Resume Early Years ESA" }).waitFor();
  const statuses = await page.evaluate(() => {
    const w = window as unknown as {
      __fakeOffice: {
        host: {
          tables: { name: string; sheet: unknown; box: unknown }[];
          address(s: unknown, b: unknown): string;
          valuesAt(a: string): unknown[][];
        };
      };
    };
    const h = w.__fakeOffice.host;
    const t = h.tables.find((x) => x.name.toLowerCase() === "send_interventions")!;
    return h.valuesAt(h.address(t.sheet, t.box));
  });
  const header = (statuses[0] as string[]).map((s) => String(s).toLowerCase());
  const row = statuses.find((r) => r[header.indexOf("name")] === "Early Years ESA")!;
  expect(row[header.indexOf("status")]).toBe("Pause");
  expect(await changedSheets(page)).toEqual(["Interventions"]);
  await screenshot(page, "pane-interventions");
});

test("removing an intervention asks first, from the keyboard: Escape keeps it, Remove deletes its row", async () => {
  const { page } = await pane(exampleModel);
  await page.getByRole("tab", { name: "Interventions" }).click();
  const remove = page.getByRole("button", { name: "Remove Early Years ESA" });
  await remove.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Remove Early Years ESA?" });
  await dialog.waitFor();
  // The safe choice has the first focus.
  await page.waitForFunction(() => document.activeElement?.textContent === "Cancel");
  // The picture shows the dialog once it has faded in.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running")
  );
  await screenshot(page, "pane-confirm-remove");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await page.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Remove Early Years ESA"
  );
  expect(await changedSheets(page)).toEqual([]);

  await page.keyboard.press("Enter");
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent === "Cancel");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Remove");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await remove.waitFor({ state: "detached" });
  expect(await changedSheets(page)).toEqual(["Interventions"]);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Interventions");
});

test("opened in a plain browser, where office.js does not load, the page says so and how to sideload", async () => {
  const { page } = await pane(undefined);
  await page.getByText("This page runs inside Excel.").waitFor();
  expect(await page.getByText(/npm start/).count()).toBeGreaterThan(0);
  expect(await page.getByText(/manifest\.xml/).count()).toBeGreaterThan(0);
  await screenshot(page, "pane-outside-excel");
});

test("opened in another Office app, the page names it", async () => {
  const { page } = await pane(exampleModel, { hostName: "Word" });
  await page.getByText("This page runs inside Excel.").waitFor();
  await page.getByText(/opened in Word/).waitFor();
});

test("the pane works from the keyboard: Tab to Refresh and Enter, or Ctrl+Alt+R from anywhere in the pane", async () => {
  const { page } = await pane(exampleModel);
  await refreshButton(page).waitFor();
  await countRefreshes(page);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(
    /Refresh forecast/
  );
  await page.keyboard.press("Enter");
  await waitForRefreshes(page, 1);
  await page.getByRole("tab", { name: "Inputs" }).focus();
  await page.keyboard.press("Control+Alt+KeyR");
  await waitForRefreshes(page, 2);
  await page.getByRole("tab", { name: "Forecast" }).waitFor();
  expect(await page.getByTestId("balance-year").textContent()).toBe(headless.result.balanceYear);
});
