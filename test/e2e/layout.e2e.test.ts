/**
 * The pane at the widths Excel gives a task pane (320 and 450 px) and at 200%
 * zoom of 320 px, in Office's light and dark themes, with the example
 * workbook: nothing scrolls sideways, the answer is in the first screen, an
 * open edit survives a refresh and a tab change, and axe-core finds nothing
 * in any state. Each state is photographed into test-output/.
 */
import { readFileSync } from "fs";
import { teamsHighContrastTheme, webLightTheme } from "@fluentui/react-components";
import type { Page } from "playwright-core";
import { FORECAST_CHANNEL_KEY } from "../../src/common/forecastChannel";
import type { FakeWorkbookModel } from "../fakes/excel";
import { EXAMPLE, paneBrowser, screenshot, type PaneOptions } from "./harness";
import { xlsxToFakeModel } from "./workbookModel";

const browser = paneBrowser();
let exampleModel: FakeWorkbookModel;

beforeAll(async () => {
  exampleModel = await xlsxToFakeModel(readFileSync(EXAMPLE));
});

/** Excel's Dark Grey theme, as Office.context.officeTheme reports it. */
const DARK_GREY = { bodyBackgroundColor: "#262626", bodyForegroundColor: "#ffffff" };

const SIZES = {
  "320": { viewport: { width: 320, height: 800 } },
  "450": { viewport: { width: 450, height: 800 } },
  // 200% zoom of a 320 px pane: 160 CSS px across, each drawn with two device pixels.
  "320-zoom200": { viewport: { width: 160, height: 400 }, zoom: 2 },
} satisfies Record<string, Partial<PaneOptions>>;
type Size = keyof typeof SIZES;

function open(size: Size, extra: Partial<PaneOptions> = {}) {
  return browser.open({
    model: JSON.parse(JSON.stringify(exampleModel)),
    ...SIZES[size],
    ...extra,
  });
}

async function countRefreshes(page: Page): Promise<void> {
  await page.evaluate((key) => {
    const w = window as unknown as Record<string, unknown> & { __refreshes?: number };
    const channel = (w[key] ??= { latest: undefined, listeners: new Set() }) as {
      listeners: Set<() => void>;
    };
    w.__refreshes = 0;
    channel.listeners.add(() => {
      w.__refreshes = (w.__refreshes ?? 0) + 1;
    });
  }, FORECAST_CHANNEL_KEY);
}

async function waitForRefreshes(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (k) => ((window as unknown as { __refreshes?: number }).__refreshes ?? 0) >= k,
    n
  );
}

const refreshButton = (page: Page) => page.getByRole("button", { name: /Refresh forecast/ });

/**
 * Fluent's motion finished, so pictures and measurements see the settled page
 * (all but a progress bar's, which moves as long as its run goes on).
 */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.playState !== "running" ||
          ((a.effect as KeyframeEffect | null)?.target?.closest("[role=progressbar]") ?? null) !==
            null
      )
  );
}

/** How far the page is wider than the pane, in CSS px (0 when nothing scrolls sideways). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const e = document.scrollingElement ?? document.documentElement;
    return Math.max(e.scrollWidth, document.body.scrollWidth) - e.clientWidth;
  });
}

/** The elements wider than the pane, for a failure message that says what overflowed. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${String(el.className).slice(0, 40)} right=${Math.round(el.getBoundingClientRect().right)}`
      );
  });
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  targets: string[];
}

/**
 * axe-core's violations on the page as it stands (all its rules: WCAG 2.x A
 * and AA, and best practice), less one known false report: aria-hidden-focus
 * on Fluent's focus-management placeholders (Tabster's `<i data-tabster-dummy>`),
 * which hand focus on the moment they get it and never hold it (README,
 * "Accessibility"). Only that rule on only those elements is set aside.
 */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugger, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object
          ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    const placeholder = (target: string[]) =>
      target.length === 1 &&
      document.querySelector(target[0]!)?.hasAttribute("data-tabster-dummy") === true;
    return result.violations
      .map((v) => ({
        id: v.id,
        targets: v.nodes
          .filter((n) => !(v.id === "aria-hidden-focus" && placeholder(n.target)))
          .map((n) => n.target.join(" ")),
      }))
      .filter((v) => v.targets.length > 0);
  });
}

