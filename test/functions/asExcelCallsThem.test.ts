/**
 * The custom functions as Excel meets them: built by the real webpack
 * config, described by the generated functions.json, registered by the
 * bundle's own CustomFunctions.associate calls, and called by id with
 * Excel-shaped arguments (ranges as 2-D arrays, omitted optionals as null,
 * dates as serials). Only the functions entry is built: the task pane has its
 * own tests, and this keeps the build to seconds.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vm from "node:vm";
import webpack from "webpack";
import { FORECAST_SETTING, figuresOf, packFigures } from "../../src/common/figures";
import {
  FORECAST_CHANNEL_KEY,
  latestForecast,
  publishForecast,
} from "../../src/common/forecastChannel";
import { runForecast, simulate, type ForecastResult } from "../../src/model";
import { rangeFromValues, readInputs } from "../../src/workbook/contract";
import { WILTSHIRE, WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { DEFICIT_ROWS } from "../../src/workbook/output";
import { createFakeOffice } from "../fakes/excel";
import { EXAMPLE_INPUTS, exampleArguments, withCell, type ExampleInput } from "./exampleArguments";

jest.setTimeout(120_000);

interface ParameterMetadata {
  name: string;
  type?: string;
  dimensionality?: "matrix";
  optional?: boolean;
}
interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  parameters: ParameterMetadata[];
  result: { type?: string; dimensionality?: "matrix" };
  options?: { stream?: boolean };
}

/** Excel's runtime error object, as the fake host provides it. */
class ExcelRuntimeError {
  constructor(
    readonly code: string,
    readonly message?: string
  ) {}
}
const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

type CustomFunction = (...args: unknown[]) => unknown;

let outDir: string;
let metadata: FunctionMetadata[];
const registered = new Map<string, CustomFunction>();
let args: Record<ExampleInput, unknown[][]>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "send-build-"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require("../../webpack.config.js") as (
    env: object,
    argv: { mode: string }
  ) => Promise<webpack.Configuration>;
  // Only functions.js and functions.json are read here; the address is for the manifest a production build insists on.
  const config = await makeConfig(
    { SEND_FORECASTER_URL: "https://addins.example.gov.uk/send-forecaster" },
    { mode: "production" }
  );
  config.mode = "production";
  config.entry = { functions: (config.entry as Record<string, string>).functions };
  config.output = { ...config.output, path: outDir };
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack(config, (err, s) =>
      err || !s ? reject(err ?? new Error("no build stats")) : resolve(s)
    )
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));

  metadata = (
    JSON.parse(readFileSync(join(outDir, "functions.json"), "utf8")) as {
      functions: FunctionMetadata[];
    }
  ).functions;

  // The page's global object: the fake runtime, and the refresh channel the task pane publishes into.
  latestForecast(); // makes the channel on this realm's global, standing in for the pane's bundle
  const page = vm.createContext({
    console,
    CustomFunctions: {
      associate: (id: string, fn: CustomFunction) => registered.set(id, fn),
      Error: ExcelRuntimeError,
      ErrorCode: ERROR_CODES,
    },
    [FORECAST_CHANNEL_KEY]: (globalThis as Record<string, unknown>)[FORECAST_CHANNEL_KEY],
  });
  vm.runInContext(readFileSync(join(outDir, "functions.js"), "utf8"), page, {
    filename: "functions.js",
  });

  args = await exampleArguments();
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Calls a function by its functions.json id, as Excel does, checking the result's shape against the metadata. */
function call(id: string, ...excelArgs: unknown[]): unknown {
  const meta = metadata.find((f) => f.id === id);
  const fn = registered.get(id);
  if (!meta || !fn) throw new Error(`${id} is not both described and registered`);
  expect(excelArgs.length).toBe(meta.parameters.length);
  const result = fn(...excelArgs);
  if (!(result instanceof ExcelRuntimeError)) {
    if (meta.result.dimensionality === "matrix") {
      expect(Array.isArray(result) && (result as unknown[]).every(Array.isArray)).toBe(true);
      const widths = new Set((result as unknown[][]).map((r) => r.length));
      expect(widths.size).toBe(1); // a spill is rectangular
    } else expect(Array.isArray(result)).toBe(false);
    if (meta.result.type === "number")
      expect(
        typeof result === "number" ||
          (result as unknown[][]).flat().every((x) => typeof x === "number")
      ).toBe(true);
  }
  return result;
}

