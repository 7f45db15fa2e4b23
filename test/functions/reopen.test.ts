/**
 * SEND.FORECAST after the workbook is closed and opened again. Each "runtime"
 * is what Excel starts for an opened workbook: a fresh page (no refresh
 * channel on the global object), fresh copies of the pane's and the
 * functions' modules, and Office globals over the document as it was last
 * saved (the fake's toModel(), document settings included). Nothing passes
 * from one runtime to the next except the saved document.
 */
import { readFileSync } from "fs";
import * as path from "path";
import {
  FORECAST_SETTING,
  SAVED_FIGURES_VERSION,
  figuresOf,
  packFigures,
} from "../../src/common/figures";
import { FORECAST_CHANNEL_KEY } from "../../src/common/forecastChannel";
import { runForecast } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { installFakeOffice, type FakeOffice, type FakeWorkbookModel } from "../fakes/excel";
import { fakeModelFromXlsx } from "../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../assets/SEND-Forecaster-Example.xlsx");

/** The Wiltshire report's Total Deficit Balance for 2030/31, £'000 (an oracle outside the code). */
const REPORT_2030_31_DEFICIT = 123385;
/** The report's peak deficit (2027/28), £'000. */
const REPORT_PEAK_DEFICIT = 131282;

let example: FakeWorkbookModel;
beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

type Functions = typeof import("../../src/functions/functions");
type Services = typeof import("../../src/taskpane/officeServices");

