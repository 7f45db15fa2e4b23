/**
 * A made-up council's workbook, built with ExcelJS as a finance officer lays
 * one out, run through the command line: each input that used to give a
 * confident wrong answer now gives the right figures or a problem naming its
 * cell and what to do.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/forecast";
import { OUTPUT_SHEET } from "../../src/workbook/port";
import { loadExcelJs, tempDir } from "../fixtures/xlsx-files";

const YEARS = ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"];
/** Northshire's requests for assessment a month. */
const REQUESTS = 72.56;

interface Council {
  lever?: string;
  impact?: number;
  impactFormat?: string;
  status?: string;
  /** The intervention table's headers, in place of the contract's own. */
  headers?: string[];
  /** SEND_Settings' rows (key, value); undefined: no SEND_Settings at all. */
  settings?: [string, string | number | boolean][];
  openingDeficit?: number;
}

/** Northshire: one intervention, five years of two provision lines, the High Needs Block. */
async function northshire(c: Council = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const inputs = wb.addWorksheet("Inputs");
  const baseline: [string, number | string][] = [
    ["RequestsPerMonth", REQUESTS],
    ["NoToAssessRate", 0.12],
    ["NoToIssueRate", 0.04],
    ["CeasedPerMonth", 30],
    ["TransfersInPerMonth", 2],
    ["OpeningEHCPs", 4000],
    ["ForecastStart", "2025-04"],
    ["INMSSPlacements", 200],
    ["INMSSAnnualGrowth", 20],
    ["LagMonths", 0],
  ];
  baseline.forEach(([k, v], i) => {
    inputs.getCell(i + 1, 1).value = k;
    inputs.getCell(i + 1, 2).value = v;
  });
  wb.definedNames.add(`Inputs!$A$1:$B$${baseline.length}`, "SEND_Baseline");

  const iv = wb.addWorksheet("Interventions");
  const headers = c.headers ?? ["Name", "Lever", "Impact", "Start", "Status", "Confidence"];
  iv.addRow(headers);
  iv.addRow([
    "Front door",
    c.lever ?? "Requests %",
    c.impact ?? 0.1,
    "2025-04",
    c.status ?? "New",
    0.5,
  ]);
  iv.getCell("C2").numFmt = c.impactFormat ?? "0%";
  wb.definedNames.add("Interventions!$A$1:$F$2", "SEND_Interventions");

  const money = wb.addWorksheet("Money");
  money.addRow(["Provision", ...YEARS]);
  money.addRow(["Special Schools", 30000, 32000, 34000, 36000, 38000]);
  money.addRow(["Independent Special Schools", 20000, 21000, 22000, 23000, 24000]);
  wb.definedNames.add("Money!$A$1:$F$3", "SEND_Expenditure");
  money.addRow([]);
  money.addRow(["Funding", ...YEARS]);
  money.addRow(["High Needs Block", -45000, -47000, -49000, -51000, -53000]);
  wb.definedNames.add("Money!$A$5:$F$6", "SEND_Funding");
  money.getCell("A8").value = "Deficit brought forward";
  money.getCell("B8").value = c.openingDeficit ?? 12000;
  wb.definedNames.add("Money!$B$8", "SEND_OpeningDeficit");

  if (c.settings) {
    const s = wb.addWorksheet("Settings");
    c.settings.forEach(([k, v], i) => {
      s.getCell(i + 1, 1).value = k;
      s.getCell(i + 1, 2).value = v;
    });
    wb.definedNames.add(`Settings!$A$1:$B$${c.settings.length}`, "SEND_Settings");
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every setting given: an agreement with its cap and target year. */
const ALL_SET: [string, string | number][] = [
  ["BalanceTargetYear", "2027/28"],
  ["DeficitCap", 40000],
  ["DeficitCapYear", "2025/26"],
  ["SafetyValve", "Yes"],
];

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

async function run(council: Council, extra: string[] = ["--no-write"]) {
  const file = path.join(dir, "northshire.xlsx");
  writeFileSync(file, await northshire(council));
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const json = await main([file, "--json", ...extra], { ...io, cwd: dir, interactive: false });
  const jsonOut = JSON.parse(stdout);
  stdout = "";
  const text = await main([file, "--no-write"], { ...io, cwd: dir, interactive: false });
  expect(text).toBe(json);
  return { code: json, json: jsonOut, text: stdout, stderr };
}

type Problem = { field: string; sheet: string; cell: string; message: string };
type Warning = Problem & { code: string };

describe("levers and statuses are read strictly, through their aliases only", () => {
  test('"Requests %" is a 10% cut in requests: target requests = baseline × (1 − 10%)', async () => {
    const { code, json } = await run({ lever: "Requests %", settings: ALL_SET });
    expect(code).toBe(0);
    // By hand: 72.56 × 0.9 = 65.304 (not 72.56 − 0.1 = 72.46).
    expect(json.target.requests).toBeCloseTo(65.304, 9);
  });

  test("an alias matches whatever its case and spacing", async () => {
    const { code, json } = await run({ lever: "requests  %", settings: ALL_SET });
    expect(code).toBe(0);
    expect(json.target.requests).toBeCloseTo(65.304, 9);
  });

  test("Requests with a %-formatted impact is ambiguous: a problem at the Impact cell naming RequestsPct", async () => {
    const { code, json } = await run({ lever: "Requests", impact: 0.1, settings: ALL_SET });
    expect(code).toBe(2);
    expect(json.problems).toEqual([
      {
        field: "SEND_Interventions",
        sheet: "Interventions",
        cell: "C2",
        message:
          "expected a number for Requests (requests a month fewer), found 10%, a percentage: for a share of the baseline, set the Lever to RequestsPct ('Requests %'); for a number, format the cell as a number",
      },
    ]);
  });

  test("Requests with a number-formatted impact is that many requests a month fewer", async () => {
    const { code, json } = await run({
      lever: "Requests",
      impact: 7,
      impactFormat: "0",
      settings: ALL_SET,
    });
    expect(code).toBe(0);
    expect(json.target.requests).toBeCloseTo(REQUESTS - 7, 9);
  });

  test('"Paused" pauses the intervention: the target is the baseline', async () => {
    const { code, json } = await run({ status: "Paused", settings: ALL_SET });
    expect(code).toBe(0);
    expect(json.target.requests).toBeCloseTo(REQUESTS, 9);
  });

  test.each([
    ["lever", { lever: "Requests#" }, "B2", "expected one of Requests (or"],
    ["lever", { lever: "Request" }, "B2", "RequestsPct (or 'Requests %'"],
    ["status", { status: "Pasued" }, "E2", "Pause (or 'Paused', 'Pausing')"],
  ])(
    "any other %s text is a problem at its cell listing the choices",
    async (_what, council, cell, listed) => {
      const { code, json } = await run({ ...council, settings: ALL_SET });
      expect(code).toBe(2);
      expect(json.problems).toHaveLength(1);
      expect(json.problems[0]).toMatchObject({ sheet: "Interventions", cell });
      expect(json.problems[0].message).toContain(listed);
    }
  );
});

describe("settings not given are assumptions, said so wherever the figures are", () => {
  test("without SEND_Settings the defaults are warnings, beside the conditions and on the output sheet", async () => {
    const out = path.join(dir, "out.xlsx");
    const { code, json, text } = await run({}, ["--out", out]);
    expect(code).toBe(0);
    const assumed = (json.warnings as Warning[]).filter((w) => w.code === "assumedSetting");
    expect(assumed.map((w) => w.message)).toEqual([
      "assumed: a Safety Valve agreement, so its conditions are assessed — set SafetyValve (Yes or No) in SEND_Settings",
      "assumed: in-year balance by 2028/29 — set BalanceTargetYear in SEND_Settings",
      "assumed: cap 84,500 in 2024/25 — set DeficitCap and DeficitCapYear in SEND_Settings",
    ]);
    expect(assumed.every((w) => w.field === "SEND_Settings" && w.cell === "")).toBe(true);
    expect(json.settings.assumptions).toEqual(assumed.map((w) => w.message));
    // The text report states them right under the conditions they decide.
    const conditions = text.slice(text.indexOf("Safety Valve conditions:"));
    expect(conditions).toMatch(
      /In-year balance from 2028\/29: (PASS|FAIL)[^\n]*\n {2}Deficit within the cap of 84,500 in 2024\/25: (PASS|FAIL)[^\n]*\n {2}assumed: a Safety Valve agreement/
    );
    expect(conditions).toContain(
      "  assumed: cap 84,500 in 2024/25 — set DeficitCap and DeficitCapYear in SEND_Settings\n"
    );
    // The output sheet too.
    const sheet = (await loadExcelJs(out)).getWorksheet(OUTPUT_SHEET)!;
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts).toContain(
      "Assumed: cap 84,500 in 2024/25 — set DeficitCap and DeficitCapYear in SEND_Settings"
    );
  });

  test("every setting given: no assumption, both conditions as before", async () => {
    const { code, json } = await run({ settings: ALL_SET });
    expect(code).toBe(0);
    expect((json.warnings as Warning[]).map((w) => w.code)).not.toContain("assumedSetting");
    expect(json.settings.assumptions).toEqual([]);
    expect(json.conditionsAbsent).toBeNull();
    // By hand: in-year 2027/28 = 36,000 + 23,000 − 51,000 = 8,000 > 0, failing the target year;
    // 2025/26 closing = 12,000 + (50,000 − 45,000) + (53,000 − 47,000) = 23,000 ≤ 40,000.
    expect(json.conditions).toEqual([
      { id: "inYearBalance", pass: false, year: "2027/28", value: 36000 + 23000 - 51000 },
      { id: "deficitCap", pass: true, year: "2025/26", value: 23000 },
    ]);
  });

  test("SafetyValve No: no conditions anywhere, the ledger and balance year still given", async () => {
    const out = path.join(dir, "out.xlsx");
    const { code, json, text } = await run(
      {
        settings: [
          ["BalanceTargetYear", "2027/28"],
          ["SafetyValve", "No"],
        ],
      },
      ["--out", out]
    );
    expect(code).toBe(0);
    expect(json.conditions).toBeNull();
    expect(json.conditionsAbsent).toMatch(/^no Safety Valve agreement/);
    for (const id of ["unmitigated", "mitigated", "riskAdjusted"])
      expect(json.ledgers[id].conditions).toBeNull();
    // Nothing assumed: the cap is not used without an agreement.
    expect((json.warnings as Warning[]).map((w) => w.code)).not.toContain("assumedSetting");
    // By hand: closing 2028/29 = 12,000 + Σ (lines − HNB) = 12,000 + 5,000 + 6,000 + 7,000 + 8,000 + 9,000.
    expect(json.ledger.closing[4]).toBe(47000);
    expect(json.balanceYear).toBeNull();
    expect(text).toContain("Safety Valve conditions: none — no Safety Valve agreement");
    expect(text).not.toMatch(/PASS|FAIL/);
    const sheet = (await loadExcelJs(out)).getWorksheet(OUTPUT_SHEET)!;
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts).not.toContain("Pass");
    expect(texts).not.toContain("Fail");
    expect(texts.some((t) => /deficit cap|within the cap/i.test(t))).toBe(false);
    expect(texts).toContain("Safety Valve conditions");
  });

  test.each([
    ["True", 2],
    ["n", 0],
    [false, 0],
  ])("SafetyValve %s is read as Yes or No", async (value, conditions) => {
    const { code, json } = await run({
      settings: [...ALL_SET.slice(0, 3), ["SafetyValve", value]],
    });
    expect(code).toBe(0);
    expect(json.conditions?.length ?? 0).toBe(conditions);
  });

  test("a SafetyValve that is neither Yes nor No is a problem at its cell", async () => {
    const { code, json } = await run({
      settings: [...ALL_SET.slice(0, 3), ["SafetyValve", "Maybe"]],
    });
    expect(code).toBe(2);
    expect(json.problems).toEqual([
      expect.objectContaining({ field: "SEND_Settings", sheet: "Settings", cell: "B4" }),
    ]);
    expect(json.problems[0].message).toMatch(/^expected Yes or No .*found text 'Maybe'$/);
  });

  test("a misspelt settings key is a problem naming the key meant, not a default applied", async () => {
    const { code, json } = await run({
      settings: [["DefcitCap", 40000], ...ALL_SET.slice(2)],
    });
    expect(code).toBe(2);
    expect(json.problems).toEqual([
      {
        field: "SEND_Settings",
        sheet: "Settings",
        cell: "A1",
        message:
          "expected a key of SEND_Settings, found 'DefcitCap': did you mean DeficitCap? Rename the key to DeficitCap",
      },
    ]);
  });
});

