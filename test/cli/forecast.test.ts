import { execFile, execFileSync, spawn as spawnChild } from "child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "fs";
import * as path from "path";
import { promisify } from "util";
import type ExcelJS from "exceljs";
import { defaultOutputName } from "../../src/cli/forecast";
import { WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { SPOILS, spoiledExample, withCostsSheet, withoutCosts } from "../fixtures/bad-workbooks";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { runForecast } from "../../src/model";
import { EXAMPLE, sha256, tempDir } from "../fixtures/xlsx-files";
import { runInProcess, type CliRun } from "./inProcess";
import { buildExampleWorkbook } from "../../scripts/build-example-workbook";

const ROOT = path.join(__dirname, "..", "..");
/** The built program, as `npm run forecast`, `npx send-forecast` and package.json's bin run it. */
const BUILT = path.join(ROOT, "build", "cli", "forecast.js");

type Run = CliRun;

/** A real process: its exit status and both streams, whatever the status. */
async function spawn(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {}
): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === "number" ? err.code : -1,
      stdout: err.stdout ?? "",
      stderr: err.stderr ?? "",
    };
  }
}

/** The command as a user runs it: the built program in a separate Node process. */
async function runChild(args: string[], cwd: string): Promise<Run> {
  return spawn(process.execPath, [BUILT, ...args], cwd, { INIT_CWD: cwd });
}

// The child processes run the program as built from the source under test.
beforeAll(async () => {
  await promisify(execFile)("npm", ["run", "--silent", "build:cli"], { cwd: ROOT });
}, 120_000);

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

