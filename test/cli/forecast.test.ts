import { execFile } from "child_process";
import { copyFileSync, existsSync, readdirSync, symlinkSync, writeFileSync } from "fs";
import * as path from "path";
import { promisify } from "util";
import { main, defaultOutputName } from "../../src/cli/forecast";
import { WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { SPOILS, spoiledExample } from "../fixtures/bad-workbooks";
import { EXAMPLE, sha256, tempDir } from "../fixtures/xlsx-files";

const ROOT = path.join(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const CLI = path.join(ROOT, "src", "cli", "forecast.ts");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runInProcess(args: string[], cwd: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, interactive: false });
  return { code, stdout, stderr };
}

/** The command as a user runs it: a separate Node process. */
async function runChild(args: string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...args], { cwd, env: { ...process.env, INIT_CWD: cwd } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

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
    row("Total Deficit Balance").forEach((v, k) => expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3));
    row("In Year Surplus (-)/Deficit (+)").forEach((v, k) => expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3));
    expect(lines.some((l) => l.startsWith("Total Expenditure"))).toBe(true);
    expect(run.stdout).toContain("Balance year: 2030/31");
    expect(run.stdout).toMatch(/In-year balance from 2028\/29: FAIL \(2028\/29 in-year deficit 5,119\)/);
    expect(run.stdout).toMatch(/Deficit within the cap of 84,500 in 2024\/25: PASS \(deficit 66,23\d\)/);
    expect(readdirSync(dir)).toEqual(["SEND-Forecaster-Example-forecast.xlsx"]);
    expect(sha256(EXAMPLE)).toBe(before);
  }, 60_000);

  test("--json prints one object with the documented keys and nothing else", async () => {
    const run = await runChild(["--json", "--out", "out.xlsx"], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual([
      "years",
      "lines",
      "ledger",
      "balanceYear",
      "residualDeficit",
      "peakYear",
      "peakDeficit",
      "conditions",
      "baseline",
      "target",
      "scenarios",
      "warnings",
    ]);
    expect(json.years).toEqual(WILTSHIRE_YEARS);
    expect(Object.keys(json.lines)).toHaveLength(9);
    expect(Object.keys(json.ledger)).toEqual(["expenditure", "highNeedsBlock", "blockTransfer", "inYear", "otherBlocks", "safetyValve", "opening", "closing"]);
    expect(json.ledger.opening[0]).toBe(35214);
    expect(json.balanceYear).toBe("2030/31");
    expect(json.peakYear).toBe("2027/28");
    expect(Math.abs(json.peakDeficit - 131282)).toBeLessThanOrEqual(3);
    expect(json.conditions.map((c: { id: string; pass: boolean; year: string }) => [c.id, c.pass, c.year])).toEqual([
      ["inYearBalance", false, "2028/29"],
      ["deficitCap", true, "2024/25"],
    ]);
    expect(Object.keys(json.conditions[0])).toEqual(["id", "pass", "year", "value"]);
    expect(Object.keys(json.baseline)).toEqual(["requests", "noToAssessRate", "noToIssueRate", "ceased", "netAnnualGrowth"]);
    // Unrounded: 97 × 0.88 × 0.961 − 29, twelve times, is 636.37152.
    expect(json.baseline.netAnnualGrowth).toBeCloseTo(636.37152, 8);
    expect(json.target).toMatchObject({ month: "2026-04", requests: 66, noToAssessRate: 0.25, noToIssueRate: 0.05, ceased: 44 });
    expect(json.target.netAnnualGrowth).toBeCloseTo(36.3, 8);
    expect(Object.keys(json.scenarios)).toEqual(["unmitigated", "mitigated", "riskAdjusted"]);
    for (const s of Object.values(json.scenarios) as { months: string[]; ehcps: number[]; inmss: number[] }[]) {
      expect(s.months[0]).toBe("2025-01");
      expect(s.ehcps).toHaveLength(s.months.length);
      expect(s.inmss).toHaveLength(s.months.length);
    }
    expect(json.warnings.some((w: string) => w.includes("Total Expenditure"))).toBe(true);
    expect(existsSync(path.join(dir, "out.xlsx"))).toBe(true);
  }, 60_000);
});

describe("bad input: exit 2, every problem as NAME!CELL: message, nothing written, input untouched", () => {
  const expected: Record<keyof typeof SPOILS, string> = {
    "a missing required name":
      "SEND_OpeningDeficit: expected a named range or table called SEND_OpeningDeficit, holding the deficit brought forward into the first year (£'000); none found",
    "text in a number cell": "SEND_Expenditure!C7: expected a number, found text 'tbc'",
    "an #N/A cell": "SEND_Funding!D18: expected a number, found the error #N/A",
    "a rate typed as 12": "SEND_Baseline!B6: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12",
    "a year column missing in SEND_Funding":
      "SEND_Funding: expected a column for 2030/31, as in SEND_Expenditure; found 2023/24, 2024/25, 2025/26, 2026/27, 2027/28, 2028/29 and 2029/30",
    "a duplicate expenditure label": "SEND_Expenditure!A10: expected each provision label once, found 'Special Schools' again (first at A8)",
    "an output sheet name used by a sheet that is not the add-in's": "SEND Forecast: a sheet of this name exists and is not the add-in's; rename it or delete it",
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
      await spoiledExample(SPOILS["text in a number cell"], SPOILS["an #N/A cell"], SPOILS["a rate typed as 12"], SPOILS["an output sheet name used by a sheet that is not the add-in's"]),
    );
    const before = sha256(input);
    const run = await runChild(["council.xlsx", "--json"], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n").sort()).toEqual(
      [expected["text in a number cell"], expected["an #N/A cell"], expected["a rate typed as 12"], expected["an output sheet name used by a sheet that is not the add-in's"]].sort(),
    );
    expect(readdirSync(dir)).toEqual(["council.xlsx"]);
    expect(sha256(input)).toBe(before);
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
      expect(run.stderr).toMatch(/^Refusing to write the output over the input .*council\.xlsx; give another file with --out\.\n$/);
      expect(run.stdout).toBe("");
    }
    expect(sha256(input)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["council.xlsx", "link.xlsx"]);
  });

  test("the default output is the input's name with -forecast, in the current folder", () => {
    expect(defaultOutputName("/data/Budget 2025.xlsx")).toBe("Budget 2025-forecast.xlsx");
  });
});

describe("anything else is exit 1 with a plain message", () => {
  test("a missing file, a file that is not a workbook, an unknown option", async () => {
    writeFileSync(path.join(dir, "notes.xlsx"), "not a zip");
    const missing = await runInProcess(["nope.xlsx"], dir);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: `Cannot read ${path.join(dir, "nope.xlsx")}: no such file\n` });
    const garbage = await runInProcess(["notes.xlsx"], dir);
    expect(garbage).toEqual({ code: 1, stdout: "", stderr: `Cannot read ${path.join(dir, "notes.xlsx")}: not an .xlsx workbook\n` });
    const option = await runInProcess(["--frobnicate"], dir);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^unknown option --frobnicate\n\nUsage: npm run forecast/);
    expect(readdirSync(dir)).toEqual(["notes.xlsx"]);
  });
});
