/**
 * Record plan activity in the pane in headless Chromium, against the fake
 * Excel holding the example workbook without its recorded plan activity:
 * opened from the keyboard, Escape writes nothing and gives focus back,
 * Record writes the new sheet and the refresh that follows no longer warns
 * that the plan's activity is missing.
 */
import { readFileSync } from "fs";
import type { Page } from "playwright-core";
import type { FakeWorkbookModel } from "../fakes/excel";
import { EXAMPLE, paneBrowser, screenshot } from "./harness";
import { xlsxToFakeModel } from "./workbookModel";

const browser = paneBrowser();
let model: FakeWorkbookModel;

beforeAll(async () => {
  model = await xlsxToFakeModel(readFileSync(EXAMPLE));
  delete model.names!["SEND_PlanActivity"];
});

// The warnings list sits folded under one line; its text is read whether or not the fold is open.
const warningsText = (page: Page) =>
  page
    .locator('[aria-label="Warnings"]')
    .textContent()
    .then((t) => t ?? "");

async function changedSheets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __fakeOffice: { host: { changes: { sheet: string }[] } } };
    return [...new Set(w.__fakeOffice.host.changes.map((c) => c.sheet))];
  });
}

test("Record plan activity from the keyboard: Escape writes nothing; Record writes a new sheet and the refresh stops warning", async () => {
  const { page, pageErrors } = await browser.open({ model: JSON.parse(JSON.stringify(model)) });
  const record = page.getByRole("button", { name: "Record plan activity" });
  await record.waitFor();
  expect(await record.isDisabled()).toBe(true);

  await page.getByRole("button", { name: /Refresh forecast/ }).click();
  await page.getByRole("heading", { name: "Results" }).waitFor();
  expect(await warningsText(page)).toContain("SEND_PlanActivity");
  const afterRefresh = await changedSheets(page);

  await record.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Record plan activity" });
  await dialog.waitFor();
  const table = dialog.getByRole("table", { name: "Plan activity to record" });
  await table.waitFor();
  expect(await table.getByRole("row").count()).toBe(9); // the header and eight years
  await page.waitForTimeout(300);
  await screenshot(page, "pane-record-plan-activity");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
    "Record plan activity"
  );
  expect(await changedSheets(page)).toEqual(afterRefresh);

  await page.keyboard.press("Enter");
  await dialog.waitFor();
  await table.waitFor();
  await dialog.getByRole("button", { name: "Record" }).click();
  await dialog.getByText("Recorded at 'SEND Plan Activity'!A1:I3").waitFor();
  // The refresh that follows reads it back: the warning goes.
  await page.waitForFunction(() => {
    const list = document.querySelector('[aria-label="Warnings"]');
    return list === null || !list.textContent?.includes("SEND_PlanActivity");
  });
  const recorded = await page.evaluate(() => {
    const w = window as unknown as {
      __fakeOffice: { host: { valuesAt(a: string): unknown[][] } };
    };
    return w.__fakeOffice.host.valuesAt("'SEND Plan Activity'!A1:C3");
  });
  expect(recorded[0]).toEqual(["Activity", "2023/24", "2024/25"]);
  expect(typeof recorded[1][2]).toBe("number");
  expect(await changedSheets(page)).toEqual(
    expect.arrayContaining(["SEND Forecast", "SEND Plan Activity"])
  );
  expect((await changedSheets(page)).length).toBe(2);
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  expect(pageErrors).toEqual([]);
});