function excelError(result: unknown): ExcelRuntimeError {
  // Excel's own error class, not a look-alike: only then does the cell show #VALUE! with the message.
  expect(result).toBeInstanceOf(ExcelRuntimeError);
  return result as ExcelRuntimeError;
}

const column = (xs: unknown[]): unknown[][] => xs.map((x) => [x]);

describe("functions.json, generated from the JSDoc", () => {
  const expected: Record<
    string,
    { params: string[]; optional: string[]; ranges: string[]; spills: boolean; stream?: boolean }
  > = {
    NETGROWTH: {
      params: ["requests", "noToAssessRate", "noToIssueRate", "ceased", "transfersIn"],
      optional: ["transfersIn"],
      ranges: [],
      spills: false,
    },
    NEWPLANS: {
      params: ["requests", "noToAssessRate", "noToIssueRate"],
      optional: [],
      ranges: [],
      spills: false,
    },
    IMPACT: {
      params: ["base", "share", "targeted", "success"],
      optional: [],
      ranges: [],
      spills: false,
    },
    COSTCHANGE: {
      params: ["activityChange", "share", "unitCost", "inflation", "years"],
      optional: [],
      ranges: [],
      spills: false,
    },
    TARGET: {
      params: ["baselineRange", "interventionsRange", "asOfMonth"],
      optional: ["asOfMonth"],
      ranges: ["baselineRange", "interventionsRange"],
      spills: true,
    },
    TRAJECTORY: {
      params: ["baselineRange", "interventionsRange", "months", "scenario"],
      optional: ["scenario"],
      ranges: ["baselineRange", "interventionsRange"],
      spills: true,
    },
    DEFICIT: {
      params: ["expenditureRange", "fundingRange", "openingDeficit"],
      optional: [],
      ranges: ["expenditureRange", "fundingRange"],
      spills: true,
    },
    BALANCEYEAR: {
      params: ["yearsRange", "inYearRange"],
      optional: [],
      ranges: ["yearsRange", "inYearRange"],
      spills: false,
    },
    ROLLINGAVG: {
      params: ["values", "window"],
      optional: ["window"],
      ranges: ["values"],
      spills: true,
    },
    GOALSEEK: {
      params: [
        "condition",
        "change",
        "baselineRange",
        "interventionsRange",
        "expenditureRange",
        "fundingRange",
        "openingDeficit",
        "settingsRange",
        "costsRange",
        "planActivityRange",
      ],
      optional: ["settingsRange", "costsRange", "planActivityRange"],
      ranges: [
        "baselineRange",
        "interventionsRange",
        "expenditureRange",
        "fundingRange",
        "settingsRange",
        "costsRange",
        "planActivityRange",
      ],
      spills: false,
    },
    SIMULATE: {
      params: [
        "measure",
        "year",
        "draws",
        "seed",
        "baselineRange",
        "interventionsRange",
        "expenditureRange",
        "fundingRange",
        "openingDeficit",
        "settingsRange",
        "costsRange",
        "planActivityRange",
        "uncertaintyRange",
      ],
      optional: ["settingsRange", "costsRange", "planActivityRange", "uncertaintyRange"],
      ranges: [
        "baselineRange",
        "interventionsRange",
        "expenditureRange",
        "fundingRange",
        "settingsRange",
        "costsRange",
        "planActivityRange",
        "uncertaintyRange",
      ],
      spills: false,
    },
    FORECAST: {
      params: ["measure", "year", "scenario"],
      optional: ["scenario"],
      ranges: [],
      spills: false,
      stream: true,
    },
  };

  test("describes exactly the twelve SEND functions, and the bundle registers each of them under the same id", () => {
    expect(metadata.map((f) => f.id).sort()).toEqual(Object.keys(expected).sort());
    expect([...registered.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.keys(expected))(
    "%s: name, parameters, optional flags, ranges, spill and streaming",
    (id) => {
      const meta = metadata.find((f) => f.id === id)!;
      const want = expected[id];
      expect(meta.name).toBe(id);
      expect(meta.description.length).toBeGreaterThan(20); // the help text Excel shows
      expect(meta.parameters.map((p) => p.name)).toEqual(want.params);
      expect(meta.parameters.filter((p) => p.optional).map((p) => p.name)).toEqual(want.optional);
      expect(
        meta.parameters.filter((p) => p.dimensionality === "matrix").map((p) => p.name)
      ).toEqual(want.ranges);
      expect(meta.result.dimensionality === "matrix").toBe(want.spills);
      expect(meta.options?.stream === true).toBe(want.stream === true);
    }
  );
});

describe("called by id with Excel's arguments", () => {
  test("NETGROWTH: 636.37 a year for 97 requests, 12%, 3.9% and 29 ceased (transfers omitted: null)", () => {
    expect(call("NETGROWTH", 97, 0.12, 0.039, 29, null)).toBeCloseTo(636.37, 2);
    expect(call("NETGROWTH", 97, 0.12, 0.039, 29, 2)).toBeCloseTo(636.37 + 24, 2);
  });

  test("NEWPLANS and IMPACT: 82.03 new plans a month; Pre-DaD1's impact 7.76", () => {
    expect(call("NEWPLANS", 97, 0.12, 0.039)).toBeCloseTo(82.03, 2);
    expect(call("IMPACT", 97, 0.32, 0.5, 0.5)).toBeCloseTo(7.76, 10);
  });

  test("COSTCHANGE: 10 more INMSS placements at £35,560, 3% a year, 2 years on cost 377.256 (£'000)", () => {
    expect(call("COSTCHANGE", 10, 1, 35560, 0.03, 2)).toBeCloseTo(377.25604, 8);
  });

  test("a bad argument is Excel's #VALUE! error carrying the argument and the reason, not a throw or NaN", () => {
    const error = excelError(call("NETGROWTH", 97, 12, 0.039, 29, null));
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toMatch(/^noToAssessRate: expected a rate between 0 and 1.*found 12$/);
    expect(excelError(call("IMPACT", "tbc", 0.32, 0.5, 0.5)).message).toBe(
      "base: expected a number, found text 'tbc'"
    );
  });

  test("TARGET spills the header and Wiltshire's target system (growth 36.3 a year); asOfMonth is a date serial", () => {
    const [header, figures] = call("TARGET", args.SEND_Baseline, args.SEND_Interventions, null) as [
      string[],
      number[],
    ];
    expect(header).toEqual([
      "Requests",
      "No to assess",
      "No to issue",
      "Ceased",
      "Net annual growth",
    ]);
    expect(figures[0]).toBeCloseTo(66, 10);
    expect(figures[4]).toBeCloseTo(36.3, 1);
    const [, beforeAny] = call("TARGET", args.SEND_Baseline, args.SEND_Interventions, 45658) as [
      string[],
      number[],
    ]; // January 2025
    expect(beforeAny[4]).toBeCloseTo(636.37, 2);
  });

  test("TARGET with a bad cell in a range: #VALUE! naming the range argument and the cell", () => {
    const error = excelError(
      call("TARGET", withCell(args.SEND_Baseline, 1, 1, "twelve"), args.SEND_Interventions, null)
    );
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toContain("baselineRange!B2: expected a rate between 0 and 1");
  });

  test("TRAJECTORY spills [month as a date serial, EHCPs]; the scenario defaults to mitigated", () => {
    const unmitigated = call(
      "TRAJECTORY",
      args.SEND_Baseline,
      args.SEND_Interventions,
      12,
      "unmitigated"
    ) as number[][];
    expect(unmitigated.map((r) => r[0]).slice(0, 3)).toEqual([45658, 45689, 45717]); // Jan, Feb, Mar 2025
    expect(unmitigated[11][1]).toBeCloseTo(6354 + 636.37, 1);
    const byDefault = call(
      "TRAJECTORY",
      args.SEND_Baseline,
      args.SEND_Interventions,
      12,
      null
    ) as number[][];
    const mitigated = call(
      "TRAJECTORY",
      args.SEND_Baseline,
      args.SEND_Interventions,
      12,
      "Mitigated"
    ) as number[][];
    expect(byDefault).toEqual(mitigated);
    expect(mitigated[11][1]).toBeLessThan(unmitigated[11][1]);
  });

  test("DEFICIT spills the report's revised forecast; BALANCEYEAR over its rows gives 2030/31", () => {
    const table = call(
      "DEFICIT",
      args.SEND_Expenditure,
      args.SEND_Funding,
      args.SEND_OpeningDeficit[0][0]
    ) as unknown[][];
    expect(table[0]).toEqual(["Provision", ...WILTSHIRE_YEARS]);
    const row = (label: string) => table.find((r) => r[0] === label)!.slice(1) as number[];
    row(DEFICIT_ROWS.closing).forEach((x, k) =>
      expect(Math.abs(x - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    // As a sheet would: the year labels and the in-year row of the spill, passed as ranges.
    expect(call("BALANCEYEAR", [table[0].slice(1)], [row(DEFICIT_ROWS.inYear)])).toBe("2030/31");
  });

  test("DEFICIT with text in a funding cell: #VALUE! with the argument, the cell and what was found", () => {
    const error = excelError(
      call("DEFICIT", args.SEND_Expenditure, withCell(args.SEND_Funding, 1, 2, "tbc"), 35214)
    );
    expect(error.message).toContain("fundingRange!C2: expected a number, found text 'tbc'");
  });

  test("BALANCEYEAR when no year balances is #N/A with a message", () => {
    const error = excelError(
      call("BALANCEYEAR", column(WILTSHIRE_YEARS), column(WILTSHIRE_PUBLISHED.inYear.map(Math.abs)))
    );
    expect(error.code).toBe("#N/A");
    expect(error.message).toContain("no year balances");
  });

  test("ROLLINGAVG spills a column for a column; window omitted (null) is twelve months", () => {
    const months = Array.from({ length: 13 }, (_, k) => k + 1);
    const result = call("ROLLINGAVG", column([...months, ""]), null) as number[][];
    expect(result).toHaveLength(13);
    expect(result[11][0]).toBeCloseTo(6.5, 10);
    expect(result[12][0]).toBeCloseTo(7.5, 10);
  });

  test("SIMULATE with the optional ranges omitted (null): the model's Monte Carlo of the same input; a bad measure is Excel's #VALUE!", () => {
    const inputs = [
      args.SEND_Baseline,
      args.SEND_Interventions,
      args.SEND_Expenditure,
      args.SEND_Funding,
      args.SEND_OpeningDeficit[0][0],
    ];
    const read = readInputs({
      ranges: Object.fromEntries(
        EXAMPLE_INPUTS.map((name) => [name, rangeFromValues(name, args[name])])
      ),
      names: [],
      outputSheet: "absent",
      bindings: {},
    });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const sim = simulate(read.input, { draws: 200, seed: 3 });
    if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
    const year = sim.value.years.find((y) => y.year === "2028/29")!;
    expect(
      call("SIMULATE", "closingP90", "2028/29", 200, 3, ...inputs, null, null, null, null)
    ).toBe(year.closing.p90);
    const error = excelError(
      call("SIMULATE", "median", "2028/29", 200, 3, ...inputs, null, null, null, null)
    );
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toMatch(/^measure: expected one of closingP10/);
  });
});

describe("FORECAST, streaming from the task pane's refreshes", () => {
  const results = (): {
    results: unknown[];
    invocation: { setResult: (v: unknown) => void; onCanceled?: () => void };
  } => {
    const r: unknown[] = [];
    return { results: r, invocation: { setResult: (v) => void r.push(v) } };
  };
  const wiltshire = (): ForecastResult => {
    const outcome = runForecast(WILTSHIRE);
    if (!outcome.ok) throw new Error("the Wiltshire example should forecast");
    return outcome.value;
  };

  test("#N/A until the first refresh, then the figure, then each later refresh's figure", () => {
    const cell = results();
    const fn = registered.get("FORECAST")!;
    fn("closing", "2024/25", null, cell.invocation);
    expect(cell.results).toHaveLength(1);
    const first = excelError(cell.results[0]);
    expect(first.code).toBe("#N/A");
    expect(first.message).toBe("Refresh the forecast in the task pane first");

    publishForecast(wiltshire()); // the task pane's copy of the module, this realm
    expect(cell.results).toHaveLength(2);
    expect(
      Math.abs((cell.results[1] as number) - WILTSHIRE_PUBLISHED.closing[1])
    ).toBeLessThanOrEqual(3);

    const worse = runForecast({ ...WILTSHIRE, openingDeficit: WILTSHIRE.openingDeficit + 500 });
    if (!worse.ok) throw new Error("should forecast");
    publishForecast(worse.value);
    expect(cell.results).toHaveLength(3);
    expect((cell.results[2] as number) - (cell.results[1] as number)).toBeCloseTo(500, 6);

    cell.invocation.onCanceled!(); // the formula is deleted
    publishForecast(wiltshire());
    expect(cell.results).toHaveLength(3);
  });

  test("a bad measure is #VALUE! at once, and stays an error after refreshes", () => {
    const cell = results();
    registered.get("FORECAST")!("surplus", "2024/25", null, cell.invocation);
    publishForecast(wiltshire());
    expect(cell.results.length).toBeGreaterThanOrEqual(1);
    for (const r of cell.results) expect(excelError(r).code).toBe("#VALUE!");
    cell.invocation.onCanceled!();
  });
});

describe("FORECAST in a reopened workbook, from the built bundle", () => {
  /** A fresh page for a workbook whose document settings hold `settings`: the bundle loaded anew, its own channel. */
  async function reopen(settings: Record<string, unknown>): Promise<Map<string, CustomFunction>> {
    const fns = new Map<string, CustomFunction>();
    const office = createFakeOffice({ sheets: [{ name: "Sheet1" }], settings });
    const page = vm.createContext({
      console,
      setTimeout,
      clearTimeout,
      Office: office.Office,
      CustomFunctions: {
        associate: (id: string, fn: CustomFunction) => fns.set(id, fn),
        Error: ExcelRuntimeError,
        ErrorCode: ERROR_CODES,
      },
    });
    vm.runInContext(readFileSync(join(outDir, "functions.js"), "utf8"), page, {
      filename: "functions.js",
    });
    await new Promise((resolve) => setTimeout(resolve, 0)); // Office.onReady
    return fns;
  }
  const ask = (fns: Map<string, CustomFunction>, ...excelArgs: unknown[]): unknown => {
    const r: unknown[] = [];
    fns.get("FORECAST")!(...excelArgs, { setResult: (v: unknown) => void r.push(v) });
    return r[r.length - 1];
  };

  test("serves the saved figures as soon as the runtime starts: the report's 2030/31 deficit and balance year", async () => {
    const outcome = runForecast(WILTSHIRE);
    if (!outcome.ok) throw new Error("the Wiltshire example should forecast");
    const fns = await reopen({ [FORECAST_SETTING]: packFigures(figuresOf(outcome.value)) });
    expect(Math.abs((ask(fns, "closing", "2030/31", null) as number) - 123385)).toBeLessThanOrEqual(
      3
    );
    expect(ask(fns, "balanceYear", "", null)).toBe("2030/31");
  });

  test("a saved value in another format is Excel's #N/A with the reason, not a figure", async () => {
    const fns = await reopen({ [FORECAST_SETTING]: { v: 99, years: ["2030/31"] } });
    const error = excelError(ask(fns, "closing", "2030/31", null));
    expect(error.code).toBe("#N/A");
    expect(error.message).toContain("newer version of SEND Forecaster");
  });
});

describe("the built page and bundle", () => {
  test("taskpane.html: the CSP, office.js from Microsoft's CDN, the functions script, no inline script", () => {
    const html = readFileSync(join(outDir, "taskpane.html"), "utf8");
    const csp = /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(
      scripts.some((s) => s.includes("https://appsforoffice.microsoft.com/lib/1/hosted/office.js"))
    ).toBe(true);
    expect(scripts.some((s) => /src="?functions\.js/.test(s))).toBe(true);
    for (const s of scripts) expect(s).toMatch(/<script\b[^>]*\bsrc=[^>]*><\/script>/);
  });

  test("the bundle needs no eval (the CSP forbids it): its source map is a separate file", () => {
    const js = readFileSync(join(outDir, "functions.js"), "utf8");
    expect(js).not.toMatch(/\beval\(/);
    expect(js).not.toContain("new Function(");
    expect(js).toContain("//# sourceMappingURL=functions.js.map");
    expect(
      JSON.parse(readFileSync(join(outDir, "functions.js.map"), "utf8")).sources.some((s: string) =>
        s.includes("src/functions/functions.ts")
      )
    ).toBe(true);
  });

  test("the manifest and the icons are copied beside the page", () => {
    expect(readFileSync(join(outDir, "manifest.xml"), "utf8")).toContain(
      "<Permissions>ReadWriteDocument</Permissions>"
    );
    for (const size of [16, 32, 64, 80, 128])
      expect(
        readFileSync(join(outDir, "assets", `icon-${size}.png`))
          .subarray(1, 4)
          .toString()
      ).toBe("PNG");
  });
});