/** The states the pane is seen in, each reached from the one before. */
const STATES: { name: string; reach(page: Page): Promise<void> }[] = [
  {
    name: "opened",
    async reach(page) {
      await refreshButton(page).waitFor();
      await page
        .getByRole("button", { name: "Add intervention", includeHidden: true })
        .waitFor({ state: "attached" });
    },
  },
  {
    name: "refreshed",
    async reach(page) {
      await countRefreshes(page);
      await refreshButton(page).click();
      await waitForRefreshes(page, 1);
      await page.getByTestId("summary").waitFor();
      // Every fold open: the warnings and the charts' year tables, the widest things on the page.
      await page.evaluate(() =>
        document.querySelectorAll("details").forEach((d) => (d.open = true))
      );
      // The goal seek's widest form and an answer: a lever from a month, worked out.
      await page.getByTestId("goal-change").selectOption("lever");
      await page.getByTestId("goal-lever").selectOption("INMSSGrowth");
      await page.getByRole("button", { name: "Find" }).click();
      await page.waitForFunction(
        () => (document.querySelector("[data-testid=goal-answer]")?.textContent ?? "").trim() !== ""
      );
    },
  },
  {
    name: "tornado",
    async reach(page) {
      // Which inputs matter, every input shown: Show all pressed from the keyboard.
      const tornado = page.getByTestId("tornado");
      await tornado.scrollIntoViewIfNeeded();
      const shown = () => page.getByTestId("tornado-row").count();
      expect(await shown()).toBe(10);
      await page.getByRole("button", { name: /^Show all \d+$/ }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Show the 10 largest" }).waitFor();
      expect(await shown()).toBeGreaterThan(10);
      await page.keyboard.press("Space");
      await page.getByRole("button", { name: /^Show all \d+$/ }).waitFor();
      expect(await shown()).toBe(10);
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Show the 10 largest" }).waitFor();
      // Every label and figure inside the drawing (long labels wrapped, none cut off), at least 12 px as drawn.
      const texts = await tornado.evaluate((svg) => {
        const box = svg.getBoundingClientRect();
        const scale = box.width / (svg as SVGSVGElement).viewBox.baseVal.width;
        return [...svg.querySelectorAll("text")].map((t) => {
          const r = t.getBoundingClientRect();
          return {
            text: t.textContent,
            inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
            // In device pixels: at 200% zoom each CSS px is drawn with two.
            px: parseFloat(getComputedStyle(t).fontSize) * scale * window.devicePixelRatio,
          };
        });
      });
      expect(texts.filter((t) => !t.inside)).toEqual([]);
      // At least 12 px at the pane's widths (the zoomed pane draws the 320 px chart in 160 CSS px).
      if (page.viewportSize()!.width >= 320)
        expect(Math.min(...texts.map((t) => t.px))).toBeGreaterThanOrEqual(12);
    },
  },
  {
    // How likely, part-way through the most draws the pane runs (long enough to be measured running).
    name: "simulating",
    async reach(page) {
      await page.getByTestId("simulation-draws").fill("100,000");
      await page.getByRole("button", { name: "Simulate" }).click();
      await page
        .getByTestId("simulation-progress")
        .getByText(/^[1-9][\d,]* of 100,000 draws$/)
        .waitFor();
    },
  },
  {
    name: "simulated",
    async reach(page) {
      // Still running after the checks of the state before: they saw it running.
      await page.getByRole("button", { name: "Cancel" }).click({ timeout: 1000 });
      await page
        .getByTestId("simulation-status")
        .getByText(/^Cancelled after/)
        .waitFor();
      await page.getByTestId("simulation-draws").fill("2,000");
      await page.getByRole("button", { name: "Simulate" }).click();
      await page.getByTestId("simulation-result").waitFor();
    },
  },
  {
    name: "inputs",
    async reach(page) {
      await page.getByRole("tab", { name: "Inputs" }).click();
      await page.getByRole("heading", { name: "Inputs" }).waitFor();
    },
  },
  {
    name: "editing",
    async reach(page) {
      await page.getByRole("tab", { name: "Interventions" }).click();
      await page.getByRole("button", { name: "Edit Early Years ESA" }).click();
      await page.getByRole("group", { name: "Edit Early Years ESA" }).waitFor();
    },
  },
  {
    name: "confirm-remove",
    async reach(page) {
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "Remove Early Years ESA" }).click();
      await page.getByRole("dialog", { name: "Remove Early Years ESA?" }).waitFor();
    },
  },
];

