/**
 * The built pane in an Excel that lacks a requirement set the add-in needs:
 * it names the set and what to do (README, "Deploying to your council",
 * quotes this), and the forecast pane itself does not open.
 */
import { paneBrowser, screenshot } from "./harness";

const browser = paneBrowser();
const model = { sheets: [{ name: "Sheet1" }] };

test("an Excel without CustomFunctionsRuntime 1.2 is told so, with what to do", async () => {
  const { page, pageErrors } = await browser.open({
    model,
    unsupportedSets: ["CustomFunctionsRuntime"],
  });
  await page.getByText("This version of Excel cannot run SEND Forecaster.").waitFor();
  const missing = page.getByRole("list", { name: "Missing requirement sets" });
  expect(await missing.getByRole("listitem").allTextContents()).toEqual([
    "CustomFunctionsRuntime 1.2 (the SEND functions and their error messages)",
  ]);
  expect(await page.getByRole("heading", { name: "What to do" }).isVisible()).toBe(true);
  expect(await page.getByRole("button", { name: /Refresh forecast/ }).count()).toBe(0);
  await screenshot(page, "unsupported-excel");
  expect(pageErrors).toEqual([]);
});

test("the same page in an Excel with every set opens the pane (so the test above can fail)", async () => {
  const { page } = await browser.open({ model });
  await page.getByRole("button", { name: /Refresh forecast/ }).waitFor();
  expect(await page.getByText("This version of Excel cannot run SEND Forecaster.").count()).toBe(0);
});