describe("npm run forecast on the bundled example", () => {
  test("prints Wiltshire's revised deficit table, balance year 2030/31 and both conditions, and writes a copy beside the user", async () => {
    const before = sha256(EXAMPLE);
    const run = await runChild([], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const header = lines.find((l) => l.startsWith("£'000"))!;
    expect(header.split(/\s{2,}/).slice(1)).toEqual(WILTSHIRE_YEARS);
    const row = (label: string): number[] =>
      lines
        .find((l) => l.startsWith(label))!
        .slice(label.length)
        .trim()
        .split(/\s+/)
        .map((v) => Number(v.replace(/,/g, "")));
    row("Total Deficit Balance").forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    row("In Year Surplus (-)/Deficit (+)").forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    expect(lines.some((l) => l.startsWith("Total Expenditure"))).toBe(true);
    expect(run.stdout).toContain("Balance year: 2030/31");
    expect(run.stdout).toMatch(
      /In-year balance from 2028\/29: FAIL \(2028\/29 in-year deficit 5,119\)/
    );
    expect(run.stdout).toMatch(
      /Deficit within the cap of 84,500 in 2024\/25: PASS \(deficit 66,23\d\)/
    );
    expect(readdirSync(dir)).toEqual(["SEND-Forecaster-Example-forecast.xlsx"]);
    expect(sha256(EXAMPLE)).toBe(before);
  }, 60_000);

  test("--json prints one object with the documented keys and nothing else", async () => {
    const run = await runChild(["--json", "--out", "out.xlsx"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual([
      "ok",
      "years",
      "lines",
      "ledger",
      "balanceYear",
      "residualDeficit",
      "peakYear",
      "peakDeficit",
      "conditions",
      "conditionsAbsent",
      "settings",
      "ledgers",
      "baseline",
      "target",
      "scenarios",
      "interventionValues",
      "originalPlan",
      "warnings",
      "written",
      "dropped",
      "sensitivity",
    ]);
    expect(json.ok).toBe(true);
    expect(json.years).toEqual(WILTSHIRE_YEARS);
    expect(Object.keys(json.lines)).toHaveLength(9);
    expect(Object.keys(json.ledger)).toEqual([
      "expenditure",
      "highNeedsBlock",
      "blockTransfer",
      "inYear",
      "otherBlocks",
      "safetyValve",
      "opening",
      "closing",
    ]);
    expect(json.ledger.opening[0]).toBe(35214);
    expect(json.balanceYear).toBe("2030/31");
    expect(json.peakYear).toBe("2027/28");
    expect(Math.abs(json.peakDeficit - 131282)).toBeLessThanOrEqual(3);
    expect(
      json.conditions.map((c: { id: string; pass: boolean; year: string }) => [
        c.id,
        c.pass,
        c.year,
      ])
    ).toEqual([
      ["inYearBalance", false, "2028/29"],
      ["deficitCap", true, "2024/25"],
    ]);
    expect(Object.keys(json.conditions[0])).toEqual(["id", "pass", "year", "value"]);
    expect(Object.keys(json.baseline)).toEqual([
      "requests",
      "noToAssessRate",
      "noToIssueRate",
      "ceased",
      "netAnnualGrowth",
    ]);
    // Unrounded: 97 × 0.88 × 0.961 − 29, twelve times, is 636.37152.
    expect(json.baseline.netAnnualGrowth).toBeCloseTo(636.37152, 8);
    expect(json.target).toMatchObject({
      month: "2026-04",
      requests: 66,
      noToAssessRate: 0.25,
      noToIssueRate: 0.05,
      ceased: 44,
    });
    expect(json.target.netAnnualGrowth).toBeCloseTo(36.3, 8);
    expect(Object.keys(json.scenarios)).toEqual(["unmitigated", "mitigated", "riskAdjusted"]);
    for (const s of Object.values(json.scenarios) as {
      months: string[];
      ehcps: number[];
      inmss: number[];
    }[]) {
      expect(s.months[0]).toBe("2025-01");
      expect(s.ehcps).toHaveLength(s.months.length);
      expect(s.inmss).toHaveLength(s.months.length);
    }
    // Each warning keeps its code and the cell it is about: here the sheet's own Total Expenditure row.
    expect(json.warnings).toHaveLength(4);
    expect(json.warnings[0]).toEqual({
      code: "reconciliation",
      field: "SEND_Expenditure",
      sheet: "Revised Forecast",
      cell: "C15",
      message:
        "Total Expenditure 2024/25: the supplied lines add up to 122,173, +1 against the supplied 122,172.",
    });
    expect(json.warnings.map((w: { code: string; cell: string }) => [w.code, w.cell])).toEqual([
      ["reconciliation", "C15"],
      ["reconciliation", "D15"],
      ["reconciliation", "H15"],
      ["reconciliation", "I15"],
    ]);
    expect(json.written).toBe(path.join(dir, "out.xlsx"));
    expect(existsSync(path.join(dir, "out.xlsx"))).toBe(true);
  }, 60_000);
});

describe("bad input: exit 2, every problem as NAME!CELL: message, nothing written, input untouched", () => {
  const expected: Record<keyof typeof SPOILS, string> = {
    "a missing required name":
      "SEND_OpeningDeficit: expected a named range or table called SEND_OpeningDeficit, holding the deficit brought forward into the first year (£'000); none found",
    "text in a number cell":
      "SEND_Expenditure!C7: expected a number, found text 'tbc' (sheet 'Revised Forecast')",
    "an #N/A cell":
      "SEND_Funding!D18: expected a number, found the error #N/A (sheet 'Revised Forecast')",
    "a rate typed as 12":
      "SEND_Baseline!B6: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12 (sheet 'Demand Baseline')",
    "a year column missing in SEND_Funding":
      "SEND_Funding!A17:H17: expected a column for 2030/31, as in SEND_Expenditure; found 2023/24, 2024/25, 2025/26, 2026/27, 2027/28, 2028/29 and 2029/30 (sheet 'Revised Forecast')",
    "a duplicate expenditure label":
      "SEND_Expenditure!A10: expected each provision label once, found 'Special Schools' again (first at A8) (sheet 'Revised Forecast')",
    "an output sheet name used by a sheet that is not the add-in's":
      "SEND Forecast: a sheet of this name exists and is not the add-in's; rename it or delete it",
    "a cost method that is neither Total nor Change":
      "SEND_Costs!G2: expected one of Total, Change, found text 'Totl' (sheet 'Costs')",
    "a plan activity row that is not EHCPs or INMSS":
      "SEND_PlanActivity!A7: expected one of EHCPs, INMSS, found text 'Pupils' (sheet 'Costs')",
    "a negative plan activity figure":
      "SEND_PlanActivity!F6: expected a count of 0 or more, found -7150 (sheet 'Costs')",
    "a plan activity figure missing for a year a Change line prices":
      "SEND_PlanActivity!E6: expected the plan's average EHCPs for 2026/27, for the Change line 'Special Schools'; found none (sheet 'Costs')",
    "a table of the user's under an output table's name":
      "SEND_OutDeficit: the workbook already has a table of this name (Settings!E2:E3), which the add-in uses for its output on 'SEND Forecast'; rename yours, then refresh",
  };

  test.each(Object.keys(SPOILS))("%s", async (spoil) => {
    const input = path.join(dir, "council.xlsx");
    writeFileSync(input, await spoiledExample(SPOILS[spoil]));
    const before = sha256(input);
    const run = await runInProcess([input], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${expected[spoil]}\n`);
    expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    expect(sha256(input)).toBe(before);
  });

  test("several problems at once are all listed, one a line, by the command itself", async () => {
    const input = path.join(dir, "council.xlsx");
    writeFileSync(
      input,
      await spoiledExample(
        SPOILS["text in a number cell"],
        SPOILS["an #N/A cell"],
        SPOILS["a rate typed as 12"],
        SPOILS["an output sheet name used by a sheet that is not the add-in's"]
      )
    );
    const before = sha256(input);
    const run = await runChild(["council.xlsx"], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n").sort()).toEqual(
      [
        expected["text in a number cell"],
        expected["an #N/A cell"],
        expected["a rate typed as 12"],
        expected["an output sheet name used by a sheet that is not the add-in's"],
      ].sort()
    );
    expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    expect(sha256(input)).toBe(before);
  }, 60_000);

  test.each(Object.keys(SPOILS))(
    "with --json, %s: stdout is one object with the problem's field, sheet and cell, stderr the same line as without",
    async (spoil) => {
      const input = path.join(dir, "council.xlsx");
      writeFileSync(input, await spoiledExample(SPOILS[spoil]));
      const run = await runInProcess([input, "--json"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${expected[spoil]}\n`);
      const json = JSON.parse(run.stdout);
      expect(Object.keys(json)).toEqual(["ok", "problems", "warnings"]);
      expect(json.ok).toBe(false);
      expect(json.problems).toHaveLength(1);
      expect(json.warnings).toEqual([]);
      const [p] = json.problems;
      expect(Object.keys(p)).toEqual(["field", "sheet", "cell", "message"]);
      const sheet = p.sheet === "" || p.message.includes(p.sheet) ? "" : ` (sheet '${p.sheet}')`;
      expect(
        p.cell === ""
          ? `${p.field}: ${p.message}${sheet}`
          : `${p.field}!${p.cell}: ${p.message}${sheet}`
      ).toBe(expected[spoil]);
      expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    }
  );

  test("a problem's sheet is the worksheet its cell is on", async () => {
    const input = path.join(dir, "council.xlsx");
    writeFileSync(
      input,
      await spoiledExample(SPOILS["text in a number cell"], SPOILS["a rate typed as 12"])
    );
    const run = await runInProcess([input, "--json"], dir);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).problems).toEqual([
      {
        field: "SEND_Baseline",
        sheet: "Demand Baseline",
        cell: "B6",
        message: "expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12",
      },
      {
        field: "SEND_Expenditure",
        sheet: "Revised Forecast",
        cell: "C7",
        message: "expected a number, found text 'tbc'",
      },
    ]);
  });
});

describe("warnings in JSON keep their code and cell", () => {
  test("a key the settings do not know is ignored with an unknownKey warning at its cell, after the model's reconciliation warnings' inputs", async () => {
    const input = path.join(dir, "council.xlsx");
    const unknownSetting = (wb: ExcelJS.Workbook): void => {
      wb.getWorksheet("Settings")!.getCell("A9").value = "Reviewer";
      wb.getWorksheet("Settings")!.getCell("B9").value = "J Smith";
      wb.definedNames.model = [
        ...wb.definedNames.model.filter((n) => n.name !== "SEND_Settings"),
        { name: "SEND_Settings", ranges: ["Settings!$A$5:$B$9"] },
      ];
    };
    writeFileSync(input, await spoiledExample(unknownSetting));
    const run = await runInProcess([input, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const { warnings } = JSON.parse(run.stdout);
    expect(warnings[0]).toEqual({
      code: "unknownKey",
      field: "SEND_Settings",
      sheet: "Settings",
      cell: "A9",
      message: expect.stringMatching(/^'Reviewer' is not one of the .*; ignored$/),
    });
    expect(warnings.slice(1).map((w: { code: string }) => w.code)).toEqual([
      "reconciliation",
      "reconciliation",
      "reconciliation",
      "reconciliation",
    ]);
    // The text report shows the same warning as a line, NAME!CELL: message.
    const text = await runInProcess([input, "--no-write"], dir);
    expect(text.stdout).toContain(`  SEND_Settings!A9: ${warnings[0].message}\n`);
  });
});

describe("--json gives every scenario's ledger", () => {
  interface LedgerJson {
    lines: Record<string, number[]>;
    inYear: number[];
    closing: number[];
    balanceYear: string | null;
    residualDeficit: number | null;
    peakYear: string;
    peakDeficit: number;
    conditions: { id: string; pass: boolean; year: string; value: number }[];
  }

  test("on the example, without cost lines, the three ledgers are the supplied table and the mitigated one is the top level's", async () => {
    const input = path.join(dir, "supplied.xlsx");
    writeFileSync(input, await spoiledExample(withoutCosts));
    const run = await runInProcess([input, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json.ledgers)).toEqual(["unmitigated", "mitigated", "riskAdjusted"]);
    const m: LedgerJson = json.ledgers.mitigated;
    expect(Object.keys(m)).toEqual([
      "lines",
      "expenditure",
      "inYear",
      "opening",
      "closing",
      "balanceYear",
      "residualDeficit",
      "peakYear",
      "peakDeficit",
      "conditions",
      "yearly",
    ]);
    expect(m.closing).toEqual(json.ledger.closing);
    expect(m.lines).toEqual(json.lines);
    expect([m.balanceYear, m.residualDeficit, m.peakYear, m.peakDeficit]).toEqual([
      json.balanceYear,
      json.residualDeficit,
      json.peakYear,
      json.peakDeficit,
    ]);
    expect(m.conditions).toEqual(json.conditions);
    for (const id of ["unmitigated", "riskAdjusted"])
      expect(json.ledgers[id].closing).toEqual(m.closing);
  });

  test("with a Change line and the plan's activity in the workbook, each scenario is priced against the plan", async () => {
    const listed = runForecast(WILTSHIRE);
    if (!listed.ok) throw new Error("the example does not run");
    const averages = WILTSHIRE.years.map(
      (y) => listed.value.scenarios.mitigated.years.find((s) => s.year === y)?.averageEhcps ?? null
    );
    const input = path.join(dir, "council.xlsx");
    writeFileSync(input, await spoiledExample(withCostsSheet("Change", [["EHCPs", averages]])));
    const run = await runInProcess([input, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.warnings.map((w: { code: string }) => w.code)).not.toContain("planActivityMissing");
    const u: LedgerJson = json.ledgers.unmitigated;
    const m: LedgerJson = json.ledgers.mitigated;
    // The plan is the mitigated run: the report's table, ±3.
    m.closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    // Unmitigated: the Special Schools line moves by (its average EHCPs − the plan's) × 0.3 × £25,000 × 1.03^(y − 2024) / 1000.
    const un = listed.value.scenarios.unmitigated.years;
    WILTSHIRE_YEARS.forEach((year, k) => {
      const a = un.find((s) => s.year === year)?.averageEhcps;
      const supplied = WILTSHIRE.expenditure[2].values[k];
      const expected =
        a === undefined
          ? supplied
          : supplied + ((a - averages[k]!) * 0.3 * 25000 * 1.03 ** (k - 1)) / 1000;
      expect(u.lines["Special Schools"][k]).toBeCloseTo(expected, 6);
    });
    expect(u.closing[7]).toBeGreaterThan(m.closing[7]);
    expect(u.balanceYear).toBeNull();
    expect(u.conditions[0]).toMatchObject({ id: "inYearBalance", pass: false, year: "2028/29" });
  });

  test("the bundled example prices its levers: as listed, the report's table (±3); Early Years ESA paused, the mitigated deficit rises by the extra EHCPs × £10,150 with 3% a year from 2025/26", async () => {
    const asListed = await runInProcess([EXAMPLE, "--json", "--no-write"], dir);
    expect(asListed.code).toBe(0);
    const listedJson = JSON.parse(asListed.stdout);
    expect(listedJson.warnings.map((w: { code: string }) => w.code)).not.toContain(
      "planActivityMissing"
    );
    const m: LedgerJson = listedJson.ledgers.mitigated;
    m.inYear.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    m.closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );

    // Early Years ESA is the third row of the Interventions table; its Status is column F.
    const input = path.join(dir, "paused.xlsx");
    writeFileSync(
      input,
      await spoiledExample((wb) => {
        const sheet = wb.getWorksheet("Interventions")!;
        expect(sheet.getCell("A7").value).toBe("Early Years ESA");
        sheet.getCell("F7").value = "Pause";
      })
    );
    const pausedRun = await runInProcess([input, "--json", "--no-write"], dir);
    expect(pausedRun.code).toBe(0);
    const p: LedgerJson = JSON.parse(pausedRun.stdout).ledgers.mitigated;

    // The rise in average EHCPs, from the model's yearly summaries of the two inputs.
    const averages = (input: typeof WILTSHIRE): (number | undefined)[] => {
      const r = runForecast(input);
      if (!r.ok) throw new Error("the example does not run");
      return WILTSHIRE_YEARS.map(
        (y) => r.value.scenarios.mitigated.years.find((s) => s.year === y)?.averageEhcps
      );
    };
    const before = averages(WILTSHIRE);
    const after = averages({
      ...WILTSHIRE,
      interventions: WILTSHIRE.interventions!.map((iv) =>
        iv.name === "Early Years ESA" ? { ...iv, status: "Pause" } : iv
      ),
    });
    let moved = 0;
    WILTSHIRE_YEARS.forEach((year, k) => {
      const first = Number(year.slice(0, 4));
      const extra = before[k] === undefined ? 0 : after[k]! - before[k]!;
      const rise = (extra * 10150 * 1.03 ** (first - 2024)) / 1000;
      moved += rise;
      expect(p.inYear[k] - m.inYear[k]).toBeCloseTo(rise, 6);
      expect(p.closing[k] - m.closing[k]).toBeCloseTo(moved, 6);
      if (first < 2025) expect(p.closing[k]).toBe(m.closing[k]);
      else expect(p.closing[k]).toBeGreaterThan(m.closing[k]);
    });
    expect(Math.round(moved)).toBe(26576);
  });

  test("a Change line without the plan's activity reproduces the table and warns at its Method cell", async () => {
    const input = path.join(dir, "council.xlsx");
    writeFileSync(input, await spoiledExample(withCostsSheet("Change")));
    const run = await runInProcess([input, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const plain = JSON.parse((await runInProcess([EXAMPLE, "--json", "--no-write"], dir)).stdout);
    expect(json.ledger).toEqual(plain.ledger);
    expect(json.warnings.find((w: { code: string }) => w.code === "planActivityMissing")).toEqual({
      code: "planActivityMissing",
      field: "SEND_Costs",
      sheet: "Costs",
      cell: "G2",
      message: expect.stringMatching(/priced only once the plan's activity is recorded\.$/),
    });
  });
});

describe("--no-write computes and reports, and writes nothing", () => {
  test("the text report is the same but for its last line, which says nothing was written", async () => {
    const written = await runInProcess([], dir);
    const files = readdirSync(dir);
    const notWritten = await runInProcess(["--no-write"], dir);
    expect(notWritten.code).toBe(0);
    expect(notWritten.stderr).toBe("");
    expect(notWritten.stdout).not.toContain("Written to");
    expect(notWritten.stdout.endsWith("\nNothing written (--no-write).\n")).toBe(true);
    expect(notWritten.stdout.replace("Nothing written (--no-write).", "")).toBe(
      written.stdout.replace(
        "Written to SEND-Forecaster-Example-forecast.xlsx (sheet 'SEND Forecast').",
        ""
      )
    );
    expect(readdirSync(dir)).toEqual(files);
  });

  test("with --json, written is null and no file appears", async () => {
    const input = path.join(dir, "council.xlsx");
    copyFileSync(EXAMPLE, input);
    const before = sha256(input);
    const run = await runChild(["council.xlsx", "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout);
    expect(json.ok).toBe(true);
    expect(json.written).toBeNull();
    expect(json.balanceYear).toBe("2030/31");
    expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    expect(sha256(input)).toBe(before);
  }, 60_000);

  test("--out with --no-write is refused, exit 1", async () => {
    const run = await runInProcess(["--no-write", "--out", "x.xlsx"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^--out and --no-write together: --no-write writes no copy\n\nUsage:/
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("every documented form gives JSON on stdout, run as a user runs it", () => {
  type Form = { name: string; run: (args: string[], cwd: string) => Promise<Run> };
  // npx and npm run work from the clone (here its root); paths are absolute so nothing is written there.
  const forms: Form[] = [
    {
      name: "node build/cli/forecast.js",
      run: (args, cwd) => spawn(process.execPath, [BUILT, ...args], cwd),
    },
    // Offline: npx must find the clone's own send-forecast, never look for a package of that name.
    {
      name: "npx send-forecast",
      run: (args) => spawn("npx", ["send-forecast", ...args], ROOT, { npm_config_offline: "true" }),
    },
    {
      name: "npm run --silent forecast --",
      run: (args) => spawn("npm", ["run", "--silent", "forecast", "--", ...args], ROOT),
    },
  ];

  test.each(forms.map((f) => [f.name, f] as const))(
    "%s … --json on the example: the results, the copy written where --out says",
    async (_, form) => {
      const out = path.join(dir, "out.xlsx");
      const run = await form.run([EXAMPLE, "--json", "--out", out], dir);
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json.ok).toBe(true);
      expect(json.years).toEqual(WILTSHIRE_YEARS);
      expect(json.balanceYear).toBe("2030/31");
      expect(json.warnings[0]).toMatchObject({
        code: "reconciliation",
        sheet: "Revised Forecast",
        cell: "C15",
      });
      expect(json.written).toBe(out);
      expect(readdirSync(dir)).toEqual(["out.xlsx"]);
    },
    60_000
  );

  test.each(forms.map((f) => [f.name, f] as const))(
    "%s … --json on a bad workbook: exit 2, one object with every problem",
    async (_, form) => {
      const input = path.join(dir, "council.xlsx");
      writeFileSync(
        input,
        await spoiledExample(SPOILS["text in a number cell"], SPOILS["an #N/A cell"])
      );
      const run = await form.run([input, "--json", "--out", path.join(dir, "out.xlsx")], dir);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({
        ok: false,
        problems: [
          {
            field: "SEND_Expenditure",
            sheet: "Revised Forecast",
            cell: "C7",
            message: "expected a number, found text 'tbc'",
          },
          {
            field: "SEND_Funding",
            sheet: "Revised Forecast",
            cell: "D18",
            message: "expected a number, found the error #N/A",
          },
        ],
        warnings: [],
      });
      expect(run.stderr).toContain(
        "SEND_Expenditure!C7: expected a number, found text 'tbc' (sheet 'Revised Forecast')\n"
      );
      expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    },
    60_000
  );

  test("npm run forecast without --silent prints npm's banner first: the form to read, not to pipe", async () => {
    const run = await spawn("npm", ["run", "forecast", "--", "--no-write"], ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^\n> send-forecaster@[^\n]* forecast\n> node build\/cli\/forecast\.js --no-write\n\nRevised Forecast: DSG High Needs Block/
    );
    const direct = await runChild(["--no-write"], dir);
    expect(run.stdout.endsWith(direct.stdout)).toBe(true);
  }, 60_000);
});

describe("the input is never the output", () => {
  test("--out naming the input, by another path or through a link, is refused with exit 1 and the input untouched", async () => {
    const input = path.join(dir, "council.xlsx");
    copyFileSync(EXAMPLE, input);
    symlinkSync(input, path.join(dir, "link.xlsx"));
    const before = sha256(input);
    for (const out of ["council.xlsx", "./sub/../council.xlsx", path.join(dir, "link.xlsx")]) {
      const run = await runInProcess(["council.xlsx", "--out", out], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Refusing to write the output over the input .*council\.xlsx; give another file with --out\.\n$/
      );
      expect(run.stdout).toBe("");
    }
    expect(sha256(input)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["council.xlsx", "link.xlsx"]);
  });

  test("--out naming a folder, a link, a named pipe or a device is refused with exit 1, and each is left as it was", async () => {
    const input = path.join(dir, "council.xlsx");
    copyFileSync(EXAMPLE, input);
    mkdirSync(path.join(dir, "folder"));
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    symlinkSync(path.join(dir, "pipe"), path.join(dir, "to-pipe.xlsx"));
    writeFileSync(path.join(dir, "other.xlsx"), "kept");
    symlinkSync(path.join(dir, "other.xlsx"), path.join(dir, "to-other.xlsx"));
    const cases: [string, string][] = [
      ["folder", "a folder"],
      ["pipe", "a named pipe"],
      ["to-pipe.xlsx", "a symbolic link"],
      ["to-other.xlsx", "a symbolic link"],
      ["/dev/null", "a device"],
    ];
    for (const [out, kind] of cases) {
      const run = await runInProcess(["council.xlsx", "--out", out], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `Refusing to write the output to ${path.resolve(dir, out)}: it is ${kind}, not a regular file; give a file name with --out.\n`
      );
    }
    expect(lstatSync(path.join(dir, "pipe")).isFIFO()).toBe(true);
    expect(lstatSync(path.join(dir, "to-pipe.xlsx")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, "other.xlsx"), "utf8")).toBe("kept");
    expect(readdirSync(dir).sort()).toEqual(
      ["council.xlsx", "folder", "other.xlsx", "pipe", "to-other.xlsx", "to-pipe.xlsx"].sort()
    );
  });

  test("the default output is the input's name with -forecast, in the current folder", () => {
    expect(defaultOutputName("/data/Budget 2025.xlsx")).toBe("Budget 2025-forecast.xlsx");
  });
});

describe("anything else is exit 1 with a plain message", () => {
  test("a missing file, a file that is not a workbook, an unknown option", async () => {
    writeFileSync(path.join(dir, "notes.xlsx"), "not a zip");
    const missing = await runInProcess(["nope.xlsx"], dir);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cannot read ${path.join(dir, "nope.xlsx")}: no such file\n`,
    });
    const garbage = await runInProcess(["notes.xlsx"], dir);
    expect(garbage).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cannot read ${path.join(dir, "notes.xlsx")}: not an .xlsx workbook\n`,
    });
    const option = await runInProcess(["--frobnicate"], dir);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^unknown option --frobnicate\n\nUsage: npm run forecast/);
    expect(readdirSync(dir)).toEqual(["notes.xlsx"]);
  });
  test("with --json, stdout is one object with the same message", async () => {
    writeFileSync(path.join(dir, "notes.xlsx"), "not a zip");
    const missing = await runInProcess(["nope.xlsx", "--json"], dir);
    const message = `Cannot read ${path.join(dir, "nope.xlsx")}: no such file`;
    expect(missing).toEqual({
      code: 1,
      stdout: `${JSON.stringify({ ok: false, error: message })}\n`,
      stderr: `${message}\n`,
    });
    const garbage = await runChild(["notes.xlsx", "--json"], dir);
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout)).toEqual({
      ok: false,
      error: `Cannot read ${path.join(dir, "notes.xlsx")}: not an .xlsx workbook`,
    });
    const option = await runInProcess(["--json", "--frobnicate"], dir);
    expect(option.code).toBe(1);
    expect(JSON.parse(option.stdout)).toEqual({ ok: false, error: "unknown option --frobnicate" });
    expect(readdirSync(dir)).toEqual(["notes.xlsx"]);
  }, 60_000);
});

describe("every scenario in the report and in --json", () => {
  test("--json gives each scenario's EHCPs and INMSS by forecast year, the 31 March figures those of its months", async () => {
    const run = await runInProcess([EXAMPLE, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    for (const id of ["unmitigated", "mitigated", "riskAdjusted"]) {
      const yearly = json.ledgers[id].yearly as {
        year: string;
        closingEhcps: number;
        averageEhcps: number;
        closingInmss: number;
      }[];
      const months: string[] = json.scenarios[id].months;
      expect(yearly.map((y) => y.year)).toEqual(WILTSHIRE_YEARS.slice(1));
      let checked = 0;
      for (const y of yearly) {
        const march = months.indexOf(`${Number(y.year.slice(0, 4)) + 1}-03`);
        if (march < 0) continue;
        expect(y.closingEhcps).toBe(json.scenarios[id].ehcps[march]);
        expect(y.closingInmss).toBe(json.scenarios[id].inmss[march]);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(6);
    }
    const last = (id: string) => json.ledgers[id].yearly.at(-1).averageEhcps as number;
    expect(last("unmitigated")).toBeGreaterThan(last("riskAdjusted"));
    expect(last("riskAdjusted")).toBeGreaterThan(last("mitigated"));
  });

  test("the text report prints a line per scenario after the deficit table; without cost lines they are the same ledger, and it says so", async () => {
    const run = await runInProcess([EXAMPLE, "--no-write"], dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Scenarios (£'000"));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith("Total Deficit Balance")));
    expect(lines.slice(at + 1, at + 4).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
      "Unmitigated",
      "Mitigated",
      "Risk-adjusted",
    ]);
    expect(lines[at + 2]).toMatch(
      /balances 2030\/31, residual 123,3\d\d; peak 131,2\d\d in 2027\/28; in-year FAIL, cap PASS/
    );
    // The example prices its levers, so its scenarios' ledgers differ ...
    expect(lines[at + 4]).not.toContain("The three ledgers are the same");
    // ... and without its cost lines they are the supplied table, and the report says so.
    const unpriced = path.join(dir, "unpriced.xlsx");
    writeFileSync(unpriced, await spoiledExample(withoutCosts));
    const bare = (await runInProcess([unpriced, "--no-write"], dir)).stdout.split("\n");
    const from = bare.findIndex((l) => l.startsWith("Scenarios (£'000"));
    expect(bare[from + 4]).toContain("The three ledgers are the same");
  });

  test("with a Change line the scenarios' lines differ: the unmitigated one never balances", async () => {
    const listed = runForecast(WILTSHIRE);
    if (!listed.ok) throw new Error("the example does not run");
    const averages = WILTSHIRE.years.map(
      (y) => listed.value.scenarios.mitigated.years.find((s) => s.year === y)?.averageEhcps ?? null
    );
    const input = path.join(dir, "council.xlsx");
    writeFileSync(input, await spoiledExample(withCostsSheet("Change", [["EHCPs", averages]])));
    const run = await runInProcess([input, "--no-write"], dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Scenarios (£'000"));
    const closingOf = (line: string) =>
      Number(
        line
          .trim()
          .split(/\s{2,}/)[1]
          .split(";")[0]
          .replace(/,/g, "")
      );
    expect(lines[at + 1]).toMatch(/^ {2}Unmitigated .*no balance year/);
    expect(closingOf(lines[at + 1])).toBeGreaterThan(closingOf(lines[at + 2]));
    expect(lines[at + 4]).not.toContain("The three ledgers are the same");
  });
});

describe("the text report says what each intervention is worth", () => {
  test("on the example: largest first by £ to the target year, then the sum, all together and the interaction", async () => {
    const run = await runInProcess([EXAMPLE, "--no-write"], dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("What each intervention is worth"));
    expect(at).toBeGreaterThan(0);
    const rows = lines.slice(at + 1, at + 1 + WILTSHIRE.interventions!.length + 3).map((l) => {
      const [name, pounds, plans, inmss] = l.trim().split(/\s{2,}/);
      const n = (t: string) => Number(t.replace(/,/g, "").replace("−", "-"));
      return { name, pounds: n(pounds), plans: n(plans), inmss: n(inmss) };
    });
    const parts = rows.slice(0, -3);
    expect(parts.map((r) => r.name).sort()).toEqual(
      WILTSHIRE.interventions!.map((iv) => iv.name).sort()
    );
    for (let k = 1; k < parts.length; k++)
      expect(parts[k - 1].pounds).toBeGreaterThanOrEqual(parts[k].pounds);
    expect(rows.slice(-3).map((r) => r.name)).toEqual([
      "Sum of the interventions",
      "All together",
      "Interaction (difference)",
    ]);
    expect(lines[at + 1 + rows.length]).toMatch(/^ {2}Effects interact/);
    // Early Years ESA's £ to 2028/29, from two plain runs: expenditure without it less expenditure with all.
    const all = runForecast(WILTSHIRE);
    const without = runForecast({
      ...WILTSHIRE,
      interventions: WILTSHIRE.interventions!.filter((iv) => iv.name !== "Early Years ESA"),
    });
    if (!all.ok || !without.ok) throw new Error("Wiltshire does not forecast");
    const upTo = all.value.ledger.years.indexOf("2028/29");
    const avoided = all.value.ledger.expenditure
      .slice(0, upTo + 1)
      .reduce((sum, e, k) => sum + without.value.ledger.expenditure[k] - e, 0);
    expect(rows.find((r) => r.name === "Early Years ESA")!.pounds).toBe(Math.round(avoided));
  });
});

describe("--json gives what each intervention is worth", () => {
  test("on the example: a row per intervention as listed, the sum, all together, the interaction and the note", async () => {
    const run = await runInProcess([EXAMPLE, "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const v = JSON.parse(run.stdout).interventionValues;
    expect(Object.keys(v)).toEqual([
      "years",
      "targetYear",
      "interventions",
      "sumOfParts",
      "whole",
      "interaction",
      "note",
    ]);
    expect(v.years).toEqual(WILTSHIRE_YEARS);
    expect(v.targetYear).toBe("2028/29");
    expect(v.interventions.map((iv: { name: string }) => iv.name)).toEqual(
      WILTSHIRE.interventions!.map((iv) => iv.name)
    );
    expect(Object.keys(v.whole)).toEqual([
      "ehcpsAvoided",
      "inmssAvoided",
      "costAvoided",
      "ehcpsAvoidedInTarget",
      "inmssAvoidedInTarget",
      "costAvoidedToTarget",
    ]);
    expect(v.note).toMatch(/^Effects interact/);
    // Early Years ESA's plans avoided: the model without it less the model with all, run here.
    const all = runForecast(WILTSHIRE);
    const without = runForecast({
      ...WILTSHIRE,
      interventions: WILTSHIRE.interventions!.filter((iv) => iv.name !== "Early Years ESA"),
    });
    if (!all.ok || !without.ok) throw new Error("Wiltshire does not forecast");
    const average = (r: typeof all.value): number =>
      r.scenarios.mitigated.years.find((y) => y.year === "2028/29")!.averageEhcps;
    const esa = v.interventions.find((iv: { name: string }) => iv.name === "Early Years ESA");
    expect(esa.ehcpsAvoidedInTarget).toBeCloseTo(average(without.value) - average(all.value), 6);
    expect(v.sumOfParts.ehcpsAvoidedInTarget + v.interaction.ehcpsAvoidedInTarget).toBeCloseTo(
      v.whole.ehcpsAvoidedInTarget,
      9
    );
  });
});

describe("against the original plan (SEND_OriginalPlan)", () => {
  const IN_YEAR =
    "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan";
  const RESIDUAL = "Residual deficit £123.4m, up from £70.3m in the original plan";

  async function council(): Promise<string> {
    const file = path.join(dir, "council.xlsx");
    writeFileSync(file, Buffer.from(await buildExampleWorkbook(WILTSHIRE).xlsx.writeBuffer()));
    return file;
  }

  test("--json gives each figure's row and the report's sentences", async () => {
    const run = await runInProcess([await council(), "--json", "--no-write"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.originalPlan.sentences).toEqual([
      IN_YEAR,
      "Total deficit balance 2028/29: £123.0m, £52.7m more than the £70.3m in the original plan",
      RESIDUAL,
    ]);
    expect(json.originalPlan.rows[0]).toMatchObject({
      measure: "inYear",
      year: "2024/25",
      plan: 28250,
    });
    expect(json.originalPlan.rows[0].difference).toBeCloseTo(json.ledger.inYear[1] - 28250, 9);
  });

  test("the text report says them under the conditions; a workbook without the input has none", async () => {
    const run = await runInProcess([await council(), "--no-write"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Against the original plan:\n  ${IN_YEAR}\n`);
    expect(run.stdout).toContain(`  ${RESIDUAL}\n`);
    const plain = path.join(dir, "plain.xlsx");
    const noPlan = buildExampleWorkbook({ ...WILTSHIRE, originalPlan: undefined });
    writeFileSync(plain, Buffer.from(await noPlan.xlsx.writeBuffer()));
    const text = await runInProcess([plain, "--no-write"], dir);
    expect(text.stdout).not.toContain("original plan");
    const json = JSON.parse((await runInProcess([plain, "--json", "--no-write"], dir)).stdout);
    expect(json.originalPlan).toBeNull();
  });
});

describe("what the copy leaves out, and an interrupted write", () => {
  const OPENPYXL = path.join(ROOT, "test", "fixtures", "python", "openpyxl.xlsx");

  test("a workbook with a chart: the report and --json list it by sheet; --no-write lists nothing", async () => {
    copyFileSync(OPENPYXL, path.join(dir, "council.xlsx"));
    const text = await runInProcess(["council.xlsx"], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      "The copy leaves out what it cannot write (the input keeps them):\n  'Chart': 1 chart\n  'Trend': 1 chart sheet\n"
    );
    const json = await runInProcess(["council.xlsx", "--json", "--out", "copy.xlsx"], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).dropped).toEqual([
      { sheet: "Chart", kind: "chart", count: 1 },
      { sheet: "Trend", kind: "chart sheet", count: 1 },
    ]);
    const none = await runInProcess(["council.xlsx", "--json", "--no-write"], dir);
    expect(JSON.parse(none.stdout).dropped).toEqual([]);
    const example = await runInProcess([EXAMPLE, "--json", "--out", "example.xlsx"], dir);
    expect(JSON.parse(example.stdout).dropped).toEqual([]);
  });

  test.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)(
    "%s during the write removes the temporary file and exits %d",
    async (signal, expected) => {
      const input = path.join(dir, "council.xlsx");
      copyFileSync(EXAMPLE, input);
      const before = sha256(input);
      // Test-only hook: the program waits once its temporary file is written, before the rename.
      const child = spawnChild(process.execPath, [BUILT, "council.xlsx", "--out", "out.xlsx"], {
        cwd: dir,
        env: { ...process.env, INIT_CWD: dir, SEND_FORECAST_TEST_HOLD_TEMP_MS: "60000" },
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      const temp = (): string[] => readdirSync(dir).filter((f) => f.endsWith(".tmp"));
      for (let i = 0; i < 600 && temp().length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(temp()).toHaveLength(1);
      expect(temp()[0]).toMatch(/^\.out\.xlsx\..*\.tmp$/);
      child.kill(signal);
      expect(await exited).toBe(expected);
      expect(readdirSync(dir)).toEqual(["council.xlsx"]);
      expect(sha256(input)).toBe(before);
    },
    60_000
  );
});