describe.each(Object.keys(SIZES) as Size[])("at %s", (size) => {
  test("nothing scrolls sideways in any state, and axe-core finds no violation", async () => {
    const { page, pageErrors } = await open(size);
    for (const state of STATES) {
      await state.reach(page);
      await settle(page);
      await screenshot(page, `layout-${size}-light-${state.name}`);
      const over = await sidewaysOverflow(page);
      if (over > 0)
        throw new Error(`${state.name}: ${over} px too wide: ${await overflowing(page)}`);
      expect(over).toBeLessThanOrEqual(0);
      // axe at the pane's two widths; the zoomed pane is the 320 px layout drawn larger.
      if (size !== "320-zoom200")
        expect([state.name, await axeViolations(page)]).toEqual([state.name, []]);
    }
    expect(pageErrors).toEqual([]);
  });
});

test("at 320 × 800 the mitigated outcome is in the first screen, under Refresh", async () => {
  const { page } = await open("320");
  await refreshButton(page).waitFor();
  await countRefreshes(page);
  await refreshButton(page).click();
  await waitForRefreshes(page, 1);
  const summary = page.getByTestId("summary");
  await summary.waitFor();
  const box = (await summary.boundingBox())!;
  const button = (await refreshButton(page).boundingBox())!;
  expect(box.y).toBeGreaterThan(button.y);
  expect(box.y + box.height).toBeLessThanOrEqual(800);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // Pass and Fail in words, and the warnings folded into one line that opens to the list.
  const words = await page.locator("[data-testid^=summary-condition-]").allTextContents();
  expect(words.length).toBe(2);
  for (const w of words) expect(["Pass", "Fail"]).toContain(w);
  // The charts' labels are at least 12 px as drawn at this width.
  const labelSizes = await page.evaluate(() =>
    [...document.querySelectorAll("figure svg[role=img]")].flatMap((svg) => {
      const scale =
        svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
      return [...svg.querySelectorAll("text")].map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * scale
      );
    })
  );
  expect(labelSizes.length).toBeGreaterThan(0);
  expect(Math.min(...labelSizes)).toBeGreaterThanOrEqual(12);
  expect(await page.getByTestId("y-axis-title").first().textContent()).toBe("Deficit balance (£m)");
  const warnings = page.getByTestId("warnings");
  if ((await warnings.count()) > 0) {
    expect(await page.getByRole("list", { name: "Warnings" }).isVisible()).toBe(false);
    await warnings.locator("summary").click();
    expect(await page.getByRole("list", { name: "Warnings" }).isVisible()).toBe(true);
  }
});

test("Freeze as values waits for output, and the output choice has a visible label", async () => {
  const { page } = await open("320");
  await refreshButton(page).waitFor();
  const freeze = page.getByRole("button", { name: "Freeze as values" });
  expect(await freeze.getAttribute("aria-disabled")).toBe("true");
  expect(await page.getByText("Refresh writes the output cells as").isVisible()).toBe(true);
  await countRefreshes(page);
  await refreshButton(page).click();
  await waitForRefreshes(page, 1);
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("button")]
        .find((b) => b.textContent === "Freeze as values")
        ?.getAttribute("aria-disabled") !== "true"
  );
  expect(await freeze.isEnabled()).toBe(true);
});