interface Runtime {
  fake: FakeOffice;
  functions: Functions;
  services: ReturnType<Services["createOfficeServices"]>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Opens `document` as Excel does when the workbook is opened: a new page and new module copies. */
function open(document: FakeWorkbookModel): Runtime {
  return openWith(document, () => {});
}

/** As open, with a chance to change the Office global before the modules load. */
function openWith(
  document: FakeWorkbookModel,
  adjust: (office: Record<string, unknown>) => void
): Runtime {
  delete (globalThis as Record<string, unknown>)[FORECAST_CHANNEL_KEY];
  const fake = installFakeOffice(
    globalThis,
    JSON.parse(JSON.stringify(document)) as FakeWorkbookModel
  );
  adjust(fake.Office);
  let functions!: Functions;
  let services!: Services;
  jest.isolateModules(() => {
    // The two webpack entries of the shared runtime, each with its own module copies.
    /* eslint-disable @typescript-eslint/no-require-imports */
    functions = require("../../src/functions/functions") as Functions;
    services = require("../../src/taskpane/officeServices") as Services;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return { fake, functions, services: services.createOfficeServices(fake.run as never) };
}

/** A FORECAST cell as Excel calls it: measure, year, scenario (null when omitted), and the streaming handle. */
function cell(runtime: Runtime, measure: string, year: string, scenario: string | null = null) {
  const results: unknown[] = [];
  const invocation = {
    setResult: (v: unknown) => void results.push(v),
  } as CustomFunctions.StreamingInvocation<number | string>;
  runtime.functions.forecast(measure, year, scenario as string, invocation);
  return { results, invocation, last: () => results[results.length - 1] };
}

async function refreshIn(runtime: Runtime): Promise<void> {
  const outcome = await runtime.services.refresh({ bindings: {}, mode: "values" });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  expect(outcome.warnings.filter((w) => w.includes("SEND.FORECAST"))).toEqual([]);
}

const near = (actual: unknown, expected: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(3);

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[FORECAST_CHANNEL_KEY];
});

describe("SEND.FORECAST when the workbook is reopened", () => {
  test("serves the saved refresh's figure at once in a fresh runtime: 2030/31 deficit as in the report, no #N/A first", async () => {
    const first = open(example);
    await settle();
    const before = cell(first, "closing", "2030/31");
    expect(before.last()).toMatchObject({ code: "#N/A" }); // nothing saved yet
    await refreshIn(first);
    near(before.last(), REPORT_2030_31_DEFICIT);
    const saved = first.fake.host.toModel(); // the workbook saved and closed

    const second = open(saved);
    const closing = cell(second, "closing", "2030/31");
    const peak = cell(second, "peakDeficit", "");
    await settle();
    // Only the saved figure is ever sent: the cell waited (#BUSY!) while Office started, rather than showing #N/A.
    expect(closing.results).toHaveLength(1);
    near(closing.results[0], REPORT_2030_31_DEFICIT);
    expect(closing.results[0]).toBe(before.last()); // exactly the figure of the session that saved it
    near(peak.results[0], REPORT_PEAK_DEFICIT);
    // Formulas entered after the start are answered at once.
    expect(cell(second, "balanceYear", "").results).toEqual(["2030/31"]);
    expect(cell(second, "ehcps", "2027/28", "unmitigated").last()).toBeGreaterThan(
      cell(second, "ehcps", "2027/28", "mitigated").last() as number
    );
    // The pane can say which refresh the figures come from.
    const refreshedAt = await second.services.loadSavedForecastTime();
    expect(Date.now() - Date.parse(refreshedAt!)).toBeLessThan(60_000);
  });

  test("a refresh after reopening replaces the saved figure, in the cells and in the workbook", async () => {
    const first = open(example);
    await refreshIn(first);
    const saved = first.fake.host.toModel();
    // Between sessions someone raises the deficit brought forward (SEND_OpeningDeficit) by £1m.
    const inputs = saved.sheets.find((s) => s.name === "Revised Forecast")!;
    const opening = inputs.cells!.B23 as { value: number };
    inputs.cells!.B23 = { ...opening, value: opening.value + 1000 };

    const second = open(saved);
    await settle();
    const c = cell(second, "closing", "2030/31");
    near(c.last(), REPORT_2030_31_DEFICIT); // the last saved refresh's figure, until someone refreshes
    await refreshIn(second);
    near(c.last(), REPORT_2030_31_DEFICIT + 1000);

    const third = open(second.fake.host.toModel());
    await settle();
    near(cell(third, "closing", "2030/31").last(), REPORT_2030_31_DEFICIT + 1000);
  });

  test("when Excel cannot save the figures the refresh still succeeds, with a warning saying so", async () => {
    const runtime = open(example);
    await settle();
    const settings = (
      runtime.fake.Office.context as {
        document: { settings: { saveAsync: (callback: (r: unknown) => void) => void } };
      }
    ).document.settings;
    settings.saveAsync = (callback) =>
      setTimeout(
        () =>
          callback({
            status: "failed",
            error: { code: 5001, name: "Internal Error", message: "the document is read-only" },
          }),
        0
      );
    const outcome = await runtime.services.refresh({ bindings: {}, mode: "values" });
    expect(outcome.ok).toBe(true);
    if (outcome.ok)
      expect(outcome.warnings).toContain(
        "Excel could not save the figures SEND.FORECAST serves when the workbook is reopened: the document is read-only"
      );
    near(cell(runtime, "closing", "2030/31").last(), REPORT_2030_31_DEFICIT); // this session still has them
    expect(runtime.fake.host.savedSettings[FORECAST_SETTING]).toBeUndefined();
  });

  test("if Office is slow to start, cells answer #N/A after 10 s, then the saved figure once it is ready", async () => {
    const first = open(example);
    await refreshIn(first);
    const saved = first.fake.host.toModel();
    jest.useFakeTimers();
    try {
      let ready!: () => void;
      const late = new Promise<void>((resolve) => (ready = resolve));
      const runtime = openWith(saved, (office) => {
        office.onReady = () => late.then(() => ({ host: "Excel", platform: "PC" }));
      });
      const c = cell(runtime, "closing", "2030/31");
      jest.advanceTimersByTime(9_999);
      expect(c.results).toEqual([]); // waiting: Excel shows #BUSY!
      jest.advanceTimersByTime(1);
      expect(c.last()).toMatchObject({
        code: "#N/A",
        message: "Refresh the forecast in the task pane first",
      });
      ready();
      await jest.runAllTimersAsync();
      near(c.last(), REPORT_2030_31_DEFICIT);
    } finally {
      jest.useRealTimers();
    }
  });

  test("a workbook never refreshed asks for a refresh, as before", async () => {
    const runtime = open(example);
    await settle();
    expect(cell(runtime, "closing", "2030/31").last()).toEqual({
      code: "#N/A",
      message: "Refresh the forecast in the task pane first",
    });
  });
});

describe("saved figures that are not this version's are never served", () => {
  const wiltshire = () => {
    const outcome = runForecast(WILTSHIRE);
    if (!outcome.ok) throw new Error("the example should forecast");
    return packFigures(figuresOf(outcome.value, new Date("2025-04-01T09:30:00Z")));
  };
  const reopenWith = async (savedValue: unknown) => {
    const runtime = open({
      ...example,
      settings: { ...example.settings, [FORECAST_SETTING]: savedValue },
    });
    await settle();
    return runtime;
  };

  test("the saved figures themselves are served (the control for the cases below)", async () => {
    const runtime = await reopenWith(wiltshire());
    near(cell(runtime, "closing", "2030/31").last(), REPORT_2030_31_DEFICIT);
    expect(await runtime.services.loadSavedForecastTime()).toBe("2025-04-01T09:30:00.000Z");
  });

  test("a newer format is #N/A asking for a refresh and saying why, not a figure", async () => {
    const runtime = await reopenWith({ ...wiltshire(), v: SAVED_FIGURES_VERSION + 1 });
    const result = cell(runtime, "closing", "2030/31").last() as { code: string; message: string };
    expect(result.code).toBe("#N/A");
    expect(result.message).toMatch(
      /^Refresh the forecast in the task pane first: .*newer version of SEND Forecaster/
    );
    expect(await runtime.services.loadSavedForecastTime()).toBeNull();
  });

  test("an unversioned or garbled value is #N/A with the reason", async () => {
    const { v: _v, ...unversioned } = wiltshire();
    for (const [value, reason] of [
      [unversioned, "not in a format this version of SEND Forecaster reads"],
      ["123385", "not a set of figures"],
    ] as const) {
      const result = cell(await reopenWith(value), "closing", "2030/31").last() as {
        code: string;
        message: string;
      };
      expect(result.code).toBe("#N/A");
      expect(result.message).toContain(reason);
    }
  });

  test("a row that lost a year, or a figure that is not a number, is #N/A: never a figure from the wrong year", async () => {
    const shortRow = wiltshire();
    shortRow.scenarios.mitigated.ledger.closing =
      shortRow.scenarios.mitigated.ledger.closing!.slice(1);
    const textFigure = wiltshire();
    (textFigure.scenarios.mitigated.ledger.closing as unknown[])[7] = "123385";
    for (const value of [shortRow, textFigure]) {
      const result = cell(await reopenWith(value), "closing", "2030/31").last() as {
        code: string;
        message: string;
      };
      expect(result).toMatchObject({ code: "#N/A" });
      expect(result.message).toContain("scenarios.mitigated.ledger.closing: expected 8 figures");
    }
  });
});