describe("a negative opening deficit", () => {
  test("is read as a surplus brought forward, with a warning at its cell", async () => {
    const { code, json } = await run({ openingDeficit: -5000, settings: ALL_SET });
    expect(code).toBe(0);
    expect(json.ledger.opening[0]).toBe(-5000);
    expect((json.warnings as Warning[]).filter((w) => w.code === "surplusBroughtForward")).toEqual([
      {
        code: "surplusBroughtForward",
        field: "SEND_OpeningDeficit",
        sheet: "Money",
        cell: "B8",
        message:
          "opening balance \u22125,000 is read as a surplus brought forward; a deficit is entered as a positive number",
      },
    ]);
  });

  test("a positive one is not warned of", async () => {
    const { json } = await run({ settings: ALL_SET });
    expect((json.warnings as Warning[]).map((w) => w.code)).not.toContain("surplusBroughtForward");
  });
});

describe("a misspelt or unknown header is a problem at its cell, never ignored", () => {
  const standard = ["Name", "Lever", "Impact", "Start", "Status", "Confidence"];
  const withHeader = (k: number, header: string) => standard.map((h, j) => (j === k ? header : h));

  test.each([
    ["Stauts", "Status", 4, "E1"],
    ["Confidnce", "Confidence", 5, "F1"],
    ["Strat", "Start", 3, "D1"],
  ])("%s suggests %s", async (header, meant, k, cell) => {
    const { code, json } = await run({ headers: withHeader(k, header), settings: ALL_SET });
    expect(code).toBe(2);
    const at = (json.problems as Problem[]).filter((p) => p.cell === cell);
    expect(at).toEqual([
      {
        field: "SEND_Interventions",
        sheet: "Interventions",
        cell,
        message: `expected a column header of SEND_Interventions, found '${header}': did you mean ${meant}? Rename the header to ${meant}`,
      },
    ]);
  });

  test("Ramp Mnths suggests RampMonths", async () => {
    const { code, json } = await run({ headers: withHeader(5, "Ramp Mnths"), settings: ALL_SET });
    expect(code).toBe(2);
    expect(json.problems[0].message).toContain("did you mean RampMonths?");
  });

  test("a column of the council's own headed Notes, or starting with #, is left alone", async () => {
    for (const own of ["Notes", "# Owner"]) {
      const { code, json } = await run({ headers: withHeader(5, own), settings: ALL_SET });
      expect(code).toBe(0);
      expect(json.target.requests).toBeCloseTo(65.304, 9);
    }
  });

  test("any other header is a problem that lists the columns and how to keep one's own", async () => {
    const { code, json } = await run({
      headers: withHeader(5, "Lead directorate"),
      settings: ALL_SET,
    });
    expect(code).toBe(2);
    expect(json.problems).toEqual([
      {
        field: "SEND_Interventions",
        sheet: "Interventions",
        cell: "F1",
        message:
          "expected a column header of SEND_Interventions (Name, Lever, Impact, Start, RampMonths, Status, Confidence), found 'Lead directorate': rename it to the column it is, or, to keep it as a column of your own, head it Notes or Comments, or start its header with #",
      },
    ]);
  });
});