test("an open, changed intervention form survives Ctrl+Alt+R and a tab change, with the focus where it was", async () => {
  const { page } = await open("320");
  await refreshButton(page).waitFor();
  await page.getByRole("tab", { name: "Interventions" }).click();
  await page.getByRole("button", { name: "Edit Early Years ESA" }).click();
  const name = page.getByRole("textbox", { name: "Name" });
  await name.waitFor();
  await name.fill("Early Years ESA, revised");
  await countRefreshes(page);
  await page.keyboard.press("Control+Alt+KeyR");
  await waitForRefreshes(page, 1);
  await page
    .getByTestId("announcement")
    .getByText(/unsaved intervention edit is still open/)
    .waitFor();
  expect(await name.inputValue()).toBe("Early Years ESA, revised");
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(
    "Early Years ESA, revised"
  );
  await screenshot(page, "edit-kept-after-refresh");

  await page.getByRole("tab", { name: "Inputs" }).click();
  await page
    .getByTestId("announcement")
    .getByText(/kept on the Interventions tab/)
    .waitFor();
  await page.getByRole("tab", { name: "Interventions" }).click();
  expect(await name.inputValue()).toBe("Early Years ESA, revised");

  // Saved, the results say they are out of date until the next refresh.
  await page.getByRole("button", { name: "Save to workbook" }).click();
  await page.getByTestId("stale").waitFor();
  await refreshButton(page).click();
  await waitForRefreshes(page, 2);
  await page.getByTestId("stale").waitFor({ state: "detached" });
});

/** The sRGB luminance of a computed CSS colour (rgb() or rgba()). */
function luminanceOf(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number).map((c) => c / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test("in Excel's dark theme the pane is dark, in every state, and axe-core finds nothing", async () => {
  const { page } = await open("320", { officeTheme: DARK_GREY });
  for (const state of STATES) {
    await state.reach(page);
    await settle(page);
    await screenshot(page, `layout-320-dark-${state.name}`);
    const colours = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      main: getComputedStyle(document.querySelector("main")!).color,
    }));
    expect(luminanceOf(colours.body)).toBeLessThan(0.25);
    expect(luminanceOf(colours.main)).toBeGreaterThan(0.7);
    expect([state.name, await axeViolations(page)]).toEqual([state.name, []]);
  }
});

test("the same pane with no Office theme is light (so the test above can fail)", async () => {
  const { page } = await open("320");
  await refreshButton(page).waitFor();
  const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(luminanceOf(body)).toBeGreaterThan(0.9);
});

test("under Windows high contrast the pane wears Fluent's high-contrast theme", async () => {
  const { page } = await open("320", { forcedColors: true });
  await refreshButton(page).waitFor();
  await countRefreshes(page);
  await refreshButton(page).click();
  await waitForRefreshes(page, 1);
  await settle(page);
  await screenshot(page, "layout-320-high-contrast-refreshed");
  expect(await page.evaluate(() => matchMedia("(forced-colors: active)").matches)).toBe(true);
  // The provider carries the high-contrast theme's tokens (its background is not the light theme's).
  const token = (name: string) =>
    page.evaluate(
      (n) =>
        getComputedStyle(document.querySelector(".fui-FluentProvider")!)
          .getPropertyValue(n)
          .trim()
          .toLowerCase(),
      name
    );
  expect(await token("--colorNeutralBackground1")).toBe(
    teamsHighContrastTheme.colorNeutralBackground1.toLowerCase()
  );
  expect(await token("--colorNeutralBackground1")).not.toBe(
    webLightTheme.colorNeutralBackground1.toLowerCase()
  );
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});

test("a required input missing from the workbook is said on the Forecast tab when the pane opens, with a way to it", async () => {
  const model: FakeWorkbookModel = JSON.parse(JSON.stringify(exampleModel));
  const ref = model.names!["SEND_Funding"]!;
  delete model.names!["SEND_Funding"];
  model.names!["Council_Funding_2025"] = ref;
  const { page } = await browser.open({ model, ...SIZES["320"] });
  const notice = page.getByTestId("unmet-inputs");
  await notice.getByText(/SEND_Funding/).waitFor();
  await settle(page);
  await screenshot(page, "layout-320-light-unmet-input");
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
  // Refresh refuses it, listing the problem, and the list fits and passes axe too.
  await refreshButton(page).click();
  await page.getByRole("list", { name: "Problems" }).waitFor();
  await settle(page);
  await screenshot(page, "layout-320-light-problems");
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
  await notice.getByRole("button", { name: "Go to Inputs" }).click();
  await page.getByRole("heading", { name: "Inputs" }).waitFor();
  await page.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Use for SEND_Funding"
  );
  // The workbook as it comes has every required input, and says nothing (so the test above can fail).
  const whole = await open("320");
  await whole.page.getByRole("button", { name: "Add intervention", includeHidden: true }).waitFor({
    state: "attached",
  });
  expect(await whole.page.getByTestId("unmet-inputs").count()).toBe(0);
});
